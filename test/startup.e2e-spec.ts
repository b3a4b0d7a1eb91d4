import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../src/database/embedded-database.js';
import { spawnApp, stopAllAppProcesses } from './support/app-process.js';
import { API, httpRequest } from './support/http.js';

/** A clean stop on SIGTERM: exit 0, or the conventional 128+15 / the signal re-raised after cleanup. */
const STOPPED_BY_SIGTERM = [0, 143, 'SIGTERM'];

/**
 * What `npm start` does, as a user sees it: the real entry point (src/main.ts) in a child process,
 * with the embedded PostgreSQL under a fresh DATA_DIR.
 */
describe('start-up', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    // A failed assertion must not leave a server (and its PostgreSQL) running.
    await stopAllAppProcesses();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('refuses to start in production without JWT_SECRET, with one line naming it', async () => {
    const child = await spawnApp(
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      },
      { inherit: false },
    );
    expect(await child.exited()).toBe(1);
    const lines = child.output().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^Invalid configuration: JWT_SECRET is required when NODE_ENV=production/,
      ),
    ]);
  });

  it('refuses a bad duration with one line naming the variable', async () => {
    const child = await spawnApp(
      {
        ACCESS_TOKEN_TTL: 'soon',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      },
      { inherit: false },
    );
    expect(await child.exited()).toBe(1);
    expect(child.output().trim().split('\n')).toEqual([
      expect.stringMatching(/^Invalid configuration: ACCESS_TOKEN_TTL /),
    ]);
  });

  it('starts on an embedded PostgreSQL under DATA_DIR, serves /docs, stops it on SIGTERM, and keeps users across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chatops-start-'));
    chmodSync(dataDir, 0o755);
    dirs.push(dataDir);
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      BCRYPT_COST: '4',
      LOG_LEVEL: 'warn',
    };

    const first = await spawnApp(env, { inherit: false });
    await first.waitForHealth(60);
    const body = {
      username: 'restart_user',
      email: 'restart@example.com',
      password: 'Durable-Kettle-77!',
    };
    expect((await httpRequest(base, 'POST', '/api/v1/auth/register', body)).status).toBe(201);
    // Swagger UI and its document are served by the real entry point (not by the test app).
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    const document = await httpRequest(base, 'GET', '/docs-json');
    expect(document.body.openapi).toMatch(/^3\./);
    expect(document.body.paths['/api/v1/auth/token'].post).toBeDefined();
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(STOPPED_BY_SIGTERM).toContain(await first.stop('SIGTERM'));
    // The cluster was shut down with the app: its pid file is removed by a clean stop.
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await spawnApp(env, { inherit: false });
    await second.waitForHealth(60);
    const login = await httpRequest(
      base,
      'POST',
      `${API}/auth/login`,
      { username: 'restart_user', password: body.password },
      { form: true },
    );
    expect(login.status).toBe(200);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(secret);
    expect(STOPPED_BY_SIGTERM).toContain(await second.stop('SIGTERM'));
  }, 120_000);
});
