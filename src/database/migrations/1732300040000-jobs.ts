import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agent actions (src/jobs/, API.md §13): the agents' catalogs, jobs and their output. */
export class Jobs1732300040000 implements MigrationInterface {
  name = 'Jobs1732300040000';

  async up(db: QueryRunner): Promise<void> {
    // One catalog per connected agent socket: it goes with the socket's presence row.
    await db.query(`
      CREATE TABLE agent_catalogs (
        socket_id varchar(64) PRIMARY KEY
          REFERENCES agent_connections (socket_id) ON DELETE CASCADE,
        server_id uuid NOT NULL,
        api_key_id uuid NOT NULL,
        actions jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX agent_catalogs_server_idx ON agent_catalogs (server_id)`);
    await db.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        server_id uuid NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        action varchar(64) NOT NULL,
        params jsonb NOT NULL,
        timeout_s integer NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'queued',
        exit_code integer,
        error varchar(200),
        output_bytes integer NOT NULL DEFAULT 0,
        truncated boolean NOT NULL DEFAULT false,
        idempotency_key varchar(255),
        api_key_id uuid,
        agent_socket_id varchar(64),
        detached_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await db.query(`CREATE INDEX jobs_server_created_idx ON jobs (server_id, created_at DESC, id)`);
    await db.query(
      `CREATE INDEX jobs_active_idx ON jobs (server_id) WHERE status IN ('queued', 'running')`,
    );
    await db.query(`
      CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (requested_by, server_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL`);
    await db.query(`
      CREATE TABLE job_output (
        job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        stream varchar(8) NOT NULL,
        data text NOT NULL,
        PRIMARY KEY (job_id, seq)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE job_output`);
    await db.query(`DROP TABLE jobs`);
    await db.query(`DROP TABLE agent_catalogs`);
  }
}
