import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The security audit log (src/audit/). */
export class AuditEvents1732300010000 implements MigrationInterface {
  name = 'AuditEvents1732300010000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        last_at timestamptz NOT NULL DEFAULT now(),
        count integer NOT NULL DEFAULT 1,
        action varchar(64) NOT NULL,
        actor_type varchar(16) NOT NULL,
        actor_id uuid,
        actor_name varchar(255),
        subject_type varchar(16) NOT NULL,
        subject_id uuid,
        subject_name varchar(255),
        owner_ids uuid[] NOT NULL DEFAULT '{}',
        ip varchar(64),
        user_agent varchar(512),
        outcome varchar(16) NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_events`);
  }
}
