import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOAuth2 } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AdminGuard } from './guards/admin.guard.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import type { SessionPrincipal } from './session-validity.cache.js';

/**
 * The one access rule decorator: a valid bearer access token of a live session (and, with
 * `{ admin: true }`, an admin), plus the matching OpenAPI security and error entries.
 */
export function Authenticated(options: { admin?: boolean } = {}) {
  return applyDecorators(
    UseGuards(JwtAuthGuard, ...(options.admin ? [AdminGuard] : [])),
    ApiBearerAuth(),
    ApiOAuth2([]),
    ApiErrors(401, ...(options.admin ? [403] : [])),
  );
}

/** The caller of an `@Authenticated()` route. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): SessionPrincipal =>
    context.switchToHttp().getRequest<{ user: SessionPrincipal }>().user,
);
