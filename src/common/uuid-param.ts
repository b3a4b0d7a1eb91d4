import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { notFound } from './problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: 404, like any id the caller does not own. */
@Injectable()
export class UuidOr404Pipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw notFound();
    return value.toLowerCase();
  }
}

/** `@UuidParam('id')`: a UUID path parameter, 404 otherwise. */
export const UuidParam = (name: string) => Param(name, UuidOr404Pipe);
