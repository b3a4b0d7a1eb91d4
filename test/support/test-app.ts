import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { httpRequest, type Requester } from './http.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';

/** Settings every test app gets unless a test overrides them: fast bcrypt, quiet logs, no IP limit. */
const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  JWT_SECRET: TEST_JWT_SECRET,
  BCRYPT_COST: '4',
  AUTH_RATE_LIMIT: '100000',
  LOG_LEVEL: 'silent',
};

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  /** The database URL of this app's own database. */
  databaseUrl: string;
  request: Requester;
  /** Runs SQL against this app's database (to look at what was stored). */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL;
  if (!url) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run the tests through `npm test`');
  return url;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A database of its own for one test file (or one app group), created empty. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `chatops_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Boots the real application (Fastify, real PostgreSQL, migrations) on a free loopback port with its
 * own empty database. `env` overrides the test defaults, exactly as environment variables would.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  database?: { url: string; drop(): Promise<void> },
): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: db.url, ...env });
  const app = await createApp(config);
  // A free port unless the test names one (PORT), e.g. to make PUBLIC_URL match it.
  await app.listen(env.PORT ? config.port : 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  // close() drops the database WITH (FORCE): a client still ending then gets "terminating
  // connection due to administrator command", which without a listener fails whatever suite
  // the worker runs next.
  pool.on('error', () => {});
  return {
    app,
    baseUrl,
    databaseUrl: db.url,
    request: (method, path, body, options) => httpRequest(baseUrl, method, path, body, options),
    sql: async (text, params) => (await pool.query(text, params as unknown[])).rows,
    close: async () => {
      await app.close();
      await pool.end();
      if (!database) await db.drop();
    },
  };
}
