import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Omittable } from '../../common/omittable.decorator.js';
import { SingleLineText } from '../../common/text-hygiene.js';
import { Trim } from '../../common/trim.decorator.js';

/** The field rules shared by create and update, in one place. */
export const TAG_PATTERN = /^[A-Za-z0-9_.:-]+$/;
export const MAX_TAGS = 20;

const STRING = { message: 'Input should be a valid string' };

const tooLong = (max: number) => ({ message: `String should have at most ${max} characters` });

export function ServerNameField(optional = false) {
  return applyDecorators(
    ApiProperty({
      required: !optional,
      minLength: 1,
      maxLength: 100,
      example: 'web-01',
      description:
        "Trimmed; unique among the caller's servers, compared case-insensitively (409 otherwise).",
    }),
    Trim(),
    ...(optional ? [Omittable()] : []),
    IsString(STRING),
    MinLength(1, { message: 'String should have at least 1 character' }),
    MaxLength(100, tooLong(100)),
    SingleLineText(),
  );
}

/**
 * hostname/description: optional, trimmed, one line of visible text (API.md §1 v1.1); `null` (or an
 * empty string) clears them.
 */
export function ClearableTextField(maxLength: number, example: string, description: string) {
  return applyDecorators(
    ApiProperty({ required: false, nullable: true, type: String, maxLength, example, description }),
    Trim(),
    IsOptional(),
    IsString(STRING),
    MaxLength(maxLength, tooLong(maxLength)),
    SingleLineText(),
  );
}

/** Optional on create and update alike; `null` is refused (send `[]` to remove every tag). */
export function TagsField() {
  return applyDecorators(
    ApiProperty({
      required: false,
      type: [String],
      maxItems: MAX_TAGS,
      example: ['prod', 'eu-west-1'],
      description: `Up to ${MAX_TAGS} tags of 1–50 characters of \`[A-Za-z0-9_.:-]\`; trimmed, duplicates dropped.`,
    }),
    // Trim and dedupe before validating; anything that is not a string is left for IsString to report.
    Transform(({ value }) =>
      Array.isArray(value)
        ? [
            ...new Set(
              value.map((tag: unknown) =>
                typeof tag === 'string' ? tag.trim().normalize('NFC') : tag,
              ),
            ),
          ]
        : value,
    ),
    Omittable(),
    IsArray({ message: 'Input should be a valid list' }),
    ArrayMaxSize(MAX_TAGS, { message: `List should have at most ${MAX_TAGS} items` }),
    IsString({ each: true, ...STRING }),
    MinLength(1, { each: true, message: 'Each tag should have at least 1 character' }),
    MaxLength(50, { each: true, message: 'Each tag should have at most 50 characters' }),
    SingleLineText({ each: true }),
    Matches(TAG_PATTERN, {
      each: true,
      message: 'Tags may contain only letters, digits, and _ . : -',
    }),
  );
}
