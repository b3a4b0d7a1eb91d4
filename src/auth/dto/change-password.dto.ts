import { PasswordField } from '../../users/user-fields.js';

export class ChangePasswordDto {
  @PasswordField('The password in use now.')
  current_password: string;

  @PasswordField('The new password; same policy as registration.')
  new_password: string;
}
