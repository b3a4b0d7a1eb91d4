import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { AuditAction } from '../../audit/audit-event.js';
import { ApiError, forbidden, notAuthenticated, unprocessable } from '../../common/problem.js';
import { User } from '../../users/user.entity.js';
import type { AuthMethod } from '../session.entity.js';
import { type ClientInfo, type SessionOwner, SessionsService } from '../sessions.service.js';
import { sha256Hex } from '../token-crypto.js';
import type { TokenPair } from '../token.service.js';
import type { MfaVerifyDto } from './dto/mfa.dto.js';
import { FactorChecks } from './factor-checks.service.js';
import { MfaToken, Passkey } from './mfa.entities.js';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { INVALID_CODE, TotpService } from './totp.service.js';

export const SECOND_FACTOR_REQUIRED = 'Second factor required';
export const INVALID_MFA_TOKEN = 'Invalid or expired mfa_token';
const MFA_TOKEN_TTL_SECONDS = 300;

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';

/**
 * Login with a second factor (API.md §11). The password routes call `challengeIfEnrolled` right
 * after the password check succeeds: a user with a factor gets the 401 "Second factor required"
 * with a fresh `mfa_token` instead of a session. `verify` then trades that token and one factor
 * for the usual tokens — token and factor are both used up in the transaction that opens the
 * session, so a failed request leaves both as they were.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly totp: TotpService,
    private readonly recovery: RecoveryCodesService,
    private readonly passkeys: PasskeysService,
    private readonly checks: FactorChecks,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** The factors the user can complete a login with (empty: no second factor). */
  async methodsOf(
    userId: string,
    manager = this.dataSource.manager,
  ): Promise<SecondFactorMethod[]> {
    const methods: SecondFactorMethod[] = [];
    if ((await this.totp.state(userId, manager)) === 'enabled') {
      methods.push('totp');
      if ((await this.recovery.remaining(manager, userId)) > 0) methods.push('recovery_code');
    }
    if (await manager.exists(Passkey, { where: { userId } })) methods.push('passkey');
    return methods;
  }

  /** What GET /auth/mfa shows. */
  async status(userId: string) {
    const manager = this.dataSource.manager;
    const totp = await this.totp.state(userId, manager);
    return {
      totp,
      recovery_codes_remaining:
        totp === 'enabled' ? await this.recovery.remaining(manager, userId) : 0,
      passkeys: await manager.count(Passkey, { where: { userId } }),
    };
  }

  /**
   * THE hook of the password login (LocalStrategy, after the password check succeeded and before
   * any session exists): returns for a user without a second factor; otherwise throws the 401
   * `{"detail": "Second factor required", "mfa_token", "methods"}`, the token bound to this check.
   */
  async challengeIfEnrolled(user: SessionOwner): Promise<void> {
    const methods = await this.methodsOf(user.id);
    if (methods.length === 0) return;
    const mfaToken = randomBytes(32).toString('base64url');
    await this.dataSource.query(
      `DELETE FROM mfa_tokens WHERE user_id = $1 AND (expires_at < now() OR used_at IS NOT NULL)`,
      [user.id],
    );
    await this.dataSource.getRepository(MfaToken).insert({
      tokenHash: sha256Hex(mfaToken),
      userId: user.id,
      expiresAt: new Date(Date.now() + MFA_TOKEN_TTL_SECONDS * 1000),
    });
    throw new ApiError(
      401,
      SECOND_FACTOR_REQUIRED,
      { 'WWW-Authenticate': 'Bearer' },
      { mfa_token: mfaToken, methods },
    );
  }

  /**
   * For flows outside this folder that must re-check the second factor — API.md §10's
   * self-deletion "plus a second-factor code when enabled": true when the user has no
   * authenticator app, or `code` is a current code or an unused recovery code (used up in
   * `manager`'s transaction, so it is spent only if that change commits). Counted against the
   * second-factor lock-out (429 past it). A passkey-only account has no code to give: true.
   */
  async confirmCode(
    manager: EntityManager,
    userId: string,
    code: string | undefined,
  ): Promise<boolean> {
    if ((await this.totp.state(userId, manager)) !== 'enabled') return true;
    if (!code) return false;
    return this.checks.secondFactor(userId, async () =>
      /^\d{6}$/.test(code.trim())
        ? this.totp.acceptCode(manager, userId, code, 'enabled')
        : this.recovery.consume(manager, userId, code),
    );
  }

  /** The user a live (unused, unexpired) mfa_token stands for; 401 otherwise. */
  async holderOf(mfaToken: string): Promise<string> {
    const row = await this.dataSource
      .getRepository(MfaToken)
      .createQueryBuilder('t')
      .where('t.token_hash = :hash AND t.used_at IS NULL AND t.expires_at > now()', {
        hash: sha256Hex(mfaToken),
      })
      .getOne();
    if (!row) throw notAuthenticated(INVALID_MFA_TOKEN);
    return row.userId;
  }

  /** Completes a login: the mfa_token and exactly one factor → a session and its tokens. */
  async verify(body: MfaVerifyDto, client: ClientInfo): Promise<TokenPair> {
    const given = (['code', 'recovery_code', 'passkey'] as const).filter(
      (field) => body[field] !== undefined && body[field] !== null,
    );
    if (given.length !== 1) {
      throw unprocessable([
        {
          type: 'value_error',
          loc: ['body'],
          msg: 'Give exactly one of code, recovery_code, passkey',
        },
      ]);
    }
    const userId = await this.holderOf(body.mfa_token);
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) throw notAuthenticated(INVALID_MFA_TOKEN);
    const method = given[0];
    const authMethod: AuthMethod =
      method === 'code'
        ? 'password+totp'
        : method === 'recovery_code'
          ? 'password+recovery_code'
          : 'password+passkey';
    const tokenHash = sha256Hex(body.mfa_token);

    // The passkey assertion is checked (and its challenge used up) before the transaction: the
    // challenge is single use whatever the outcome.
    let passkeyId: string | undefined;
    const pair = await this.dataSource.transaction(async (manager) => {
      const passed = await this.checks.secondFactor(userId, async () => {
        if (method === 'code') return this.totp.acceptCode(manager, userId, body.code!, 'enabled');
        if (method === 'recovery_code') {
          return (
            (await this.totp.state(userId, manager)) === 'enabled' &&
            this.recovery.consume(manager, userId, body.recovery_code!)
          );
        }
        passkeyId = await this.passkeys.verifySecondFactor(
          manager,
          userId,
          tokenHash,
          body.passkey!,
        );
        return passkeyId !== undefined;
      });
      if (!passed) return undefined;
      if (!user.isActive) throw forbidden('Account is disabled');
      const used = await manager
        .createQueryBuilder()
        .update(MfaToken)
        .set({ usedAt: () => 'now()' })
        .where('token_hash = :tokenHash AND used_at IS NULL AND expires_at > now()', { tokenHash })
        .execute();
      if (used.affected !== 1) throw notAuthenticated(INVALID_MFA_TOKEN);
      await this.record(manager, user, method, client, passkeyId);
      return this.sessions.signIn(manager, user, client, authMethod);
    });
    if (!pair) {
      this.audit.recordUnchanged({
        action: method === 'passkey' ? 'auth.passkey.failed' : 'auth.mfa.failed',
        actor: { type: 'user', id: user.id, username: user.username },
        subject: { type: 'user', id: user.id, name: user.username },
        origin: client,
        outcome: 'failure',
        details: { method: method === 'code' ? 'totp' : method, operation: 'login' },
      });
      throw notAuthenticated(INVALID_CODE);
    }
    return pair;
  }

  private async record(
    manager: EntityManager,
    user: User,
    method: 'code' | 'recovery_code' | 'passkey',
    client: ClientInfo,
    passkeyId?: string,
  ): Promise<void> {
    const actions: Record<typeof method, AuditAction> = {
      code: 'auth.mfa.succeeded',
      recovery_code: 'auth.mfa.recovery_code_used',
      passkey: 'auth.passkey.succeeded',
    };
    await this.audit.record(manager, {
      action: actions[method],
      actor: { type: 'user', id: user.id, username: user.username },
      subject: passkeyId
        ? { type: 'passkey', id: passkeyId }
        : { type: 'user', id: user.id, name: user.username },
      origin: client,
      outcome: 'success',
      details: {
        method: method === 'code' ? 'totp' : method,
        operation: 'login',
        ...(method === 'recovery_code'
          ? { remaining: await this.recovery.remaining(manager, user.id) }
          : {}),
      },
    });
  }
}
