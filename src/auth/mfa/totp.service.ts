import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { userActor, userSubject } from '../../audit/audit-event.js';
import { AuditService } from '../../audit/audit.service.js';
import { onFirstUse } from '../../common/on-first-use.js';
import { ApiError, conflict } from '../../common/problem.js';
import { AppConfig } from '../../config/app-config.js';
import type { ClientInfo } from '../sessions.service.js';
import { FactorChecks } from './factor-checks.service.js';
import { RecoveryCode, TotpFactor } from './mfa.entities.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { SecretBox } from './secret-box.js';

export const ISSUER = 'ChatOps';
/** otplib loads with the first enrolment or code, not at start-up (an idle instance never needs it). */
const otplib = onFirstUse(() => import('otplib'));

/** RFC 4226 §4 recommends 160 bits; otplib's own default is shorter. */
const SECRET_BYTES = 20;
/** ±30 s around now: the previous, current and next 30-second step (API.md §11). */
const TOLERANCE_SECONDS = 30;
export const INVALID_CODE = 'Invalid code';

export interface CallerAccount {
  id: string;
  username: string;
}

const badRequest = (detail: string) => new ApiError(400, detail);

/** The authenticator app (TOTP, RFC 6238 via otplib): enrol, confirm, disable, accept a code. */
@Injectable()
export class TotpService {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly checks: FactorChecks,
    private readonly recovery: RecoveryCodesService,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.box = new SecretBox(config.mfaEncryptionKey ?? config.jwtSecret!);
  }

  /**
   * Starts (or restarts) an enrolment: a new secret, shown in this answer only, not active until
   * a code confirms it. 409 while an app is already enabled.
   */
  async begin(
    caller: CallerAccount,
    password: string,
  ): Promise<{ secret: string; otpauth_url: string }> {
    await this.checks.assertPassword(caller.id, password);
    const { generateSecret, generateURI } = await otplib();
    const secret = generateSecret({ length: SECRET_BYTES });
    const sealed = this.box.seal(secret, caller.id);
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO mfa_totp (user_id, secret_ciphertext) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE
         SET secret_ciphertext = EXCLUDED.secret_ciphertext, last_time_step = NULL, created_at = now()
         WHERE mfa_totp.confirmed_at IS NULL
       RETURNING user_id`,
      [caller.id, sealed],
    );
    if (rows.length === 0) throw conflict('Authenticator app already enabled');
    return {
      secret,
      otpauth_url: generateURI({ issuer: ISSUER, label: caller.username, secret }),
    };
  }

  /** Activates the pending app with its first code; answers the recovery codes, shown once. */
  async confirm(
    caller: CallerAccount,
    code: string,
    client: ClientInfo,
  ): Promise<{ recovery_codes: string[] }> {
    const state = await this.state(caller.id);
    if (state !== 'pending') {
      throw conflict(
        state === 'enabled'
          ? 'Authenticator app already enabled'
          : 'No authenticator app setup in progress',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const ok = await this.checks.secondFactor(caller.id, () =>
        this.acceptCode(manager, caller.id, code, 'pending'),
      );
      if (!ok) {
        this.audit.recordUnchanged({
          action: 'auth.mfa.failed',
          actor: userActor(caller),
          subject: userSubject(caller),
          origin: client,
          outcome: 'failure',
          details: { method: 'totp', operation: 'confirm' },
        });
        throw badRequest(INVALID_CODE);
      }
      const codes = await this.recovery.replace(manager, caller.id);
      await this.audit.record(manager, {
        action: 'auth.mfa.enabled',
        actor: userActor(caller),
        subject: userSubject(caller),
        origin: client,
        outcome: 'success',
        details: { method: 'totp' },
      });
      return { recovery_codes: codes };
    });
  }

  /**
   * Turns the app off (with its recovery codes): the password and a current code, or one of the
   * recovery codes when the phone is gone.
   */
  async disable(
    caller: CallerAccount,
    password: string,
    code: string,
    client: ClientInfo,
  ): Promise<void> {
    await this.checks.assertPassword(caller.id, password);
    if ((await this.state(caller.id)) !== 'enabled') {
      throw conflict('Authenticator app is not enabled');
    }
    await this.dataSource.transaction(async (manager) => {
      // Serialises removals of one user's factors (see PasskeysService.remove).
      await manager.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [caller.id]);
      const ok = await this.checks.secondFactor(caller.id, async () =>
        /^\d{6}$/.test(code.trim())
          ? this.acceptCode(manager, caller.id, code, 'enabled')
          : this.recovery.consume(manager, caller.id, code),
      );
      if (!ok) {
        this.audit.recordUnchanged({
          action: 'auth.mfa.failed',
          actor: userActor(caller),
          subject: userSubject(caller),
          origin: client,
          outcome: 'failure',
          details: { method: 'totp', operation: 'disable' },
        });
        throw badRequest(INVALID_CODE);
      }
      await manager.delete(TotpFactor, { userId: caller.id });
      await manager.delete(RecoveryCode, { userId: caller.id });
      await this.audit.record(manager, {
        action: 'auth.mfa.disabled',
        actor: userActor(caller),
        subject: userSubject(caller),
        origin: client,
        outcome: 'success',
        details: { method: 'totp' },
      });
    });
  }

  /** Whether the user has no app, one awaiting its first code, or an enabled one. */
  async state(userId: string, manager?: EntityManager): Promise<'none' | 'pending' | 'enabled'> {
    const row = await (manager ?? this.dataSource.manager).findOne(TotpFactor, {
      where: { userId },
    });
    return !row ? 'none' : row.confirmedAt ? 'enabled' : 'pending';
  }

  /**
   * Accepts `code` once: it must match the secret within ±1 step and be of a later time step than
   * the last code accepted. The step is then recorded by compare-and-swap, so of two requests (on
   * any instances) carrying the same code, exactly one wins. Confirms a pending app as it goes.
   */
  async acceptCode(
    manager: EntityManager,
    userId: string,
    code: string,
    state: 'pending' | 'enabled',
  ): Promise<boolean> {
    const token = code.trim();
    if (!/^\d{6}$/.test(token)) return false;
    const row = await manager
      .createQueryBuilder(TotpFactor, 't')
      .addSelect('t.secretCiphertext')
      .where('t.user_id = :userId', { userId })
      .getOne();
    if (!row || (state === 'enabled') !== (row.confirmedAt !== null)) return false;
    const secret = this.box.open(row.secretCiphertext, userId);
    if (!secret) return false;
    const { verify } = await otplib();
    const result = await verify({
      secret,
      token,
      epochTolerance: TOLERANCE_SECONDS,
      ...(row.lastTimeStep === null ? {} : { afterTimeStep: row.lastTimeStep }),
    });
    if (!result.valid || !('timeStep' in result)) return false;
    const swap = await manager
      .createQueryBuilder()
      .update(TotpFactor)
      .set({
        lastTimeStep: result.timeStep,
        ...(state === 'pending' ? { confirmedAt: () => 'now()' } : {}),
      })
      .where('user_id = :userId', { userId })
      .andWhere('(last_time_step IS NULL OR last_time_step < :step)', { step: result.timeStep })
      .andWhere(state === 'pending' ? 'confirmed_at IS NULL' : 'confirmed_at IS NOT NULL')
      .execute();
    return swap.affected === 1;
  }
}
