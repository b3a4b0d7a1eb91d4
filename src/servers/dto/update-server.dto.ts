import { ClearableTextField, ServerNameField, TagsField } from './server-fields.js';

/** Any subset of the fields; `hostname`/`description` set to `null` are cleared. */
export class UpdateServerDto {
  @ServerNameField(true)
  name?: string;

  @ClearableTextField(255, 'web-01.example.com', "The machine's host name; `null` clears it.")
  hostname?: string | null;

  @ClearableTextField(
    1000,
    'Front web server',
    'One line of text, up to 1000 characters; `null` clears it.',
  )
  description?: string | null;

  @TagsField()
  tags?: string[];
}
