import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agent presence that survives an instance crash (see src/agents/presence/presence.sql.ts). */
export class AgentPresence1732300002000 implements MigrationInterface {
  name = 'AgentPresence1732300002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE app_instances (
        id uuid PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE agent_connections (
        socket_id varchar(64) PRIMARY KEY,
        server_id uuid NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
        api_key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
        instance_id uuid NOT NULL REFERENCES app_instances (id) ON DELETE CASCADE,
        connected_at timestamptz NOT NULL DEFAULT now(),
        ip varchar(64)
      )`);
    // "Is this server online?" is asked per row of every servers page.
    await db.query(`CREATE INDEX agent_connections_server_id_idx ON agent_connections (server_id)`);
    await db.query(
      `CREATE INDEX agent_connections_instance_id_idx ON agent_connections (instance_id)`,
    );
    await db.query(
      `CREATE INDEX agent_connections_api_key_id_idx ON agent_connections (api_key_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE agent_connections`);
    await db.query(`DROP TABLE app_instances`);
  }
}
