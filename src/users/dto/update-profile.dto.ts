import { EmailField, FullNameField, UsernameField } from '../user-fields.js';

export class UpdateProfileDto {
  @EmailField(true)
  email?: string;

  @UsernameField(true)
  username?: string;

  @FullNameField()
  full_name?: string;
}
