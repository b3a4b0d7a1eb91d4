import type { Client } from 'pg';
import { eventually } from './wait.js';

/** The agent handshake's statement (PRESENT_SQL), as pg_stat_activity shows its text. */
export const HANDSHAKE_STATEMENT = '%INSERT INTO agent_connections%';

/**
 * How many statements whose text is LIKE `pattern` wait for a lock, seen from `client`. Inside a
 * transaction PostgreSQL answers pg_stat_activity from one snapshot, taken at the first read:
 * without clearing it, a statement that starts waiting after the first poll is never seen (a test
 * failed that way under a busy full run).
 */
export async function statementsWaitingForLock(client: Client, pattern: string): Promise<number> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
    [pattern],
  );
  return rows[0].n;
}

/** Polls until such a statement waits for a lock (up to 5 s); resolves with how many do. */
export function untilWaitingForLock(client: Client, pattern: string): Promise<number> {
  return eventually(
    () => statementsWaitingForLock(client, pattern),
    (n) => n > 0,
  );
}
