import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Omittable } from './omittable.decorator.js';
import { ApiError, type FieldError } from './problem.js';
import { ContractValidationPipe } from './validation.pipe.js';

class Tag {
  @IsString({ message: 'Input should be a valid string' })
  label: string;
}

class SampleDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsString({ message: 'Input should be a valid string' })
  @MaxLength(10, { message: 'String should have at most 10 characters' })
  name: string;

  @IsOptional()
  @IsString({ message: 'Input should be a valid string' })
  password?: string;

  @Omittable()
  @IsString({ message: 'Input should be a valid string' })
  nickname?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Tag)
  tags?: Tag[];
}

class QueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Input should be a valid integer' })
  @Min(1, { message: 'Input should be greater than or equal to 1' })
  @Max(100, { message: 'Input should be less than or equal to 100' })
  limit?: number;

  @IsOptional()
  @IsString({ message: 'Input should be a valid string' })
  search?: string;
}

const pipe = new ContractValidationPipe();
const body: ArgumentMetadata = { type: 'body', metatype: SampleDto };
const query: ArgumentMetadata = { type: 'query', metatype: QueryDto };

/** The 422 items the pipe answers for this value (fails the test when it does not refuse it). */
async function refusal(value: unknown, metadata: ArgumentMetadata = body): Promise<FieldError[]> {
  try {
    await pipe.transform(value, metadata);
  } catch (error) {
    if (error instanceof ApiError && error.getStatus() === 422) return error.detail as FieldError[];
    throw error;
  }
  throw new Error(`the pipe accepted ${JSON.stringify(value)}`);
}

describe('ContractValidationPipe', () => {
  it('returns a DTO instance with unknown fields stripped', async () => {
    const result = await pipe.transform({ name: 'Ada', extra: 'ignored' }, body);
    expect(result).toBeInstanceOf(SampleDto);
    expect(result).toEqual({ name: 'ada' });
  });

  it('reports a missing required field as "missing" without input', async () => {
    expect(await refusal({})).toEqual([
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required' },
    ]);
  });

  it('reports an explicit null in a required field as a type error with input null', async () => {
    expect(await refusal({ name: null })).toEqual([
      {
        type: 'string_type',
        loc: ['body', 'name'],
        msg: 'Input should be a valid string',
        input: null,
      },
    ]);
  });

  it('refuses null in a field that may only be omitted', async () => {
    expect(await refusal({ name: 'Ada', nickname: null })).toEqual([
      {
        type: 'string_type',
        loc: ['body', 'nickname'],
        msg: 'Input should be a valid string',
        input: null,
      },
    ]);
    await expect(pipe.transform({ name: 'Ada' }, body)).resolves.toEqual({ name: 'ada' });
  });

  it('reports a failed type check rather than the other rules it also breaks', async () => {
    expect(await refusal({ name: 1234567890123 })).toEqual([
      {
        type: 'string_type',
        loc: ['body', 'name'],
        msg: 'Input should be a valid string',
        input: 1234567890123,
      },
    ]);
    expect(await refusal({ limit: 'abc' }, query)).toEqual([
      {
        type: 'int_parsing',
        loc: ['query', 'limit'],
        msg: 'Input should be a valid integer',
        input: 'abc',
      },
    ]);
  });

  it('echoes the input as sent, not as transformed', async () => {
    expect(await refusal({ name: 'ABCDEFGHIJKL' })).toEqual([
      {
        type: 'string_too_long',
        loc: ['body', 'name'],
        msg: 'String should have at most 10 characters',
        input: 'ABCDEFGHIJKL',
      },
    ]);
  });

  it('never echoes a secret field', async () => {
    expect(await refusal({ name: 'Ada', password: 42 })).toEqual([
      { type: 'string_type', loc: ['body', 'password'], msg: 'Input should be a valid string' },
    ]);
  });

  it('names nested fields by path, with array indexes as numbers', async () => {
    expect(await refusal({ name: 'Ada', tags: [{ label: 'ok' }, { label: 7 }] })).toEqual([
      {
        type: 'string_type',
        loc: ['body', 'tags', 1, 'label'],
        msg: 'Input should be a valid string',
        input: 7,
      },
    ]);
  });

  it('answers a non-object body with model_attributes_type', async () => {
    expect(await refusal(['Ada'])).toEqual([
      { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid object' },
    ]);
    expect(await refusal('Ada')).toEqual([
      { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid object' },
    ]);
  });

  it('refuses a NUL character in a body string, at its loc, without echoing a secret', async () => {
    expect(await refusal({ name: 'a\u0000b' })).toEqual([
      {
        type: 'string_pattern_mismatch',
        loc: ['body', 'name'],
        msg: 'String should not contain NUL characters',
        input: 'a\u0000b',
      },
    ]);
    expect(await refusal({ name: 'Ada', password: 'Secret\u0000' })).toEqual([
      {
        type: 'string_pattern_mismatch',
        loc: ['body', 'password'],
        msg: 'String should not contain NUL characters',
      },
    ]);
  });

  it('refuses a NUL character nested in an array and in a query string', async () => {
    expect(await refusal({ name: 'Ada', tags: [{ label: '\u0000' }] })).toEqual([
      expect.objectContaining({
        loc: ['body', 'tags', 0, 'label'],
        type: 'string_pattern_mismatch',
      }),
    ]);
    expect(await refusal({ search: 'x\u0000' }, query)).toEqual([
      expect.objectContaining({ loc: ['query', 'search'] }),
    ]);
  });

  it('refuses an unpaired surrogate (no UTF-8 form) with string_unicode, and accepts a paired one', async () => {
    expect(await refusal({ name: 'a\ud800' })).toEqual([
      {
        type: 'string_unicode',
        loc: ['body', 'name'],
        msg: 'String should be valid Unicode (no unpaired surrogates)',
        input: 'a\ud800',
      },
    ]);
    expect(await refusal({ name: 'Ada', password: '\udc00x' })).toEqual([
      {
        type: 'string_unicode',
        loc: ['body', 'password'],
        msg: 'String should be valid Unicode (no unpaired surrogates)',
      },
    ]);
    await expect(pipe.transform({ name: '😀' }, body)).resolves.toEqual({ name: '😀' });
  });

  it('ignores NUL characters and unpaired surrogates in unknown (stripped) fields', async () => {
    await expect(
      pipe.transform({ name: 'Ada', extra: '\u0000', other: '\ud800' }, body),
    ).resolves.toEqual({ name: 'ada' });
  });

  it('passes non-DTO parameters through untouched', async () => {
    await expect(
      pipe.transform('abc', { type: 'param', metatype: String, data: 'id' }),
    ).resolves.toBe('abc');
  });
});
