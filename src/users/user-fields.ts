import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  isEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { Omittable } from '../common/omittable.decorator.js';
import { SingleLineText } from '../common/text-hygiene.js';
import { Trim } from '../common/trim.decorator.js';

/** The field rules shared by registration and profile updates, in one place. */
const optionalIf = (optional: boolean) => (optional ? [Omittable()] : []);

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

export function UsernameField(optional = false) {
  return applyDecorators(
    ApiProperty({
      required: !optional,
      minLength: 3,
      maxLength: 32,
      pattern: USERNAME_PATTERN.source,
      example: 'herman_fan',
      description: 'Unique, case-insensitively; display case kept.',
    }),
    Trim(),
    ...optionalIf(optional),
    IsString({ message: 'Input should be a valid string' }),
    MinLength(3, { message: 'String should have at least 3 characters' }),
    MaxLength(32, { message: 'String should have at most 32 characters' }),
    SingleLineText(),
    Matches(USERNAME_PATTERN, { message: 'Username may contain only letters, digits, and _ . -' }),
  );
}

/** validator's isEmail throws (URIError) on an unpaired surrogate: that is "not an email", not a 500. */
function isEmailAddress(value: unknown): boolean {
  try {
    return isEmail(value);
  } catch {
    return false;
  }
}

/**
 * One spelling per address: trimmed, lower-cased, and in Unicode's composed form (NFC), as stored
 * and as looked up at login.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase().normalize('NFC');
}

export function EmailField(optional = false) {
  return applyDecorators(
    ApiProperty({
      required: !optional,
      maxLength: 254,
      format: 'email',
      example: 'user@example.com',
      description:
        'Stored lower-cased and NFC-normalised; unique. Control, bidirectional and invisible characters are refused.',
    }),
    Transform(({ value }) => (typeof value === 'string' ? normalizeEmail(value) : value)),
    ...optionalIf(optional),
    IsString({ message: 'Input should be a valid string' }),
    MaxLength(254, { message: 'String should have at most 254 characters' }),
    SingleLineText(),
    ValidateBy(
      { name: 'isEmail', validator: { validate: isEmailAddress } },
      { message: 'value is not a valid email address' },
    ),
  );
}

export function FullNameField(description = 'Display name.') {
  return applyDecorators(
    ApiProperty({
      required: false,
      maxLength: 200,
      example: 'Herman Fan',
      description,
      nullable: true,
      type: String,
    }),
    Trim(),
    IsOptional(),
    IsString({ message: 'Input should be a valid string' }),
    MaxLength(200, { message: 'String should have at most 200 characters' }),
    SingleLineText(),
  );
}

/** A secret string: never echoed in errors; its policy is checked by the service with context. */
export function PasswordField(description: string, optional = false) {
  return applyDecorators(
    ApiProperty({
      required: !optional,
      format: 'password',
      minLength: 8,
      description,
      example: 'SecurePassword123!',
    }),
    ...optionalIf(optional),
    IsString({ message: 'Input should be a valid string' }),
    MaxLength(1024, { message: 'String should have at most 72 bytes' }),
  );
}
