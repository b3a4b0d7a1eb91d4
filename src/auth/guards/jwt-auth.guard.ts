import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { notAuthenticated } from '../../common/problem.js';

/** Bearer access token required; every failure is the same 401 `{"detail": "Not authenticated"}`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T>(error: unknown, principal: T): T {
    if (error || !principal) throw notAuthenticated();
    return principal;
  }
}
