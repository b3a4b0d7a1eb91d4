import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factor and passkeys (API.md §11, src/auth/mfa/): the authenticator-app secret (encrypted),
 * recovery codes (hashed), the mfa_tokens of password checks awaiting a second factor (hashed),
 * passkeys, WebAuthn challenges; and how each session was established.
 */
export class SecondFactor1732300050000 implements MigrationInterface {
  name = 'SecondFactor1732300050000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mfa_totp (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret_ciphertext text NOT NULL,
        confirmed_at timestamptz,
        last_time_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE mfa_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash char(64) NOT NULL,
        used_at timestamptz,
        UNIQUE (user_id, code_hash)
      )`);
    await db.query(`
      CREATE TABLE mfa_tokens (
        token_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX mfa_tokens_expires_at_idx ON mfa_tokens (expires_at)`);
    await db.query(`
      CREATE TABLE passkeys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        credential_id varchar(1400) NOT NULL UNIQUE,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        device_type varchar(32) NOT NULL,
        backed_up boolean NOT NULL DEFAULT false,
        name varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await db.query(`CREATE INDEX passkeys_user_id_idx ON passkeys (user_id)`);
    await db.query(`
      CREATE TABLE webauthn_challenges (
        challenge varchar(128) PRIMARY KEY,
        purpose varchar(16) NOT NULL,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        mfa_token_hash char(64),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX webauthn_challenges_expires_at_idx ON webauthn_challenges (expires_at)`,
    );
    await db.query(
      `ALTER TABLE sessions ADD COLUMN auth_method varchar(32) NOT NULL DEFAULT 'password'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sessions DROP COLUMN auth_method`);
    await db.query(`DROP TABLE webauthn_challenges`);
    await db.query(`DROP TABLE passkeys`);
    await db.query(`DROP TABLE mfa_tokens`);
    await db.query(`DROP TABLE mfa_recovery_codes`);
    await db.query(`DROP TABLE mfa_totp`);
  }
}
