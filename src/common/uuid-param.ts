import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { notFound } from './problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID string: anything else must never reach a uuid column (PostgreSQL would throw). */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);

/** A path id that is not a UUID names nothing: 404, like any id the caller does not own. */
@Injectable()
export class UuidOr404Pipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw notFound();
    return value.toLowerCase();
  }
}

/** `@UuidParam('id')`: a UUID path parameter, 404 otherwise. */
export const UuidParam = (name: string) => Param(name, UuidOr404Pipe);

/** The OpenAPI entry of a `@UuidParam()` (on the handler or the controller). */
export const ApiUuidParam = (name: string, description: string) =>
  ApiParam({ name, format: 'uuid', description });
