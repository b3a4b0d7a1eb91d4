import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { type EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { type AuditActor, userActor } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
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

/** Why a session ends, for the audit log: who ended it, from where. */
export interface SessionEnding {
  actor: AuditActor;
  client?: ClientInfo;
  reason: 'logout' | 'revoked' | 'logout_all' | 'refresh_reuse';
}

/** A live session of an active user (refresh, step one). */
interface LiveSessionRow {
  id: string;
  refresh_token_hash: string;
  user_id: string;
  username: string;
  is_admin: boolean;
  is_active: boolean;
}

const LIVE_SESSION_SQL = `
  SELECT s.id, s.refresh_token_hash, u.id AS user_id, u.username, u.is_admin, u.is_active
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`;

/** The compare-and-swap of a rotation: only the caller presenting the current hash wins. */
const ROTATE_SQL = `
  UPDATE sessions
     SET refresh_token_hash = $3, previous_refresh_token_hash = $2, rotated_at = now(),
         retry_envelope = $4, last_used_at = now(), expires_at = $5
   WHERE id = $1 AND refresh_token_hash = $2 AND revoked_at IS NULL`;

/** Sessions (one per login) and their refresh-token family: start, rotate, revoke, list. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly validity: SessionValidityCache,
    private readonly audit: AuditService,
  ) {}

  /** A password login: the session and its auth.login.succeeded event, in one transaction. */
  login(user: SessionOwner, client: ClientInfo): Promise<TokenPair> {
    return this.sessions.manager.transaction((manager) =>
      this.signIn(manager, user, client, 'password'),
    );
  }

  /**
   * A completed sign-in (a password, a password and a second factor, or a passkey) in the caller's
   * transaction: the session, and its auth.login.succeeded event saying how it was established.
   */
  async signIn(
    manager: EntityManager,
    user: SessionOwner,
    client: ClientInfo,
    authMethod: AuthMethod,
  ): Promise<TokenPair> {
    const { pair, sessionId } = await this.open(
      user,
      client,
      manager.getRepository(Session),
      authMethod,
    );
    await this.audit.record(manager, {
      action: 'auth.login.succeeded',
      actor: userActor(user),
      subject: { type: 'user', id: user.id, name: user.username },
      origin: client,
      outcome: 'success',
      details: { session_id: sessionId, method: authMethod },
    });
    return pair;
  }

  /** Opens a session for a user who just proved who they are, and mints its first tokens. */
  async start(
    user: SessionOwner,
    client: ClientInfo,
    repository = this.sessions,
    authMethod: AuthMethod = 'password',
  ): Promise<TokenPair> {
    return (await this.open(user, client, repository, authMethod)).pair;
  }

  private async open(
    user: SessionOwner,
    client: ClientInfo,
    repository: Repository<Session>,
    authMethod: AuthMethod,
  ): Promise<{ pair: TokenPair; sessionId: string }> {
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
    return { pair, sessionId };
  }

  /**
   * Rotates a refresh token. Exactly one caller can win the compare-and-swap on the stored hash; a
   * caller presenting the token just retired, within the leeway, gets the winner's answer again;
   * anything else presenting a retired token is a replay and ends the whole session.
   */
  async refresh(refreshToken: string, client: ClientInfo = {}): Promise<TokenPair> {
    const claims = this.tokens.verifyRefresh(refreshToken);
    if (!claims) throw notAuthenticated();
    const presentedHash = sha256Hex(refreshToken);
    // The two statements of a rotation as SQL of their own: refresh is the busiest write, and
    // building them through the query builder was ~15 % of its CPU (issue #22's refresh floor).
    const [live] = (await this.sessions.query(LIVE_SESSION_SQL, [claims.sid, claims.sub])) as [
      LiveSessionRow?,
    ];
    if (!live || !live.is_active) throw notAuthenticated();
    const user = { id: live.user_id, username: live.username, isAdmin: live.is_admin };

    if (live.refresh_token_hash === presentedHash) {
      const pair = this.tokens.issuePair({
        userId: user.id,
        username: user.username,
        isAdmin: user.isAdmin,
        sessionId: live.id,
      });
      const [, rotated] = (await this.sessions.query(ROTATE_SQL, [
        live.id,
        presentedHash,
        sha256Hex(pair.refresh_token),
        sealEnvelope(pair, refreshToken, live.id),
        this.refreshExpiry(),
      ])) as [unknown, number];
      if (rotated === 1) return pair;
    }
    return this.retryOrRevoke(live.id, presentedHash, refreshToken, {
      actor: userActor(user),
      client,
      reason: 'refresh_reuse',
    });
  }

  private async retryOrRevoke(
    sessionId: string,
    presentedHash: string,
    refreshToken: string,
    ending: SessionEnding,
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
    await this.revoke(sessionId, undefined, ending);
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

  /**
   * Ends one session (of `userId`, when given). With `ending`, the end is recorded in the same
   * transaction (auth.session.revoked, or auth.refresh.reuse_detected for a replayed token).
   */
  async revoke(sessionId: string, userId?: string, ending?: SessionEnding): Promise<boolean> {
    const revoked = await this.sessions.manager.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE sessions SET revoked_at = now(), retry_envelope = NULL
          WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND revoked_at IS NULL
          RETURNING user_id`,
        [sessionId, userId ?? null],
      )) as [{ user_id: string }[], number];
      const owner = rows[0]?.user_id;
      if (owner && ending)
        await this.recordEnding(manager, ending, owner, { session_id: sessionId });
      return owner !== undefined;
    });
    this.validity.forget(sessionId);
    return revoked;
  }

  /**
   * Ends every session of a user, but the one named in `keep` (e.g. the caller's own); with
   * `ending`, records it in the same transaction (the caller's own when `repository` is given).
   */
  async revokeAllForUser(
    userId: string,
    keep?: string,
    repository = this.sessions,
    ending?: SessionEnding,
  ): Promise<void> {
    await repository.manager.transaction(async (manager) => {
      const query = manager
        .createQueryBuilder()
        .update(Session)
        .set({ revokedAt: () => 'now()', retryEnvelope: null })
        .where('user_id = :userId AND revoked_at IS NULL', { userId });
      if (keep) query.andWhere('id <> :keep', { keep });
      const result = await query.execute();
      if (ending && result.affected) {
        await this.recordEnding(manager, ending, userId, { sessions_ended: result.affected });
      }
    });
    this.validity.forgetUser(userId);
  }

  private recordEnding(
    manager: EntityManager,
    ending: SessionEnding,
    userId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, {
      action:
        ending.reason === 'refresh_reuse' ? 'auth.refresh.reuse_detected' : 'auth.session.revoked',
      actor: ending.actor,
      subject: {
        type: 'session',
        id: typeof details.session_id === 'string' ? details.session_id : null,
      },
      origin: ending.client,
      outcome: ending.reason === 'refresh_reuse' ? 'failure' : 'success',
      details: { ...details, reason: ending.reason },
      ownerIds: [userId],
    });
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
