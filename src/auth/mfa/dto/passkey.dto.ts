import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { IsObject, IsOptional } from 'class-validator';
import { Text } from '../../../common/fields.js';
import { SingleLineText } from '../../../common/text-hygiene.js';
import { PasswordField } from '../../../users/user-fields.js';
import { AuthenticationResponseDto, RegistrationResponseDto } from './webauthn.dto.js';

const OBJECT = { message: 'Input should be a valid dictionary' };

export class PasskeyRegisterDto {
  @ApiProperty({ type: RegistrationResponseDto, description: 'startRegistration()’s answer.' })
  @IsObject(OBJECT)
  response: RegistrationResponseJSON;

  @Text({
    max: 64,
    min: 1,
    trim: true,
    presence: 'optional',
    description: 'A name to tell it apart ("Laptop", "YubiKey"); default "Passkey N".',
  })
  @SingleLineText()
  name?: string;
}

export class PasskeyRenameDto {
  @Text({ min: 1, max: 64, trim: true, description: 'The new name.' })
  @SingleLineText()
  name: string;
}

export class PasskeyDeleteDto {
  @PasswordField("The caller's password: removing a factor needs it.")
  password: string;

  @ApiPropertyOptional({
    type: AuthenticationResponseDto,
    description:
      "Required when this is the account's last second factor: this passkey's assertion for the options of POST /auth/passkeys/confirm/options.",
  })
  @IsOptional()
  @IsObject(OBJECT)
  passkey?: AuthenticationResponseJSON;
}

export class PasskeyLoginDto {
  @ApiProperty({ type: AuthenticationResponseDto, description: 'startAuthentication()’s answer.' })
  @IsObject(OBJECT)
  response: AuthenticationResponseJSON;
}

export class PasskeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_used_at: string | null;
  @ApiProperty({
    enum: ['singleDevice', 'multiDevice'],
    description: 'multiDevice: a synced passkey.',
  })
  device_type: string;
  @ApiProperty({ description: 'Whether the authenticator says it is backed up (synced).' })
  backed_up: boolean;
  @ApiPropertyOptional({ type: [String], example: ['internal', 'hybrid'] }) transports: string[];
}

export class PasskeyListDto {
  @ApiProperty({ type: [PasskeyDto] }) items: PasskeyDto[];
}
