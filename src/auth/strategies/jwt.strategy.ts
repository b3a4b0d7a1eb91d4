import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Principal } from '../../common/access.js';
import { notAuthenticated } from '../../common/problem.js';
import { isUuid } from '../../common/uuid-param.js';
import { AppConfig, type ResolvedConfig } from '../../config/app-config.js';
import { SessionsService } from '../sessions.service.js';
import { type AccessClaims, JWT_ALGORITHM, jwtSigningKey } from '../token.service.js';

/**
 * Bearer access tokens: signature, algorithm (pinned), issuer, audience and expiry are checked by
 * passport-jwt; here, that it is an access token and that its session and user are still live.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(AppConfig) config: ResolvedConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject (passport-jwt's types only name strings and Buffers; jsonwebtoken takes it).
      secretOrKey: jwtSigningKey(config.jwtSecret) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims): Promise<Principal> {
    if (claims.type !== 'access' || !isUuid(claims.sid) || !isUuid(claims.sub)) {
      throw notAuthenticated();
    }
    const principal = await this.sessions.principalFor(claims);
    if (!principal) throw notAuthenticated();
    return principal;
  }
}
