/**
 * Presence lives in PostgreSQL so the servers list can filter on it in SQL, on any instance: a
 * server is online while one of its rows in agent_connections belongs to a live instance — one
 * whose app_instances row was refreshed recently. A crashed instance stops refreshing, so its
 * connections stop counting after INSTANCE_TTL_SECONDS, before anyone deletes them.
 *
 * Writes are one statement per batch of sockets: the handshake's PRESENT_SQL below, and the
 * functions of migration 1732300003000 (agent_presence_join for sockets put back, _leave, _settle,
 * _reconcile), which return the servers whose status changed. server_presence.online is the status
 * last announced, flipped under its row lock so that exactly one instance announces each change.
 * agent_server_live(id) is the one definition of "online" (its 20 s is INSTANCE_TTL_SECONDS).
 * agent_presence_join_keys, which PRESENT_SQL replaced, is no longer called: it stays for
 * instances of the previous version during a rolling deploy.
 */
export const INSTANCE_BEAT_MS = 5_000;
export const INSTANCE_TTL_SECONDS = 20;

/**
 * A boolean SQL expression: "the server whose id is in `serverIdColumn` is online". For the
 * servers list: `.addSelect(serverOnlineSql('s.id'), 'online')` and `.andWhere(serverOnlineSql('s.id'))`.
 * `serverIdColumn` is a column reference written by the caller, never user input.
 */
export function serverOnlineSql(serverIdColumn: string): string {
  return `agent_server_live(${serverIdColumn})`;
}

/** A change of status a presence statement reported. */
export interface StatusRow {
  server_id: string;
  owner_id: string;
  last_seen_at: Date | null;
}

export const JOIN_SQL = `SELECT * FROM agent_presence_join($1, $2, $3, $4, $5, $6)`;
/**
 * The handshake's one statement, for a batch of sockets presenting keys: looks each key up by its
 * hash and, for those valid in the statement's snapshot, records the socket, stamps the server's
 * last_seen_at and sets its announced flag. One row per socket whose key exists, recorded or not
 * (a socket missing had no such key); `came_online` on the recorded rows of servers whose flag this
 * statement flipped. $1 instance id; $2 socket ids, $3 key hashes, $4 connection times, $5 client
 * addresses (arrays in step).
 *
 * One plain statement rather than a plpgsql function: data-modifying CTEs cost PostgreSQL about
 * half the CPU of the two nested functions it replaced (0.55 against 1.0–1.25 ms for a batch of
 * five), and the handshake waits on it. Its parts share one snapshot, which is the rule the
 * gateway relies on: a revocation committed before it keeps the row out; one committed after it is
 * caught by AgentRevocationService.admit. The flag upsert acts on the latest version of the flag row
 * whatever the snapshot (ON CONFLICT locks it), so of two instances flipping it exactly one sees
 * `false`. As in the functions, servers rows are locked before flags, each in id order, so this
 * statement and a leaving batch cannot deadlock on them: the `count(*)` of `seen` in `flipped`
 * makes PostgreSQL finish the servers update before it upserts any flag (the order in which it
 * runs sibling CTEs is otherwise the plan's).
 */
export const PRESENT_SQL = `
  WITH presented AS (
    SELECT i.socket_id, i.connected_at, i.ip, k.id AS key_id, k.server_id, k.revoked_at, k.expires_at,
           (k.revoked_at IS NULL OR k.revoked_at > now())
             AND (k.expires_at IS NULL OR k.expires_at > now()) AS valid
      FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[])
           AS i(socket_id, key_hash, connected_at, ip)
      JOIN api_keys k ON k.key_hash = i.key_hash::bpchar),
  recorded AS (
    INSERT INTO agent_connections AS ac
           (socket_id, server_id, api_key_id, instance_id, connected_at, ip)
    SELECT p.socket_id, p.server_id, p.key_id, $1::uuid, p.connected_at, p.ip
      FROM presented p WHERE p.valid
    ON CONFLICT ON CONSTRAINT agent_connections_pkey DO NOTHING
    RETURNING ac.socket_id, ac.server_id),
  seen AS (
    UPDATE servers s SET last_seen_at = now()
     WHERE s.id IN (SELECT t.id FROM servers t
                     WHERE t.id IN (SELECT r.server_id FROM recorded r)
                       AND (t.last_seen_at IS NULL OR t.last_seen_at < now() - interval '15 seconds')
                     ORDER BY t.id FOR NO KEY UPDATE)
    RETURNING s.id, s.last_seen_at),
  flipped AS (
    INSERT INTO server_presence AS sp (server_id, online)
    SELECT DISTINCT r.server_id, true FROM recorded r
     WHERE (SELECT count(*) FROM seen) >= 0 -- servers first, then flags, like every other writer
     ORDER BY 1
    ON CONFLICT ON CONSTRAINT server_presence_pkey DO UPDATE SET online = true
     WHERE sp.online = false
    RETURNING sp.server_id)
  SELECT p.socket_id, p.key_id, p.server_id, p.revoked_at, p.expires_at,
         r.socket_id IS NOT NULL AS recorded,
         r.socket_id IS NOT NULL AND p.server_id IN (SELECT f.server_id FROM flipped f) AS came_online,
         s.owner_id, coalesce(seen.last_seen_at, s.last_seen_at) AS last_seen_at
    FROM presented p
    LEFT JOIN recorded r ON r.socket_id = p.socket_id
    JOIN servers s ON s.id = p.server_id
    LEFT JOIN seen ON seen.id = p.server_id`;
export const LEAVE_SQL = `SELECT * FROM agent_presence_leave($1)`;
export const SETTLE_SQL = `SELECT * FROM agent_presence_settle($1, $2)`;
export const RECONCILE_SQL = `SELECT * FROM agent_presence_reconcile()`;
