import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { isEmail, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { MESSAGES, type Presence, Text } from '../common/fields.js';
import { Omittable } from '../common/omittable.decorator.js';
import { SingleLineText } from '../common/text-hygiene.js';

/** The field rules shared by registration and profile updates, in one place. */
const presence = (optional: boolean): Presence => (optional ? 'omittable' : 'required');

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

export function UsernameField(optional = false) {
  return applyDecorators(
    Text({
      min: 3,
      max: 32,
      trim: true,
      presence: presence(optional),
      pattern: USERNAME_PATTERN.source,
      example: 'herman_fan',
      description: 'Unique, case-insensitively; display case kept.',
    }),
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
    Transform(({ value }) => (typeof value === 'string' ? normalizeEmail(value) : value)),
    Text({
      max: 254,
      presence: presence(optional),
      format: 'email',
      example: 'user@example.com',
      description:
        'Stored lower-cased and NFC-normalised; unique. Control, bidirectional and invisible characters are refused.',
    }),
    SingleLineText(),
    ValidateBy(
      { name: 'isEmail', validator: { validate: isEmailAddress } },
      { message: 'value is not a valid email address' },
    ),
  );
}

export function FullNameField(description = 'Display name.') {
  return applyDecorators(
    Text({
      max: 200,
      trim: true,
      presence: 'optional',
      nullable: true,
      example: 'Herman Fan',
      description,
    }),
    SingleLineText(),
  );
}

/**
 * A secret string: never echoed in errors; its policy (8–72 bytes and the rest) is checked by the
 * auth module with context. The bound here only keeps an absurd input away from that check.
 */
export function PasswordField(description: string, optional = false) {
  return applyDecorators(
    ApiProperty({
      required: !optional,
      format: 'password',
      minLength: 8,
      description,
      example: 'SecurePassword123!',
    }),
    ...(optional ? [Omittable()] : []),
    IsString(MESSAGES.string),
    MaxLength(1024, { message: 'String should have at most 72 bytes' }),
  );
}
