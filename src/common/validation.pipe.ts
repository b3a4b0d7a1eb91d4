import { ArgumentMetadata, Injectable, PipeTransform, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { type FieldError, unprocessable } from './problem.js';

/** Fields whose value is never echoed back in a 422 (API.md §1). */
export const SECRET_FIELDS = new Set([
  'password',
  'password_confirm',
  'current_password',
  'new_password',
  'refresh_token',
  'api_key',
  'key',
]);

/** class-validator constraint → the `type` clients see (pydantic's vocabulary). */
const ERROR_TYPES: Record<string, string> = {
  isString: 'string_type',
  isNotEmpty: 'string_too_short',
  minLength: 'string_too_short',
  maxLength: 'string_too_long',
  length: 'string_length',
  matches: 'string_pattern_mismatch',
  isEmail: 'value_error',
  isInt: 'int_parsing',
  isNumber: 'float_parsing',
  min: 'greater_than_equal',
  max: 'less_than_equal',
  isBoolean: 'bool_parsing',
  isUUID: 'uuid_parsing',
  isIn: 'enum',
  isEnum: 'enum',
  isArray: 'list_type',
  arrayMaxSize: 'too_long',
  arrayMinSize: 'too_short',
  isISO8601: 'datetime_parsing',
  isDateString: 'datetime_parsing',
  whitelistValidation: 'extra_forbidden',
};

type Location = 'body' | 'query' | 'path';

function locationOf(metadata: ArgumentMetadata): Location {
  if (metadata.type === 'query') return 'query';
  if (metadata.type === 'param') return 'path';
  return 'body';
}

/** Flattens class-validator's tree into one item per failed field, first failure first. */
export function toFieldErrors(errors: ValidationError[], location: Location, path: (string | number)[] = []): FieldError[] {
  const items: FieldError[] = [];
  for (const error of errors) {
    const name = /^\d+$/.test(error.property) ? Number(error.property) : error.property;
    const loc = [location, ...path, name];
    if (error.constraints) {
      const [constraint, message] = Object.entries(error.constraints)[0];
      const missing = error.value === undefined || error.value === null;
      const item: FieldError = missing
        ? { type: 'missing', loc, msg: 'Field required' }
        : { type: ERROR_TYPES[constraint] ?? 'value_error', loc, msg: message };
      if (!missing && !SECRET_FIELDS.has(String(path[0] ?? name))) item.input = error.value;
      items.push(item);
    }
    if (error.children?.length) items.push(...toFieldErrors(error.children, location, [...path, name]));
  }
  return items;
}

/**
 * The global pipe: class-validator on every DTO, unknown fields stripped (ignored, not an error),
 * failures answered as API.md's 422 list with `loc` naming body/query/path and the field.
 */
@Injectable()
export class ContractValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    whitelist: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => errors,
  });

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const location = locationOf(metadata);
    const isDto = typeof metadata.metatype === 'function' && !PRIMITIVES.has(metadata.metatype);
    if (isDto && location === 'body') {
      // No body at all is treated as `{}` so each required field is reported as missing.
      if (value === undefined || value === null || value === '') value = {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw unprocessable([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid object' }]);
      }
    }
    try {
      return await this.inner.transform(value, metadata);
    } catch (failure) {
      if (Array.isArray(failure)) throw unprocessable(toFieldErrors(failure as ValidationError[], location));
      throw failure;
    }
  }
}

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object]);
