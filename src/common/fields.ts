import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Omittable } from './omittable.decorator.js';
import { Trim } from './trim.decorator.js';

/** The texts of the 422 items the field rules give (pydantic's wording, API.md §1), in one place. */
export const MESSAGES = {
  string: { message: 'Input should be a valid string' },
  integer: { message: 'Input should be a valid integer' },
  boolean: { message: 'Input should be a valid boolean' },
  list: { message: 'Input should be a valid list' },
  atLeastCharacters: (n: number) => ({
    message: `String should have at least ${n} character${n === 1 ? '' : 's'}`,
  }),
  atMostCharacters: (n: number) => ({ message: `String should have at most ${n} characters` }),
  atLeast: (n: number) => ({ message: `Input should be greater than or equal to ${n}` }),
  atMost: (n: number) => ({ message: `Input should be less than or equal to ${n}` }),
};

/**
 * Whether a field may be left out: `required` (the default), `omittable` (left out, but never
 * `null`: see Omittable) or `optional` (left out or `null`).
 */
export type Presence = 'required' | 'omittable' | 'optional';

const presenceRule = (presence: Presence) =>
  presence === 'omittable' ? [Omittable()] : presence === 'optional' ? [IsOptional()] : [];

type Documented = Omit<ApiPropertyOptions, 'type' | 'required' | 'minLength' | 'maxLength'>;

export interface TextOptions extends Documented {
  /** Fewest characters, if any. */
  min?: number;
  /** Most characters. */
  max: number;
  presence?: Presence;
  /** Trim surrounding white space (and NFC-normalise), as names are. */
  trim?: boolean;
  /** The document's `required`, when it is not what `presence` says. */
  documentedRequired?: boolean;
}

/**
 * A string field with its length limits stated once: the class-validator rules (type, then
 * lengths, with the contract's texts) and the OpenAPI schema (`minLength`/`maxLength`) from the
 * same numbers. Name-like fields add `SingleLineText()` (text-hygiene.ts) after it.
 */
export function Text(options: TextOptions) {
  const { min, max, presence = 'required', trim = false, documentedRequired, ...schema } = options;
  return applyDecorators(
    ApiProperty({
      type: String,
      required: documentedRequired ?? presence === 'required',
      ...(min === undefined ? {} : { minLength: min }),
      maxLength: max,
      ...schema,
    }),
    ...(trim ? [Trim()] : []),
    ...presenceRule(presence),
    IsString(MESSAGES.string),
    ...(min === undefined ? [] : [MinLength(min, MESSAGES.atLeastCharacters(min))]),
    MaxLength(max, MESSAGES.atMostCharacters(max)),
  );
}

export interface IntegerOptions {
  min: number;
  max: number;
  presence?: Presence;
  type?: 'integer';
  default?: number;
  example?: number;
  description?: string;
}

/** A whole number within [min, max], stated once for validation and for the OpenAPI schema. */
export function Integer(options: IntegerOptions) {
  const { min, max, presence = 'required', ...schema } = options;
  return applyDecorators(
    ApiProperty({ required: presence === 'required', minimum: min, maximum: max, ...schema }),
    ...presenceRule(presence),
    IsInt(MESSAGES.integer),
    Min(min, MESSAGES.atLeast(min)),
    Max(max, MESSAGES.atMost(max)),
  );
}
