// One PostgreSQL for the whole run: DATABASE_URL when given, else an embedded throw-away cluster,
// run by the same manager `npm start` uses (src/database/embedded-database.ts, loaded through the
// swc loader `npm run start:dev` uses). Each test file then creates a database of its own on it
// (test/support/test-app.ts).
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../../web/build.mjs';

export default async function globalSetup() {
  // The web console the app serves at `/` (test/console drives it in a browser): built from source
  // for every run, so the suites never test a stale bundle. esbuild takes well under a second.
  await buildConsole({ quiet: true });
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  await import('@swc-node/register/esm-register');
  const { EmbeddedDatabase } = await import('../../src/database/embedded-database.ts');
  const dir = mkdtempSync(join(tmpdir(), 'chatops-test-pg-'));
  // As root the cluster runs as the `postgres` OS user, who must be able to enter this directory.
  chmodSync(dir, 0o755);
  const cluster = await EmbeddedDatabase.start({
    dataDir: dir,
    // Throw-away data: durability off for speed.
    settings: {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '300',
    },
  });
  globalThis.__CHATOPS_TEST_PG__ = { cluster, dir };
  process.env.TEST_DATABASE_ADMIN_URL = cluster.url;
}
