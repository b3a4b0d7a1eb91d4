import { ApiProperty } from '@nestjs/swagger';
import { Text } from '../../common/fields.js';
import { EmailField, PasswordField } from '../../users/user-fields.js';

/** The secret of a mailed link (the part after `#token=`). Never echoed in a 422. */
const TokenField = () =>
  Text({
    min: 1,
    max: 200,
    description: 'The token from the link (the part after `#token=`).',
    example: 'q0Yk3…',
  });

export class EmailAddressDto {
  @EmailField()
  email: string;
}

export class AccountTokenDto {
  @TokenField()
  token: string;
}

export class ConfirmPasswordResetDto {
  @TokenField()
  token: string;

  @PasswordField('The new password; same policy as registration.')
  new_password: string;
}

/** The 202 of a request that may or may not send mail: the same for every address. */
export class AcceptedDto {
  @ApiProperty({ example: 'If that address has an account, a reset link is on its way' })
  detail: string;
}

export class DeleteAccountDto {
  @PasswordField('The password in use now.')
  password: string;

  @Text({
    max: 64,
    presence: 'optional',
    description:
      'With an authenticator app enabled: a current 6-digit code, or an unused recovery code (API.md §10).',
  })
  code?: string;
}
