import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { forbidden } from '../../common/problem.js';
import type { SessionPrincipal } from '../session-validity.cache.js';

/** After JwtAuthGuard: the admin flag as the database says now, not as the token said. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<{ user?: SessionPrincipal }>().user;
    if (!principal?.isAdmin) throw forbidden('Admin privileges required');
    return true;
  }
}
