import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, MoreThan, Repository } from 'typeorm';
import type { Principal } from '../common/access.js';
import { notAuthenticated } from '../common/problem.js';
import { AppConfig } from '../config/app-config.js';
import { type AuthMethod, Session } from './session.entity.js';
import { SessionValidityCache } from './session-validity.cache.js';
import { openEnvelope, sealEnvelope, sha256Hex } from './token-crypto.js';
import { type AccessClaims, TokenService, type TokenPair } from './token.service.js';

export interface ClientInfo {
  userAgent?: string;
  ip?: string;
}

/** The user a session is opened for. */
export interface SessionOwner {
  id: string;
  username: string;
  isAdmin: boolean;
}

/** Sessions (one per login) and their refresh-token family: start, rotate, revoke, list. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly validity: SessionValidityCache,
  ) {}

  /** Opens a session for a user who just proved who they are, and mints its first tokens. */
  async start(
    user: SessionOwner,
    client: ClientInfo,
    repository = this.sessions,
    authMethod: AuthMethod = 'password',
  ): Promise<TokenPair> {
    const sessionId = randomUUID();
    const pair = this.tokens.issuePair({
      userId: user.id,
      username: user.username,
      isAdmin: user.isAdmin,
      sessionId,
    });
    await repository.insert({
      id: sessionId,
      userId: user.id,
      refreshTokenHash: sha256Hex(pair.refresh_token),
      lastUsedAt: new Date(),
      expiresAt: this.refreshExpiry(),
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
      authMethod,
    });
    return pair;
  }

  /**
   * Rotates a refresh token. Exactly one caller can win the compare-and-swap on the stored hash; a
   * caller presenting the token just retired, within the leeway, gets the winner's answer again;
   * anything else presenting a retired token is a replay and ends the whole session.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = this.tokens.verifyRefresh(refreshToken);
    if (!claims) throw notAuthenticated();
    const presentedHash = sha256Hex(refreshToken);
    const live = await this.sessions
      .createQueryBuilder('s')
      .innerJoin('s.user', 'u')
      .select(['s.id', 's.refreshTokenHash', 'u.id', 'u.username', 'u.isAdmin', 'u.isActive'])
      .where(
        's.id = :sid AND s.user_id = :sub AND s.revoked_at IS NULL AND s.expires_at > now()',
        claims,
      )
      .getOne();
    if (!live || !live.user?.isActive) throw notAuthenticated();

    if (live.refreshTokenHash === presentedHash) {
      const user = live.user;
      const pair = this.tokens.issuePair({
        userId: user.id,
        username: user.username,
        isAdmin: user.isAdmin,
        sessionId: live.id,
      });
      const result = await this.sessions
        .createQueryBuilder()
        .update(Session)
        .set({
          refreshTokenHash: sha256Hex(pair.refresh_token),
          previousRefreshTokenHash: presentedHash,
          rotatedAt: () => 'now()',
          retryEnvelope: sealEnvelope(pair, refreshToken, live.id),
          lastUsedAt: () => 'now()',
          expiresAt: this.refreshExpiry(),
        })
        .where('id = :id AND refresh_token_hash = :presentedHash AND revoked_at IS NULL', {
          id: live.id,
          presentedHash,
        })
        .execute();
      if (result.affected === 1) return pair;
    }
    return this.retryOrRevoke(live.id, presentedHash, refreshToken);
  }

  private async retryOrRevoke(
    sessionId: string,
    presentedHash: string,
    refreshToken: string,
  ): Promise<TokenPair> {
    const leeway = this.config.refreshReuseLeeway;
    const last = await this.sessions
      .createQueryBuilder('s')
      .select(['s.id', 's.previousRefreshTokenHash', 's.rotatedAt', 's.revokedAt'])
      .addSelect('s.retryEnvelope')
      .addSelect(`s.rotated_at > now() - make_interval(secs => :leeway)`, 'within_leeway')
      .where('s.id = :sessionId', { sessionId, leeway })
      .getRawAndEntities();
    const session = last.entities[0];
    const withinLeeway = last.raw[0]?.within_leeway === true;
    if (
      session &&
      !session.revokedAt &&
      withinLeeway &&
      session.previousRefreshTokenHash === presentedHash &&
      session.retryEnvelope
    ) {
      const answer = openEnvelope<TokenPair>(session.retryEnvelope, refreshToken, sessionId);
      if (answer) return answer;
    }
    await this.revoke(sessionId);
    throw notAuthenticated();
  }

  /**
   * The principal behind an access token's session (`sid`) and user (`sub`), or undefined once
   * either is no longer valid. (Verify the token first: AccessTokenAuthenticator does both.)
   */
  async principalFor(claims: Pick<AccessClaims, 'sid' | 'sub'>): Promise<Principal | undefined> {
    const principal = await this.validity.get(claims.sid, async () => {
      const row = await this.sessions
        .createQueryBuilder('s')
        .innerJoin('s.user', 'u')
        .select(['s.id', 'u.id', 'u.username', 'u.isAdmin', 'u.isActive'])
        .where(
          's.id = :sid AND s.user_id = :sub AND s.revoked_at IS NULL AND s.expires_at > now()',
          claims,
        )
        .getOne();
      if (!row?.user?.isActive) return undefined;
      return {
        id: row.user.id,
        username: row.user.username,
        isAdmin: row.user.isAdmin,
        sessionId: row.id,
      };
    });
    // The cache is keyed by session alone: the token must also name that session's user.
    return principal?.id === claims.sub ? principal : undefined;
  }

  async revoke(sessionId: string, userId?: string): Promise<boolean> {
    const result = await this.sessions.update(
      { id: sessionId, ...(userId ? { userId } : {}), revokedAt: IsNull() },
      { revokedAt: () => 'now()', retryEnvelope: null },
    );
    this.validity.forget(sessionId);
    return (result.affected ?? 0) > 0;
  }

  /** Ends every session of a user, but the one named in `keep` (e.g. the caller's own). */
  async revokeAllForUser(userId: string, keep?: string, repository = this.sessions): Promise<void> {
    const query = repository
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()', retryEnvelope: null })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keep) query.andWhere('id <> :keep', { keep });
    await query.execute();
    this.validity.forgetUser(userId);
  }

  /** Makes a change to a user's role or state visible to their next request. */
  forgetUser(userId: string): void {
    this.validity.forgetUser(userId);
  }

  /** Live sessions of a user, newest first. */
  listLive(userId: string): Promise<Session[]> {
    return this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'DESC' },
    });
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.refreshTokenTtl * 1000);
  }
}
