import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The security audit log (src/audit/, API.md §12).
 *
 * - `audit_events`: one row per event, or per run of identical unchanged events (failed logins,
 *   refused agents) aggregated in memory over one batch window: `count`, first (`at`) and last
 *   (`last_at`) time. No foreign keys: a deleted user's or server's events stay, with the names
 *   they had (`actor_name`, `subject_name`).
 * - `audit_event_readers`: who may read each event (the actor and subject when they are users, and
 *   `owner_ids`, e.g. a server's owner), one row each, written by the same statement as the event.
 *   A user's page is a backward walk of its primary key (reader, time): it stays a few index pages
 *   whatever the table's size.
 * - Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE on both tables. The one exception is
 *   the retention purge (AuditRetentionService), which sets `audit.purge_before` for its own
 *   transaction; even then only rows older than that instant can be deleted.
 */
export class AuditEvents1732300010000 implements MigrationInterface {
  name = 'AuditEvents1732300010000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        last_at timestamptz NOT NULL DEFAULT now(),
        count integer NOT NULL DEFAULT 1 CHECK (count > 0),
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
    // Admins' views: everyone's (newest first), by actor, by subject. The purge walks the first.
    await db.query(`CREATE INDEX audit_events_at ON audit_events (at, id)`);
    await db.query(
      `CREATE INDEX audit_events_actor ON audit_events (actor_id, at) WHERE actor_id IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX audit_events_subject ON audit_events (subject_id, at) WHERE subject_id IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE audit_event_readers (
        reader_id uuid NOT NULL,
        at timestamptz NOT NULL,
        event_id uuid NOT NULL,
        action varchar(64) NOT NULL,
        PRIMARY KEY (reader_id, at, event_id)
      )`);
    await db.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        purge_before timestamptz := nullif(current_setting('audit.purge_before', true), '')::timestamptz;
      BEGIN
        IF TG_OP = 'DELETE' AND purge_before IS NOT NULL THEN
          IF OLD.at < purge_before THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'audit_event_readers']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
      await db.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_event_readers`);
    await db.query(`DROP TABLE audit_events`);
    await db.query(`DROP FUNCTION audit_append_only()`);
  }
}
