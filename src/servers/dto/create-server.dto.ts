import { ClearableTextField, ServerNameField, TagsField } from './server-fields.js';

export class CreateServerDto {
  @ServerNameField()
  name: string;

  @ClearableTextField(
    255,
    'web-01.example.com',
    "The machine's host name, for people (not checked).",
  )
  hostname?: string | null;

  @ClearableTextField(1000, 'Front web server', 'One line of text, up to 1000 characters.')
  description?: string | null;

  @TagsField()
  tags?: string[];
}
