import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail outbox (src/mail/), one-use account tokens (verification, reset, email change), and the
 * verified flag of an address. Accounts that exist before this migration count as verified: they
 * were made before there was any way to prove an address, and locking them out would be worse.
 */
export class MailAndAccountTokens1732300020000 implements MigrationInterface {
  name = 'MailAndAccountTokens1732300020000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN email_verified_at timestamptz`);
    await db.query(`UPDATE users SET email_verified_at = created_at`);
    await db.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(32) NOT NULL,
        recipient varchar(254) NOT NULL,
        subject varchar(200) NOT NULL,
        text_body text,
        html_body text,
        link text,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        failed_at timestamptz,
        last_error varchar(500)
      )`);
    await db.query(
      `CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at)
         WHERE sent_at IS NULL AND failed_at IS NULL`,
    );
    await db.query(
      `CREATE INDEX mail_outbox_recipient_idx ON mail_outbox (recipient, kind, created_at)`,
    );
    await db.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        email varchar(254) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, kind)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE account_tokens`);
    await db.query(`DROP TABLE mail_outbox`);
    await db.query(`ALTER TABLE users DROP COLUMN email_verified_at`);
  }
}
