import { type ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { forbidden, notAuthenticated } from './problem.js';

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

/** The Passport strategy that reads bearer access tokens (the auth module registers it). */
export const BEARER_STRATEGY = 'jwt';

/**
 * The guard of `@Authenticated()` routes (common/access.ts puts it on them): a bearer access token
 * of a live session (Passport's `jwt` strategy), and for an `{ admin: true }` rule an admin as the
 * database says now, not as the token said. A handler of such a controller marked `@Public()`
 * passes.
 *
 * Every authentication failure is the same 401 `{"detail": "Not authenticated"}`. Any other error
 * (the database being down while the session is checked) goes on as itself — a 503, not a 401 that
 * would make clients throw their tokens away.
 *
 * Its only dependency is Nest's Reflector, so any module's controllers can use it without
 * importing the auth module.
 */
@Injectable()
export class AccessGuard extends AuthGuard(BEARER_STRATEGY) {
  /**
   * Each route's rule, read through the Reflector once per handler: it is fixed at start-up, and
   * reading it on every request was a measurable part of the per-request floor (issue #22).
   */
  private readonly rules = new WeakMap<object, WeakMap<object, Access>>();

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.ruleOf(context.getClass(), context.getHandler());
    if (access === 'public') return true;
    await super.canActivate(context);
    const principal = context.switchToHttp().getRequest<{ user: Principal }>().user;
    if (access === 'admin' && !principal.isAdmin) throw forbidden(ADMIN_REQUIRED);
    return true;
  }

  override handleRequest<T>(error: unknown, principal: T): T {
    if (error && !(error instanceof HttpException)) throw error;
    if (error || !principal) throw notAuthenticated();
    return principal;
  }

  /** By class and handler: an inherited handler may serve classes with different rules. */
  private ruleOf(controller: object, handler: object): Access {
    let byHandler = this.rules.get(controller);
    if (!byHandler) this.rules.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (access === undefined) {
      access =
        this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [
          handler as () => unknown,
          controller as new () => unknown,
        ]) ?? 'user';
      byHandler.set(handler, access);
    }
    return access;
  }
}
