import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ServersAndApiKeys1732300001000 implements MigrationInterface {
  name = 'ServersAndApiKeys1732300001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE servers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        hostname varchar(255),
        description text,
        tags text[] NOT NULL DEFAULT '{}',
        last_seen_at timestamptz,
        agent jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Names are unique per owner, compared case-insensitively (the DTO trims them).
    await db.query(`CREATE UNIQUE INDEX servers_owner_name_key ON servers (owner_id, lower(name))`);
    // Serves "my servers, oldest first" pages; id is the tie-breaker of that order.
    await db.query(
      `CREATE INDEX servers_owner_created_at_idx ON servers (owner_id, created_at, id)`,
    );
    await db.query(`CREATE INDEX servers_tags_idx ON servers USING gin (tags)`);
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        server_id uuid NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        key_hash char(64) NOT NULL,
        prefix varchar(12) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    // The verifier's one lookup per presented key goes through this index.
    await db.query(`CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash)`);
    await db.query(`CREATE INDEX api_keys_server_id_idx ON api_keys (server_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_keys`);
    await db.query(`DROP TABLE servers`);
  }
}
