import pg from 'pg';
import { isDependencyUnavailable } from '../common/dependency-unavailable.js';

/** Start-up failures that are explained in one line (main.ts prints the message alone). */
export class StartupError extends Error {}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** `host:port/database` of a URL: never its password. */
export function describeDatabase(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname}:${port || 5432}${pathname}`;
}

/**
 * Waits until PostgreSQL at `url` answers, for up to `timeoutSeconds` (a database started beside
 * the API — docker compose, a restart — often comes up a little later). Only "cannot reach it yet"
 * is waited for: a wrong password or a missing database fails at once. `onWait` is told once, at
 * the first failure. Throws a StartupError with one clear line when it gives up.
 */
export async function waitForDatabase(
  url: string,
  timeoutSeconds: number,
  onWait: (reason: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      const reason = (error as Error).message || String((error as { code?: string }).code);
      if (!isDependencyUnavailable(error)) {
        throw new StartupError(`Cannot use PostgreSQL at ${describeDatabase(url)}: ${reason}`);
      }
      if (Date.now() + delay > deadline) {
        throw new StartupError(
          `PostgreSQL at ${describeDatabase(url)} is unreachable (${reason}); gave up after ${timeoutSeconds} s (DATABASE_CONNECT_TIMEOUT)`,
        );
      }
      if (attempt === 1) onWait(reason);
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
