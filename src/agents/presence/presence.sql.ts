/**
 * Presence lives in PostgreSQL so the servers list can filter on it in SQL, on any instance: a
 * server is online while one of its rows in agent_connections belongs to a live instance — one
 * whose app_instances row was refreshed recently. A crashed instance stops refreshing, so its
 * connections stop counting after INSTANCE_TTL_SECONDS, before anyone deletes them.
 *
 * Writes go through the functions of migration 1732300003000 (one statement per batch of sockets):
 * agent_presence_join / agent_presence_leave record sockets and return the servers whose status
 * changed; server_presence.online is the status last announced, flipped under its row lock so that
 * exactly one instance announces each change. agent_server_live(id) is the one definition of
 * "online" (its 20 s is INSTANCE_TTL_SECONDS).
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
export const JOIN_KEYS_SQL = `SELECT * FROM agent_presence_join_keys($1, $2, $3, $4, $5)`;
export const LEAVE_SQL = `SELECT * FROM agent_presence_leave($1)`;
export const SETTLE_SQL = `SELECT * FROM agent_presence_settle($1, $2)`;
export const RECONCILE_SQL = `SELECT * FROM agent_presence_reconcile()`;
