import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { DataSource, type EntityManager } from 'typeorm';
import { userActor } from '../../audit/audit-event.js';
import { AuditService } from '../../audit/audit.service.js';
import { onFirstUse } from '../../common/on-first-use.js';
import { ApiError, forbidden, notAuthenticated, notFound } from '../../common/problem.js';
import { AppConfig } from '../../config/app-config.js';
import { User } from '../../users/user.entity.js';
import { type ClientInfo, SessionsService } from '../sessions.service.js';
import type { TokenPair } from '../token.service.js';
import { FactorChecks } from './factor-checks.service.js';
import { type ChallengePurpose, Passkey, WebauthnChallenge } from './mfa.entities.js';
import type { CallerAccount } from './totp.service.js';

/**
 * @simplewebauthn/server and its certificate parsers (~4 MiB of heap) load with the first passkey
 * ceremony, not at start-up: most instances never see one, and an idle instance should not hold them.
 */
const webauthn = onFirstUse(() =>
  Promise.all([import('@simplewebauthn/server'), import('@simplewebauthn/server/helpers')]),
);

const CHALLENGE_TTL_SECONDS = 300;
const RP_NAME = 'ChatOps';
export const INVALID_PASSKEY = 'Passkey not accepted';
export const LAST_FACTOR_NEEDS_PASSKEY =
  'Removing your last second factor needs a confirmation with that passkey';

/** A passkey as the API shows it (never its key material). */
export interface PasskeyView {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  device_type: string;
  backed_up: boolean;
  transports: string[];
}

export const toPasskeyView = (p: Passkey): PasskeyView => ({
  id: p.id,
  name: p.name,
  created_at: p.createdAt.toISOString(),
  last_used_at: p.lastUsedAt?.toISOString() ?? null,
  device_type: p.deviceType,
  backed_up: p.backedUp,
  transports: p.transports,
});

/**
 * Passkeys (WebAuthn, via @simplewebauthn/server). The relying party is PUBLIC_URL: its host name
 * is the RP ID and its origin the only origin accepted. Every challenge is stored server-side
 * (any instance can check it), single use — taken by compare-and-swap before the answer is
 * checked, whatever the outcome — and 5 minutes long. Signature counters only move forward.
 */
@Injectable()
export class PasskeysService {
  private readonly rpId: string;
  private readonly origin: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly checks: FactorChecks,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    const url = new URL(config.publicUrl);
    this.rpId = url.hostname;
    this.origin = url.origin;
  }

  /** Options for navigator.credentials.create(): a discoverable credential, this user's others excluded. */
  async registrationOptions(
    caller: CallerAccount,
    password: string,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    await this.checks.assertPassword(caller.id, password);
    const existing = await this.ofUser(caller.id);
    const [{ generateRegistrationOptions }, { isoUint8Array }] = await webauthn();
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: this.rpId,
      userName: caller.username,
      userID: isoUint8Array.fromUTF8String(caller.id),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      timeout: CHALLENGE_TTL_SECONDS * 1000,
    });
    await this.storeChallenge(options.challenge, 'register', caller.id);
    return options;
  }

  /** Checks the authenticator's answer to a registration challenge and keeps the passkey. */
  async register(
    caller: CallerAccount,
    response: RegistrationResponseJSON,
    name: string | undefined,
    client: ClientInfo,
  ): Promise<PasskeyView> {
    const challenge = await this.takeChallenge(response, 'register', { userId: caller.id });
    const rejected = () => new ApiError(400, 'Passkey registration failed');
    if (!challenge) throw rejected();
    const [{ verifyRegistrationResponse }] = await webauthn();
    let info;
    try {
      const verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpId,
        requireUserVerification: false,
      });
      if (!verification.verified) throw rejected();
      info = verification.registrationInfo;
    } catch {
      throw rejected();
    }
    const credential = info.credential;
    return this.dataSource.transaction(async (manager) => {
      const taken = await manager.exists(Passkey, { where: { credentialId: credential.id } });
      if (taken) throw new ApiError(409, 'Passkey already registered');
      const count = await manager.count(Passkey, { where: { userId: caller.id } });
      const saved = await manager.save(
        manager.create(Passkey, {
          userId: caller.id,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: credential.counter,
          transports: (credential.transports ?? []) as string[],
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
          name: name || `Passkey ${count + 1}`,
        }),
      );
      await this.audit.record(manager, {
        action: 'auth.passkey.registered',
        actor: userActor(caller),
        subject: { type: 'passkey', id: saved.id, name: saved.name },
        origin: client,
        outcome: 'success',
      });
      return toPasskeyView(saved);
    });
  }

  async list(userId: string): Promise<PasskeyView[]> {
    return (await this.ofUser(userId)).map(toPasskeyView);
  }

  async rename(
    caller: CallerAccount,
    id: string,
    name: string,
    client: ClientInfo,
  ): Promise<PasskeyView> {
    return this.dataSource.transaction(async (manager) => {
      const passkey = await manager.findOne(Passkey, { where: { id, userId: caller.id } });
      if (!passkey) throw notFound();
      passkey.name = name;
      await manager.update(Passkey, { id }, { name });
      await this.audit.record(manager, {
        action: 'auth.passkey.renamed',
        actor: userActor(caller),
        subject: { type: 'passkey', id, name },
        origin: client,
        outcome: 'success',
      });
      return toPasskeyView(passkey);
    });
  }

  /**
   * Deletes one of the caller's passkeys; the password is required. When it is the account's last
   * second factor (no authenticator app, no other passkey) a fresh assertion of that passkey is
   * required too (options: POST /auth/passkeys/confirm/options), so that a stolen access token and
   * password together cannot strip an account down to its password.
   */
  async remove(
    caller: CallerAccount,
    id: string,
    password: string,
    assertion: AuthenticationResponseJSON | undefined,
    client: ClientInfo,
  ): Promise<void> {
    const passkey = await this.dataSource
      .getRepository(Passkey)
      .findOne({ where: { id, userId: caller.id } });
    if (!passkey) throw notFound();
    await this.checks.assertPassword(caller.id, password);
    await this.dataSource.transaction(async (manager) => {
      // Serialises removals of one user's factors: two deletions cannot each see "another is left".
      await manager.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [caller.id]);
      if (await this.isLastFactor(manager, caller.id)) {
        if (!assertion) throw forbidden(LAST_FACTOR_NEEDS_PASSKEY);
        const confirmed = await this.checks.secondFactor(caller.id, async () => {
          const challenge = await this.takeChallenge(assertion, 'confirm', { userId: caller.id });
          return (
            challenge !== undefined &&
            assertion.id === passkey.credentialId &&
            this.checkAssertion(manager, passkey, assertion, challenge.challenge, false)
          );
        });
        if (!confirmed) throw notAuthenticated(INVALID_PASSKEY);
      }
      const result = await manager.delete(Passkey, { id, userId: caller.id });
      if (result.affected !== 1) throw notFound();
      await this.audit.record(manager, {
        action: 'auth.passkey.deleted',
        actor: userActor(caller),
        subject: { type: 'passkey', id, name: passkey.name },
        origin: client,
        outcome: 'success',
      });
    });
  }

  /** Options for a signed-in user to prove they hold one of their passkeys (purpose `confirm`). */
  async confirmOptions(userId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const mine = await this.ofUser(userId);
    if (mine.length === 0) throw notFound();
    const [{ generateAuthenticationOptions }] = await webauthn();
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      allowCredentials: mine.map((p) => ({ id: p.credentialId, transports: p.transports })),
      userVerification: 'preferred',
      timeout: CHALLENGE_TTL_SECONDS * 1000,
    });
    await this.storeChallenge(options.challenge, 'confirm', userId);
    return options;
  }

  /** No authenticator app and no other passkey: this passkey is all that stands beside the password. */
  private async isLastFactor(manager: EntityManager, userId: string): Promise<boolean> {
    const [row] = (await manager.query(
      `SELECT (SELECT count(*) FROM passkeys WHERE user_id = $1)::int AS passkeys,
              EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS app`,
      [userId],
    )) as { passkeys: number; app: boolean }[];
    return !row.app && row.passkeys <= 1;
  }

  /** Options for a sign-in without a password: any discoverable passkey of this site. */
  async loginOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const [{ generateAuthenticationOptions }] = await webauthn();
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      userVerification: 'required',
      timeout: CHALLENGE_TTL_SECONDS * 1000,
    });
    await this.storeChallenge(options.challenge, 'login', null);
    return options;
  }

  /**
   * A sign-in with a passkey alone (user verification required: the authenticator's PIN or
   * biometrics make it two factors in one) → a session whose auth_method is `passkey`.
   */
  async login(response: AuthenticationResponseJSON, client: ClientInfo): Promise<TokenPair> {
    const challenge = await this.takeChallenge(response, 'login', {});
    const credentialId = typeof response?.id === 'string' ? response.id.slice(0, 1400) : '';
    // Looked up whatever the challenge, so a refused attempt is recorded against its account.
    const passkey = credentialId
      ? await this.dataSource.getRepository(Passkey).findOne({ where: { credentialId } })
      : null;
    const user = passkey
      ? await this.dataSource.getRepository(User).findOneBy({ id: passkey.userId })
      : null;
    const fail = (): never => {
      this.audit.recordUnchanged({
        action: 'auth.passkey.failed',
        actor: { type: 'user', id: user?.id ?? null, username: user?.username ?? null },
        subject: { type: 'passkey', id: passkey?.id ?? null, name: passkey?.name ?? null },
        origin: client,
        outcome: 'failure',
        details: { operation: 'login' },
      });
      throw notAuthenticated(INVALID_PASSKEY);
    };
    if (!challenge || !passkey || !user) return fail();
    const pair = await this.dataSource.transaction(async (manager) => {
      const ok = await this.checks.secondFactor(user.id, () =>
        this.checkAssertion(manager, passkey, response, challenge.challenge, true),
      );
      if (!ok) return undefined;
      if (!user.isActive) throw forbidden('Account is disabled');
      await this.audit.record(manager, {
        action: 'auth.passkey.succeeded',
        actor: { type: 'user', id: user.id, username: user.username },
        subject: { type: 'passkey', id: passkey.id, name: passkey.name },
        origin: client,
        outcome: 'success',
        details: { operation: 'login', passwordless: true },
      });
      return this.sessions.signIn(manager, user, client, 'passkey');
    });
    return pair ?? fail();
  }

  /** Options for a passkey as the second factor of the login that holds `mfaTokenHash`. */
  async secondFactorOptions(
    userId: string,
    mfaTokenHash: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const mine = await this.ofUser(userId);
    if (mine.length === 0) throw new ApiError(409, 'No passkey registered');
    const [{ generateAuthenticationOptions }] = await webauthn();
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      allowCredentials: mine.map((p) => ({ id: p.credentialId, transports: p.transports })),
      userVerification: 'preferred',
      timeout: CHALLENGE_TTL_SECONDS * 1000,
    });
    await this.storeChallenge(options.challenge, 'second_factor', userId, mfaTokenHash);
    return options;
  }

  /**
   * Checks a passkey assertion as the second factor of `userId`'s login holding `mfaTokenHash`;
   * the passkey's id when it passed.
   */
  async verifySecondFactor(
    manager: EntityManager,
    userId: string,
    mfaTokenHash: string,
    response: AuthenticationResponseJSON,
  ): Promise<string | undefined> {
    const challenge = await this.takeChallenge(response, 'second_factor', {
      userId,
      mfaTokenHash,
    });
    if (!challenge) return undefined;
    const passkey = await manager.findOne(Passkey, {
      where: { credentialId: String(response?.id), userId },
    });
    if (!passkey) return undefined;
    const ok = await this.checkAssertion(manager, passkey, response, challenge.challenge, false);
    return ok ? passkey.id : undefined;
  }

  /** Verifies the signature, then moves the counter forward by compare-and-swap. */
  private async checkAssertion(
    manager: EntityManager,
    passkey: Passkey,
    response: AuthenticationResponseJSON,
    expectedChallenge: string,
    requireUserVerification: boolean,
  ): Promise<boolean> {
    const [{ verifyAuthenticationResponse }] = await webauthn();
    let newCounter: number;
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpId,
        requireUserVerification,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.counter,
          transports: passkey.transports as never,
        },
      });
      if (!result.verified) return false;
      newCounter = result.authenticationInfo.newCounter;
    } catch {
      return false; // a malformed answer, a bad signature, a counter that went backwards
    }
    const moved = await manager
      .createQueryBuilder()
      .update(Passkey)
      .set({ counter: newCounter, lastUsedAt: () => 'now()' })
      .where('id = :id', { id: passkey.id })
      .andWhere('(counter < :newCounter OR (counter = 0 AND :newCounter = 0))', { newCounter })
      .execute();
    return moved.affected === 1;
  }

  private ofUser(userId: string): Promise<Passkey[]> {
    return this.dataSource
      .getRepository(Passkey)
      .find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  private async storeChallenge(
    challenge: string,
    purpose: ChallengePurpose,
    userId: string | null,
    mfaTokenHash: string | null = null,
  ): Promise<void> {
    await this.dataSource.query(`DELETE FROM webauthn_challenges WHERE expires_at < now()`);
    await this.dataSource.getRepository(WebauthnChallenge).insert({
      challenge,
      purpose,
      userId,
      mfaTokenHash,
      expiresAt: new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000),
    });
  }

  /**
   * Uses up the challenge the authenticator signed (read from its clientDataJSON), if it is one
   * this server handed out for `purpose` (and that user / login), unused and not expired.
   */
  private async takeChallenge(
    response: { response?: { clientDataJSON?: unknown } } | undefined,
    purpose: ChallengePurpose,
    bound: { userId?: string; mfaTokenHash?: string },
  ): Promise<WebauthnChallenge | undefined> {
    const [, { decodeClientDataJSON }] = await webauthn();
    let challenge: string;
    try {
      const clientData = response?.response?.clientDataJSON;
      if (typeof clientData !== 'string') return undefined;
      challenge = decodeClientDataJSON(clientData).challenge;
      if (typeof challenge !== 'string' || challenge.length > 128) return undefined;
    } catch {
      return undefined;
    }
    const query = this.dataSource
      .createQueryBuilder()
      .update(WebauthnChallenge)
      .set({ usedAt: () => 'now()' })
      .where('challenge = :challenge AND purpose = :purpose', { challenge, purpose })
      .andWhere('used_at IS NULL AND expires_at > now()')
      .returning(['challenge', 'user_id', 'mfa_token_hash']);
    if (bound.userId) query.andWhere('user_id = :userId', { userId: bound.userId });
    if (bound.mfaTokenHash) {
      query.andWhere('mfa_token_hash = :mfaTokenHash', { mfaTokenHash: bound.mfaTokenHash });
    }
    const result = await query.execute();
    return result.affected === 1 ? (result.raw as WebauthnChallenge[])[0] : undefined;
  }
}
