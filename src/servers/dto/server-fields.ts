import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MESSAGES, Text } from '../../common/fields.js';
import { Omittable } from '../../common/omittable.decorator.js';
import { SingleLineText } from '../../common/text-hygiene.js';

/** The field rules shared by create and update, in one place. */
export const TAG_PATTERN = /^[A-Za-z0-9_.:-]+$/;
export const MAX_TAGS = 20;

export function ServerNameField(optional = false) {
  return applyDecorators(
    Text({
      min: 1,
      max: 100,
      trim: true,
      presence: optional ? 'omittable' : 'required',
      example: 'web-01',
      description:
        "Trimmed; unique among the caller's servers, compared case-insensitively (409 otherwise).",
    }),
    SingleLineText(),
  );
}

/**
 * hostname/description: optional, trimmed, one line of visible text (API.md §1 v1.1); `null` (or an
 * empty string) clears them.
 */
export function ClearableTextField(max: number, example: string, description: string) {
  return applyDecorators(
    Text({ max, trim: true, presence: 'optional', nullable: true, example, description }),
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
    IsArray(MESSAGES.list),
    ArrayMaxSize(MAX_TAGS, { message: `List should have at most ${MAX_TAGS} items` }),
    IsString({ each: true, ...MESSAGES.string }),
    MinLength(1, { each: true, message: 'Each tag should have at least 1 character' }),
    MaxLength(50, { each: true, message: 'Each tag should have at most 50 characters' }),
    SingleLineText({ each: true }),
    Matches(TAG_PATTERN, {
      each: true,
      message: 'Tags may contain only letters, digits, and _ . : -',
    }),
  );
}
