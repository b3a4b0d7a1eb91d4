import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersAndSessions1732300000000 implements MigrationInterface {
  name = 'UsersAndSessions1732300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        username varchar(32) NOT NULL,
        password_hash varchar(100) NOT NULL,
        full_name varchar(200),
        is_active boolean NOT NULL DEFAULT true,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await db.query(`CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username))`);
    await db.query(`CREATE INDEX users_created_at_idx ON users (created_at, id)`);
    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        refresh_token_hash char(64) NOT NULL,
        previous_refresh_token_hash char(64),
        rotated_at timestamptz,
        retry_envelope text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        user_agent varchar(512),
        ip varchar(64)
      )`);
    await db.query(
      `CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE revoked_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sessions`);
    await db.query(`DROP TABLE users`);
  }
}
