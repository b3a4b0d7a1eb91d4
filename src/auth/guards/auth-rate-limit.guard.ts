import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { LoginThrottleService } from '../login-throttle.service.js';

/** Per-IP limit on the credential routes (register, login, token, refresh). */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(private readonly throttle: LoginThrottleService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    await this.throttle.hitFromIp(request.ip);
    return true;
  }
}
