/**
 * Presence lives in PostgreSQL so the servers list can filter on it in SQL, on any instance: a
 * server is online while one of its rows in agent_connections belongs to a live instance — one
 * whose app_instances row was refreshed recently. A crashed instance stops refreshing, so its
 * connections stop counting after INSTANCE_TTL_SECONDS, before anyone deletes them.
 */
export const INSTANCE_BEAT_MS = 5_000;
export const INSTANCE_TTL_SECONDS = 20;

/**
 * A boolean SQL expression: "the server whose id is in `serverIdColumn` is online". For the
 * servers list: `.addSelect(serverOnlineSql('s.id'), 'online')` and `.andWhere(serverOnlineSql('s.id'))`.
 * `serverIdColumn` is a column reference written by the caller, never user input.
 */
export function serverOnlineSql(serverIdColumn: string): string {
  return `EXISTS (SELECT 1 ${LIVE_CONNECTIONS} AND ac.server_id = ${serverIdColumn})`;
}

/** How many live agent connections the server in `serverIdColumn` has (an integer expression). */
export function serverLiveCountSql(serverIdColumn: string): string {
  return `(SELECT count(*)::int ${LIVE_CONNECTIONS} AND ac.server_id = ${serverIdColumn})`;
}

const LIVE_CONNECTIONS = `FROM agent_connections ac JOIN app_instances ai ON ai.id = ac.instance_id
  WHERE ai.heartbeat_at > now() - interval '${INSTANCE_TTL_SECONDS} seconds'`;
