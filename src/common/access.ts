import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOAuth2 } from '@nestjs/swagger';
import { ApiErrors } from './api-errors.decorator.js';

/**
 * The access rules of HTTP routes, as metadata any module can put on its controllers without
 * importing the auth module. The auth module's global guard (auth/guards/access.guard.ts) enforces
 * them on every route: a route is public only when it says so with `@Public()`; every other one —
 * with `@Authenticated()` or with no rule at all — needs a bearer access token of a live session.
 */

/** Who an access token speaks for, as the database says now (not as the token said at issue). */
export interface Principal {
  id: string;
  username: string;
  isAdmin: boolean;
  sessionId: string;
}

export type Access = 'public' | 'user' | 'admin';

export const ACCESS_METADATA = 'chatops:access';

/** The 403 of an admin-only route or option, for a caller who is not an admin. */
export const ADMIN_REQUIRED = 'Admin privileges required';

/**
 * The one access rule decorator: a valid bearer access token of a live session (and, with
 * `{ admin: true }`, an admin), plus the matching OpenAPI security and error entries.
 */
export function Authenticated(options: { admin?: boolean } = {}) {
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, (options.admin ? 'admin' : 'user') satisfies Access),
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
