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
  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: JwtAuthGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access =
      this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'user';
    if (access === 'public') return true;
    await this.bearer.canActivate(context);
    const principal = context.switchToHttp().getRequest<{ user: Principal }>().user;
    if (access === 'admin' && !principal.isAdmin) throw forbidden(ADMIN_REQUIRED);
    return true;
  }
}
