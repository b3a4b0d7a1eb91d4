import { EmailField, FullNameField, PasswordField, UsernameField } from '../user-fields.js';

export class UpdateProfileDto {
  @EmailField(true)
  email?: string;

  @UsernameField(true)
  username?: string;

  @FullNameField()
  full_name?: string;

  @PasswordField(
    'Required with a new `email`: the password in use now. A wrong one counts against the login lock-out.',
    true,
  )
  current_password?: string;
}
