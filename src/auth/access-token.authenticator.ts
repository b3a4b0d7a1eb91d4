import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/access.js';
import { SessionsService } from './sessions.service.js';
import { accessClaimsOf, TokenService } from './token.service.js';

/** A bearer this long is no token of ours (ours are well under 1 KiB): not worth verifying. */
const MAX_TOKEN_LENGTH = 8192;

/** Who an access token speaks for, and until when the token itself is good. */
export interface Authentication {
  principal: Principal;
  /** The token's `exp`, in epoch milliseconds. */
  expiresAt: number;
}

/**
 * The one check of an access token, for HTTP (JwtStrategy, through Passport) and for the /events
 * socket alike: signature, pinned algorithm, issuer, audience and expiry (TokenService's options),
 * then that it is an access token naming UUIDs (accessClaimsOf), then that its session and user are
 * still live (SessionsService.principalFor: revoked sessions and disabled users are refused, and a
 * change is seen within 2 s on every instance).
 */
@Injectable()
export class AccessTokenAuthenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
  ) {}

  /** A bearer token → who it speaks for now, or undefined for anything that is not a good one. */
  async authenticate(bearer: string): Promise<Authentication | undefined> {
    const claims =
      bearer.length > 0 && bearer.length < MAX_TOKEN_LENGTH
        ? this.tokens.verifyAccess(bearer)
        : undefined;
    const principal = claims && (await this.sessions.principalFor(claims));
    return principal && { principal, expiresAt: claims.exp * 1000 };
  }

  /**
   * The same check for a payload whose signature, algorithm, issuer, audience and expiry were
   * verified already (by passport-jwt, with TokenService's options).
   */
  async principalOf(payload: unknown): Promise<Principal | undefined> {
    const claims = accessClaimsOf(payload);
    return claims && this.sessions.principalFor(claims);
  }

  /** Whether an authenticated caller's session and user are still live (sockets re-check this). */
  async stillLive(principal: Principal): Promise<boolean> {
    const now = await this.sessions.principalFor({ sid: principal.sessionId, sub: principal.id });
    return now !== undefined;
  }
}
