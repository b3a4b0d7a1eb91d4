import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { BEARER_STRATEGY, type Principal } from '../../common/access.guard.js';
import { notAuthenticated } from '../../common/problem.js';
import { AppConfig, type ResolvedConfig } from '../../config/app-config.js';
import { AccessTokenAuthenticator } from '../access-token.authenticator.js';
import { jwtSigningKey, jwtVerifyOptions } from '../token.service.js';

/**
 * Bearer access tokens on HTTP: passport-jwt checks signature and expiry with TokenService's options
 * (algorithm pinned, issuer, audience); the rest of the check is AccessTokenAuthenticator's, the
 * same as for the /events socket.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  constructor(
    @Inject(AppConfig) config: ResolvedConfig,
    private readonly authenticator: AccessTokenAuthenticator,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject (passport-jwt's types only name strings and Buffers; jsonwebtoken takes it).
      secretOrKey: jwtSigningKey(config.jwtSecret) as unknown as Buffer,
      ...jwtVerifyOptions(config),
      ignoreExpiration: false,
    });
  }

  async validate(payload: unknown): Promise<Principal> {
    const principal = await this.authenticator.principalOf(payload);
    if (!principal) throw notAuthenticated();
    return principal;
  }
}
