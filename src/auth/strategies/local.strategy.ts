import { createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { clientInfoOf } from '../../common/client-info.decorator.js';
import { AuthService } from '../auth.service.js';
import { SecondFactorService } from '../mfa/second-factor.service.js';
import type { SessionOwner } from '../sessions.service.js';

/** `username` (or email) + `password` from the form or JSON body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly secondFactor: SecondFactorService,
  ) {
    // The request too: a failed login is recorded with the address and user agent it came from.
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(
    request: FastifyRequest,
    username: string,
    password: string,
  ): Promise<SessionOwner> {
    const user = await this.auth.verifyCredentials(username, password, clientInfoOf(request));
    const account = { id: user.id, username: user.username, isAdmin: user.isAdmin };
    // The second-factor hook (API.md §11): a user with a factor gets a 401 and an mfa_token here.
    await this.secondFactor.challengeIfEnrolled(account);
    return account;
  }
}

/** The account whose credentials LocalAuthGuard just verified: it has no session yet. */
export const VerifiedAccount = createParamDecorator(
  (_: unknown, context: ExecutionContext): SessionOwner =>
    context.switchToHttp().getRequest<{ user: SessionOwner }>().user,
);
