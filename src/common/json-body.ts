import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { unprocessable } from './problem.js';

/** Deeper JSON is refused (API.md §1): no body of ours nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

export const jsonTooDeep = () =>
  unprocessable([
    {
      type: 'json_too_deep',
      loc: ['body'],
      msg: `JSON should be nested at most ${MAX_JSON_DEPTH} levels deep`,
    },
  ]);

/**
 * True when objects and arrays nest more than `max` levels (`{}` and `[]` are one level). Walks
 * with a stack of its own, never by recursion, so no depth of input can overflow the call stack.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The `application/json` body parser: Fastify's own (iterative `JSON.parse`, 400 for malformed
 * JSON, `__proto__`/`constructor.prototype` refused), plus two rules of ours:
 * - an empty body is no body (`undefined`), not a 400: many fetch wrappers send
 *   `Content-Type: application/json` on every call, bodyless DELETEs and POSTs included. A route
 *   that needs a body then reports its missing fields (422), like for `{}`;
 * - nesting deeper than MAX_JSON_DEPTH is a 422 here, before class-transformer (which recurses
 *   once per level) or anything else walks the value.
 */
export function useJsonBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { bodyLimit, onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(request, body.toString('utf8'), (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      if (nestsDeeperThan(value, MAX_JSON_DEPTH)) return done(jsonTooDeep(), undefined);
      done(null, value);
    });
  });
}
