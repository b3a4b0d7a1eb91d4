import { HttpException, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { notAuthenticated } from '../../common/problem.js';

/**
 * Bearer access token required; every authentication failure is the same 401
 * `{"detail": "Not authenticated"}`. Any other error (the database being down while the session is
 * checked) goes on as itself — a 503, not a 401 that would make clients throw their tokens away.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T>(error: unknown, principal: T): T {
    if (error && !(error instanceof HttpException)) throw error;
    if (error || !principal) throw notAuthenticated();
    return principal;
  }
}
