import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { ApiBearerAuth, ApiOAuth2 } from '@nestjs/swagger';
import { type Access, ACCESS_METADATA, AccessGuard, type Principal } from './access.guard.js';
import { ApiErrors } from './api-errors.decorator.js';

export { type Access, ACCESS_METADATA, ADMIN_REQUIRED, type Principal } from './access.guard.js';

/**
 * The access rules of HTTP routes, as decorators any module can put on its controllers without
 * importing the auth module. Every route says who may call it: `@Authenticated()` (a bearer access
 * token of a live session) or `@Public()`. A route with neither does not boot: the auth module's
 * start-up check (common/access-rules.check.ts) names it, so a forgotten decorator can neither open
 * a route nor wait for a user to find it closed.
 *
 * Only `@Authenticated()` routes carry a guard (common/access.guard.ts). A public route runs no
 * guard at all: with a global guard, Nest runs its guard pipeline — an execution context and two
 * awaited steps — on every request of every route, which was a measurable part of the per-request
 * floor (issue #22).
 */

/**
 * The one access rule decorator: a valid bearer access token of a live session (and, with
 * `{ admin: true }`, an admin), plus the matching OpenAPI security and error entries.
 */
export function Authenticated(options: { admin?: boolean } = {}) {
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, (options.admin ? 'admin' : 'user') satisfies Access),
    guardedFirst,
    ApiBearerAuth(),
    ApiOAuth2([]),
    ApiErrors(401, ...(options.admin ? [403] : [])),
  );
}

/** Anyone may call the route (or every route of the controller): no credentials are read. */
export const Public = () => SetMetadata(ACCESS_METADATA, 'public' satisfies Access);

/** The caller of an `@Authenticated()` route. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ user: Principal }>().user,
);

/**
 * The access guard goes first among the class's (or handler's) guards, whatever order the
 * decorators are written in (`@UseGuards` appends, and decorators apply bottom-up): a rate limit
 * or any other guard beside it sees only authenticated callers, as it did when the guard was
 * global.
 */
function guardedFirst(target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) {
  const on: object = descriptor ? (descriptor.value as object) : target;
  const guards = (Reflect.getMetadata(GUARDS_METADATA, on) as unknown[] | undefined) ?? [];
  Reflect.defineMetadata(GUARDS_METADATA, [AccessGuard, ...guards], on);
}
