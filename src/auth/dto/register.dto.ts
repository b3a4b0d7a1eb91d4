import {
  EmailField,
  FullNameField,
  PasswordField,
  UsernameField,
} from '../../users/user-fields.js';

/** Accepts both source documents' bodies: ChatOps (`password_confirm`, `full_name`) and W.W.H.D. (`name`). */
export class RegisterDto {
  @EmailField()
  email: string;

  @UsernameField()
  username: string;

  @PasswordField(
    '8–72 bytes; upper, lower, digit and special character; not containing the username or email; not a common password (see PASSWORD_POLICY).',
  )
  password: string;

  @PasswordField('ChatOps: must equal `password` when given.', true)
  password_confirm?: string;

  @FullNameField('ChatOps name of the display name.')
  full_name?: string;

  @FullNameField('W.W.H.D. alias of `full_name`.')
  name?: string;
}
