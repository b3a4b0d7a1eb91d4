import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { isUuid } from '../common/uuid-param.js';
import { AppConfig } from '../config/app-config.js';

/** The only algorithm ever accepted: a token naming another (or "none") is refused. */
export const JWT_ALGORITHM = 'HS256' as const;

/**
 * The HS256 key as a KeyObject. Handed a string, jsonwebtoken first tries to parse it as a PEM
 * public key and catches the failure — on every sign and verify; that alone was over half of the
 * CPU time of an authenticated request.
 */
export function jwtSigningKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/**
 * How every token is checked besides its signature and expiry: the pinned algorithm, issuer and
 * audience. TokenService verifies with these; passport-jwt (JwtStrategy) is handed the same.
 */
export function jwtVerifyOptions(config: AppConfig) {
  return {
    algorithms: [JWT_ALGORITHM],
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
  };
}

export interface AccessClaims {
  sub: string;
  user_id: string;
  username: string;
  is_admin: boolean;
  sid: string;
  jti: string;
  type: 'access';
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export interface RefreshClaims {
  sub: string;
  sid: string;
  jti: string;
  type: 'refresh';
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

/** A verified payload of the given kind: the two kinds are never accepted in each other's place. */
function isOfKind(payload: unknown, type: 'access' | 'refresh'): boolean {
  const claims = payload as Record<string, unknown> | undefined;
  // The ids reach uuid columns: anything else is no token of ours.
  return claims?.type === type && isUuid(claims.sid) && isUuid(claims.sub);
}

/** A verified payload as access claims, or undefined when it is not an access token. */
export function accessClaimsOf(payload: unknown): AccessClaims | undefined {
  return isOfKind(payload, 'access') ? (payload as AccessClaims) : undefined;
}

export interface TokenSubject {
  userId: string;
  username: string;
  isAdmin: boolean;
  sessionId: string;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
}

/** Signs and verifies the two kinds of JWT; they are never accepted in each other's place. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  issuePair(subject: TokenSubject): TokenPair {
    const common = {
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      algorithm: JWT_ALGORITHM,
    };
    const access_token = this.jwt.sign(
      {
        sub: subject.userId,
        user_id: subject.userId,
        username: subject.username,
        is_admin: subject.isAdmin,
        sid: subject.sessionId,
        jti: randomUUID(),
        type: 'access',
      },
      { ...common, expiresIn: this.config.accessTokenTtl },
    );
    const refresh_token = this.jwt.sign(
      { sub: subject.userId, sid: subject.sessionId, jti: randomUUID(), type: 'refresh' },
      { ...common, expiresIn: this.config.refreshTokenTtl },
    );
    return {
      access_token,
      refresh_token,
      token_type: 'bearer',
      expires_in: this.config.accessTokenTtl,
    };
  }

  /** The claims of a valid, unexpired refresh token, or undefined for anything else. */
  verifyRefresh(token: string): RefreshClaims | undefined {
    const claims = this.verify(token);
    return isOfKind(claims, 'refresh') ? (claims as unknown as RefreshClaims) : undefined;
  }

  /** The claims of a valid, unexpired access token, or undefined for anything else. */
  verifyAccess(token: string): AccessClaims | undefined {
    return accessClaimsOf(this.verify(token));
  }

  private verify(token: string): Record<string, unknown> | undefined {
    try {
      return this.jwt.verify(token, jwtVerifyOptions(this.config));
    } catch {
      return undefined;
    }
  }
}
