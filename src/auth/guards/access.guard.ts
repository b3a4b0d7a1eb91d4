import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  type Access,
  ACCESS_METADATA,
  ADMIN_REQUIRED,
  type Principal,
} from '../../common/access.js';
import { forbidden } from '../../common/problem.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';

/**
 * The global guard (APP_GUARD): applies the access rule of common/access.ts to every HTTP route.
 * `@Public()` routes pass; any other — `@Authenticated()` or undecorated, so a forgotten decorator
 * denies rather than opens — needs a bearer access token (Passport's `jwt` strategy), and an
 * `{ admin: true }` one an admin as the database says now, not as the token said.
 *
 * Socket.IO handlers go through global guards too: they have their own (the agents' API-key guard,
 * the /events handshake), so anything but HTTP passes here.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /**
   * Each route's rule, read through the Reflector once per handler: it is fixed at start-up, and
   * reading it on every request was a measurable part of the per-request floor (issue #22).
   */
  private readonly rules = new WeakMap<object, WeakMap<object, Access>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: JwtAuthGuard,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.ruleOf(context.getClass(), context.getHandler());
    if (access === 'public') return true;
    return this.authenticate(context, access);
  }

  private async authenticate(context: ExecutionContext, access: Access): Promise<boolean> {
    await this.bearer.canActivate(context);
    const principal = context.switchToHttp().getRequest<{ user: Principal }>().user;
    if (access === 'admin' && !principal.isAdmin) throw forbidden(ADMIN_REQUIRED);
    return true;
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
