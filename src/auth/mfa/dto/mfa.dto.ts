import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { Text } from '../../../common/fields.js';
import { PasswordField } from '../../../users/user-fields.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AuthenticationResponseDto } from './webauthn.dto.js';

export class PasswordProofDto {
  @PasswordField("The caller's password: adding or removing a factor needs it.")
  password: string;
}

export class TotpSetupDto {
  @ApiProperty({
    description:
      'Base32 secret (20 random bytes) for typing into the app by hand. Shown in this answer only.',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret: string;
  @ApiProperty({
    description: 'The same secret as an otpauth:// URL (issuer ChatOps) for a QR code.',
    example: 'otpauth://totp/ChatOps:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ChatOps',
  })
  otpauth_url: string;
}

export class TotpCodeDto {
  @Text({ min: 1, max: 32, description: 'A 6-digit code from the authenticator app.' })
  code: string;
}

export class TotpDisableDto {
  @PasswordField("The caller's password.")
  password: string;

  @Text({
    min: 1,
    max: 32,
    description: 'A current 6-digit code from the app, or one of the unused recovery codes.',
  })
  code: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: '10 single-use codes (`XXXXX-XXXXX`). Shown in this answer only.',
    example: ['K7QXM-2WHRP', 'ZT4NB-8JCVD'],
  })
  recovery_codes: string[];
}

export class MfaTokenDto {
  @Text({
    min: 1,
    max: 128,
    description: 'The `mfa_token` of the "Second factor required" answer (single use, 5 minutes).',
  })
  mfa_token: string;
}

export class MfaVerifyDto extends MfaTokenDto {
  @Text({ max: 32, presence: 'optional', description: 'A 6-digit code from the app.' })
  code?: string;

  @Text({ max: 64, presence: 'optional', description: 'One of the unused recovery codes.' })
  recovery_code?: string;

  @ApiPropertyOptional({
    type: AuthenticationResponseDto,
    description:
      'A passkey assertion answering the options of POST /auth/mfa/passkey/options for this mfa_token.',
  })
  @IsOptional()
  @IsObject({ message: 'Input should be a valid dictionary' })
  passkey?: AuthenticationResponseJSON;
}

/** The 401 of a correct password for an account with a second factor. */
export class SecondFactorRequiredDto {
  @ApiProperty({ example: 'Second factor required' })
  detail: string;
  @ApiProperty({ description: 'For POST /auth/mfa/verify: single use, valid 5 minutes.' })
  mfa_token: string;
  @ApiProperty({
    type: [String],
    enum: ['totp', 'recovery_code', 'passkey'],
    description: 'The factors this account can complete the sign-in with.',
  })
  methods: string[];
}

export class MfaStatusDto {
  @ApiProperty({ enum: ['none', 'pending', 'enabled'], description: 'The authenticator app.' })
  totp: 'none' | 'pending' | 'enabled';
  @ApiProperty({ description: 'Unused recovery codes left.' })
  recovery_codes_remaining: number;
  @ApiProperty({ description: 'Registered passkeys.' })
  passkeys: number;
}
