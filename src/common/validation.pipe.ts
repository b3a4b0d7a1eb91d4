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
  'token',
  'code',
  'recovery_code',
  'mfa_token',
]);

/** class-validator constraint → the `type` clients see (pydantic's vocabulary). */
const ERROR_TYPES: Record<string, string> = {
  isString: 'string_type',
  isNotEmpty: 'string_too_short',
  minLength: 'string_too_short',
  maxLength: 'string_too_long',
  length: 'string_length',
  matches: 'string_pattern_mismatch',
  singleLineText: 'string_pattern_mismatch',
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

/**
 * Checks of the value's type. When one fails it is the error to report, whatever the order the
 * decorators were declared in (e.g. `limit=abc` is `int_parsing`, not `less_than_equal`).
 */
const TYPE_CHECKS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject']);

/** Flattens class-validator's tree into one item per failed field, a failed type check first. */
export function toFieldErrors(
  errors: ValidationError[],
  location: Location,
  path: (string | number)[] = [],
): FieldError[] {
  const items: FieldError[] = [];
  for (const error of errors) {
    const name = /^\d+$/.test(error.property) ? Number(error.property) : error.property;
    const loc = [location, ...path, name];
    if (error.constraints) {
      const constraints = Object.entries(error.constraints);
      const [constraint, message] = constraints.find(([c]) => TYPE_CHECKS.has(c)) ?? constraints[0];
      // Only an absent field is "missing": an explicit null is a value of the wrong type.
      const missing = error.value === undefined;
      const item: FieldError = missing
        ? { type: 'missing', loc, msg: 'Field required' }
        : { type: ERROR_TYPES[constraint] ?? 'value_error', loc, msg: message };
      if (!missing && !SECRET_FIELDS.has(String(path[0] ?? name))) item.input = error.value;
      items.push(item);
    }
    if (error.children?.length)
      items.push(...toFieldErrors(error.children, location, [...path, name]));
  }
  return items;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Strings PostgreSQL cannot store as sent: U+0000 makes it throw (a 500), and an unpaired UTF-16
 * surrogate has no UTF-8 form (it would be silently replaced). Either is refused here as a 422.
 * Walks a validated DTO, so unknown fields (already stripped) are still ignored.
 */
export function unstorableStringErrors(
  value: unknown,
  location: Location,
  path: (string | number)[] = [],
): FieldError[] {
  if (typeof value === 'string') {
    const item: FieldError | undefined = value.includes('\u0000')
      ? {
          type: 'string_pattern_mismatch',
          loc: [location, ...path],
          msg: 'String should not contain NUL characters',
        }
      : UNPAIRED_SURROGATE.test(value)
        ? {
            type: 'string_unicode',
            loc: [location, ...path],
            msg: 'String should be valid Unicode (no unpaired surrogates)',
          }
        : undefined;
    if (item && !SECRET_FIELDS.has(String(path[0]))) item.input = value;
    return item ? [item] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const isArray = Array.isArray(value);
  return Object.entries(value).flatMap(([key, child]) =>
    unstorableStringErrors(child, location, [...path, isArray ? Number(key) : key]),
  );
}

/** The value at `path` in the body or query as the client sent it (before any transform). */
function sentValue(root: unknown, path: (string | number)[]): { found: boolean; value?: unknown } {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key))
      return { found: false };
    value = (value as Record<string | number, unknown>)[key];
  }
  return { found: true, value };
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
        throw unprocessable([
          { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid object' },
        ]);
      }
    }
    let result: unknown;
    try {
      result = await this.inner.transform(value, metadata);
    } catch (failure) {
      if (!Array.isArray(failure)) throw failure;
      const items = toFieldErrors(failure as ValidationError[], location);
      // Echo what was sent (`limit=abc` is "abc", not the NaN it became), not what it was turned into.
      for (const item of items) {
        const sent = 'input' in item ? sentValue(value, item.loc.slice(1)) : { found: false };
        if (sent.found) item.input = sent.value;
      }
      throw unprocessable(items);
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const items = unstorableStringErrors(
        result,
        location,
        !isDto && metadata.data ? [metadata.data] : [],
      );
      if (items.length) throw unprocessable(items);
    }
    return result;
  }
}

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object]);
