import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** bigint columns come back from pg as strings: read them as numbers (time steps, counters fit). */
const bigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * A user's authenticator app (TOTP, RFC 6238). Pending until the first code confirms it. The
 * secret is sealed with AES-256-GCM (secret-box.ts); `lastTimeStep` is the time step of the last
 * code accepted, advanced by compare-and-swap so a code is accepted once on every instance.
 */
@Entity({ name: 'mfa_totp' })
export class TotpFactor {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'secret_ciphertext', type: 'text', select: false })
  secretCiphertext: string;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'last_time_step', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  lastTimeStep: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One recovery code, stored as its SHA-256 only; usable once. */
@Entity({ name: 'mfa_recovery_codes' })
export class RecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash: string;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/** A password check waiting for its second factor: the token's SHA-256, single use, 5 minutes. */
@Entity({ name: 'mfa_tokens' })
export class MfaToken {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/** A WebAuthn credential (passkey) of a user. */
@Entity({ name: 'passkeys' })
export class Passkey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The credential id, base64url, as the authenticator returns it. */
  @Column({ name: 'credential_id', type: 'varchar', length: 1400 })
  credentialId: string;

  @Column({ name: 'public_key', type: 'bytea' })
  publicKey: Buffer;

  /** The authenticator's signature counter at the last use (0: it keeps none). */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  counter: number;

  @Column({ type: 'text', array: true })
  transports: string[];

  @Column({ name: 'device_type', type: 'varchar', length: 32 })
  deviceType: string;

  @Column({ name: 'backed_up', type: 'boolean' })
  backedUp: boolean;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}

/**
 * register: adding a passkey; login: a sign-in without a password; second_factor: a passkey
 * completing the login of an mfa_token; confirm: a signed-in user proving they hold a passkey
 * (removing the last second factor).
 */
export type ChallengePurpose = 'register' | 'login' | 'second_factor' | 'confirm';

/** A WebAuthn challenge handed out by an options route: single use, 5 minutes, any instance. */
@Entity({ name: 'webauthn_challenges' })
export class WebauthnChallenge {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  challenge: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: ChallengePurpose;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'mfa_token_hash', type: 'char', length: 64, nullable: true })
  mfaTokenHash: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

export const MFA_ENTITIES = [TotpFactor, RecoveryCode, MfaToken, Passkey, WebauthnChallenge];
