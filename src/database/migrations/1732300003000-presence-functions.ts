import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Presence at fleet scale (issue #10): each batch of agents joining or leaving is one statement,
 * with no per-server advisory lock on the path. `server_presence.online` records the status last
 * announced for a server; a batch flips it under its row lock, so of two instances changing one
 * server's status at once exactly one announces it (src/agents/presence/presence.sql.ts tells how).
 * The functions are plpgsql because their steps need fresh snapshots: each statement of a
 * VOLATILE function sees what other transactions committed before it started.
 */
export class PresenceFunctions1732300003000 implements MigrationInterface {
  name = 'PresenceFunctions1732300003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE server_presence (
        server_id uuid PRIMARY KEY REFERENCES servers (id) ON DELETE CASCADE,
        online boolean NOT NULL
      )`);
    await db.query(`
      CREATE FUNCTION agent_server_live(p_server uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM agent_connections ac JOIN app_instances ai ON ai.id = ac.instance_id
           WHERE ac.server_id = p_server AND ai.heartbeat_at > now() - interval '20 seconds')
      $$`);
    // Sockets whose key is still valid get their row; servers that had no announced agent come
    // online. Returns one row per socket recorded (a missing socket: key revoked, expired, gone).
    await db.query(`
      CREATE FUNCTION agent_presence_join(
        p_instance uuid, p_sockets text[], p_servers uuid[], p_keys uuid[],
        p_connected timestamptz[], p_ips text[])
      RETURNS TABLE (socket_id text, server_id uuid, came_online boolean, owner_id uuid,
                     last_seen_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_sockets text[];
        v_servers uuid[];
        v_online uuid[];
      BEGIN
        WITH ins AS (
          INSERT INTO agent_connections AS ac
                 (socket_id, server_id, api_key_id, instance_id, connected_at, ip)
          SELECT i.socket_id, i.server_id, i.key_id, p_instance, i.connected_at, i.ip
            FROM unnest(p_sockets, p_servers, p_keys, p_connected, p_ips)
                 AS i(socket_id, server_id, key_id, connected_at, ip)
            JOIN api_keys k ON k.id = i.key_id AND k.server_id = i.server_id
           WHERE (k.revoked_at IS NULL OR k.revoked_at > now())
             AND (k.expires_at IS NULL OR k.expires_at > now())
          ON CONFLICT ON CONSTRAINT agent_connections_pkey DO NOTHING
          RETURNING ac.socket_id, ac.server_id)
        SELECT array_agg(ins.socket_id), array_agg(ins.server_id) INTO v_sockets, v_servers FROM ins;
        IF v_sockets IS NULL THEN RETURN; END IF;

        UPDATE servers s SET last_seen_at = now()
         WHERE s.id IN (SELECT t.id FROM servers t
                         WHERE t.id = ANY (v_servers)
                           AND (t.last_seen_at IS NULL OR t.last_seen_at < now() - interval '15 seconds')
                         ORDER BY t.id FOR NO KEY UPDATE);

        WITH up AS (
          INSERT INTO server_presence AS sp (server_id, online)
          SELECT DISTINCT u.id, true FROM unnest(v_servers) AS u(id) ORDER BY u.id
          ON CONFLICT ON CONSTRAINT server_presence_pkey DO UPDATE SET online = true
           WHERE sp.online = false
          RETURNING sp.server_id)
        SELECT array_agg(up.server_id) INTO v_online FROM up;

        RETURN QUERY
          SELECT x.socket_id, x.server_id, coalesce(x.server_id = ANY (v_online), false),
                 s.owner_id, s.last_seen_at
            FROM unnest(v_sockets, v_servers) AS x(socket_id, server_id)
            JOIN servers s ON s.id = x.server_id;
      END $$`);
    // The handshake's one statement: presented keys (by hash) are looked up, and the sockets of
    // those still valid recorded (agent_presence_join reads them again, in a fresh snapshot). One
    // row per socket whose key exists, recorded or not; a socket missing had no such key.
    await db.query(`
      CREATE FUNCTION agent_presence_join_keys(
        p_instance uuid, p_sockets text[], p_hashes text[], p_connected timestamptz[], p_ips text[])
      RETURNS TABLE (socket_id text, key_id uuid, server_id uuid, revoked_at timestamptz,
                     expires_at timestamptz, recorded boolean, came_online boolean, owner_id uuid,
                     last_seen_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_sockets text[];
        v_keys uuid[];
        v_servers uuid[];
        v_revoked timestamptz[];
        v_expires timestamptz[];
        v_connected timestamptz[];
        v_ips text[];
      BEGIN
        SELECT array_agg(i.socket_id ORDER BY i.socket_id), array_agg(k.id ORDER BY i.socket_id),
               array_agg(k.server_id ORDER BY i.socket_id),
               array_agg(k.revoked_at ORDER BY i.socket_id),
               array_agg(k.expires_at ORDER BY i.socket_id),
               array_agg(i.connected_at ORDER BY i.socket_id), array_agg(i.ip ORDER BY i.socket_id)
          INTO v_sockets, v_keys, v_servers, v_revoked, v_expires, v_connected, v_ips
          FROM unnest(p_sockets, p_hashes, p_connected, p_ips)
               AS i(socket_id, key_hash, connected_at, ip)
          JOIN api_keys k ON k.key_hash = i.key_hash::bpchar;
        IF v_sockets IS NULL THEN RETURN; END IF;
        RETURN QUERY
          WITH joined AS (
            SELECT j.socket_id, j.came_online, j.owner_id, j.last_seen_at
              FROM agent_presence_join(p_instance, v_sockets, v_servers, v_keys, v_connected, v_ips) j)
          SELECT x.socket_id, x.key_id, x.server_id, x.revoked_at, x.expires_at,
                 j.socket_id IS NOT NULL, coalesce(j.came_online, false), j.owner_id, j.last_seen_at
            FROM unnest(v_sockets, v_keys, v_servers, v_revoked, v_expires)
                 AS x(socket_id, key_id, server_id, revoked_at, expires_at)
            LEFT JOIN joined j ON j.socket_id = x.socket_id;
      END $$`);
    // After connections went away: servers of p_servers left without a live agent go offline.
    // The flags are locked first (in id order), so the check that follows sees every change
    // committed by whoever held them before. p_report_all also reports servers whose flag was
    // never set (rows of a crashed instance, swept).
    await db.query(`
      CREATE FUNCTION agent_presence_settle(p_servers uuid[], p_report_all boolean)
      RETURNS TABLE (server_id uuid, owner_id uuid, last_seen_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_flipped uuid[];
      BEGIN
        PERFORM 1 FROM server_presence sp WHERE sp.server_id = ANY (p_servers)
          ORDER BY sp.server_id FOR UPDATE;
        WITH flipped AS (
          UPDATE server_presence sp SET online = false
           WHERE sp.server_id = ANY (p_servers) AND sp.online AND NOT agent_server_live(sp.server_id)
          RETURNING sp.server_id)
        SELECT array_agg(flipped.server_id) INTO v_flipped FROM flipped;
        RETURN QUERY
          SELECT s.id, s.owner_id, s.last_seen_at FROM servers s
           WHERE s.id = ANY (p_servers)
             AND (s.id = ANY (coalesce(v_flipped, '{}'))
                  OR (p_report_all AND NOT agent_server_live(s.id)));
      END $$`);
    await db.query(`
      CREATE FUNCTION agent_presence_leave(p_sockets text[])
      RETURNS TABLE (server_id uuid, owner_id uuid, last_seen_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_servers uuid[];
      BEGIN
        WITH del AS (
          DELETE FROM agent_connections ac WHERE ac.socket_id = ANY (p_sockets)
          RETURNING ac.server_id)
        SELECT array_agg(DISTINCT del.server_id) INTO v_servers FROM del;
        IF v_servers IS NULL THEN RETURN; END IF;
        UPDATE servers s SET last_seen_at = now()
         WHERE s.id IN (SELECT t.id FROM servers t
                         WHERE t.id = ANY (v_servers)
                           AND (t.last_seen_at IS NULL OR t.last_seen_at < now() - interval '15 seconds')
                         ORDER BY t.id FOR NO KEY UPDATE);
        RETURN QUERY SELECT * FROM agent_presence_settle(v_servers, false);
      END $$`);
    // Servers that are online by an old flag while no live agent holds them (an instance that
    // died without saying so), or the reverse: corrected, and reported, by the periodic upkeep.
    await db.query(`
      CREATE FUNCTION agent_presence_reconcile()
      RETURNS TABLE (server_id uuid, online boolean, owner_id uuid, last_seen_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_wrong uuid[];
      BEGIN
        SELECT array_agg(sp.server_id) INTO v_wrong FROM server_presence sp
         WHERE sp.online <> agent_server_live(sp.server_id);
        IF v_wrong IS NULL THEN RETURN; END IF;
        PERFORM 1 FROM server_presence sp WHERE sp.server_id = ANY (v_wrong)
          ORDER BY sp.server_id FOR UPDATE;
        RETURN QUERY
          WITH fixed AS (
            UPDATE server_presence sp SET online = agent_server_live(sp.server_id)
             WHERE sp.server_id = ANY (v_wrong) AND sp.online <> agent_server_live(sp.server_id)
            RETURNING sp.server_id, sp.online)
          SELECT f.server_id, f.online, s.owner_id, s.last_seen_at
            FROM fixed f JOIN servers s ON s.id = f.server_id;
      END $$`);
    // Servers already online when this migration runs (agents of a running older version).
    await db.query(`
      INSERT INTO server_presence (server_id, online)
      SELECT DISTINCT ac.server_id, true FROM agent_connections ac
      ON CONFLICT DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION agent_presence_reconcile()`);
    await db.query(
      `DROP FUNCTION agent_presence_join_keys(uuid, text[], text[], timestamptz[], text[])`,
    );
    await db.query(`DROP FUNCTION agent_presence_leave(text[])`);
    await db.query(`DROP FUNCTION agent_presence_settle(uuid[], boolean)`);
    await db.query(
      `DROP FUNCTION agent_presence_join(uuid, text[], uuid[], uuid[], timestamptz[], text[])`,
    );
    await db.query(`DROP FUNCTION agent_server_live(uuid)`);
    await db.query(`DROP TABLE server_presence`);
  }
}
