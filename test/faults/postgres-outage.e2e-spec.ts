import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedDatabase, findFreePort } from '../../src/database/embedded-database.js';
import { spawnApp, stopAllAppProcesses } from '../support/app-process.js';
import { API, httpRequest } from '../support/http.js';
import { sleep } from '../support/wait.js';

/**
 * PostgreSQL stops and starts again under traffic (a restart, a failover): requests that need it
 * answer 503 + Retry-After — never 401, which would make clients throw away good tokens, and never
 * 500 — and everything recovers by itself (API.md §8 "PostgreSQL outage"). At start-up an
 * unreachable database is waited for DATABASE_CONNECT_TIMEOUT, then one line and exit 1.
 */
const SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

interface Answer {
  kind: 'me' | 'create';
  status: number;
  name?: string;
  retryAfter: string | null;
  detail: unknown;
}

describe('PostgreSQL outages', () => {
  const dirs: string[] = [];
  let dataDir: string;
  let port: number;
  let cluster: EmbeddedDatabase | undefined;

  const startCluster = async () => {
    cluster = await EmbeddedDatabase.start({ dataDir, port, settings: SETTINGS });
    return cluster;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chatops-pg-outage-'));
    chmodSync(dataDir, 0o755);
    dirs.push(dataDir);
    port = await findFreePort();
  });

  afterAll(async () => {
    await stopAllAppProcesses();
    await cluster?.stop();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('under traffic: 503 + Retry-After while it is down (never 401 or 500), the same token works after, no committed row lost and no failed one kept', async () => {
    const url = (await startCluster()).url;
    const app = await spawnApp({ DATABASE_URL: url });
    await app.waitForHealth();
    const call = (method: string, path: string, body?: unknown, token?: string) =>
      httpRequest(app.baseUrl, method, `${API}${path}`, body, { token });
    const registered = await call('POST', '/auth/register', {
      username: 'outage_user',
      email: 'outage@example.com',
      password: 'Durable-Kettle-77!',
    });
    expect(registered.status).toBe(201);
    const token: string = registered.body.access_token;

    const answers: Answer[] = [];
    let running = true;
    let serial = 0;
    const worker = async () => {
      for (let i = 0; running && i < 5000; i++) {
        const create = i % 2 === 1;
        const name = `srv-${serial++}`;
        const res = create
          ? await call('POST', '/servers', { name }, token)
          : await call('GET', '/users/me', undefined, token);
        answers.push({
          kind: create ? 'create' : 'me',
          status: res.status,
          name: create ? name : undefined,
          retryAfter: res.headers.get('retry-after'),
          detail: res.body?.detail,
        });
        await sleep(20);
      }
    };
    const workers = Promise.all(Array.from({ length: 6 }, worker));

    // Two outages in a row, each long enough for every worker to meet it mid-request.
    let readyDuringOutage = 0;
    let answeredBeforeLastRecovery = 0;
    let recovered = false;
    for (let outage = 0; outage < 2; outage++) {
      await sleep(800);
      await cluster!.stop();
      await sleep(2000);
      readyDuringOutage = (await httpRequest(app.baseUrl, 'GET', '/health/ready')).status;
      answeredBeforeLastRecovery = answers.length;
      await startCluster();
      // Recovery: the same token works again within seconds (bounded wait).
      recovered = false;
      for (let i = 0; i < 100 && !recovered; i++) {
        recovered = (await call('GET', '/users/me', undefined, token)).status === 200;
        if (!recovered) await sleep(100);
      }
    }
    await sleep(500);
    running = false;
    await workers;

    expect(readyDuringOutage).toBe(503);
    expect(recovered).toBe(true);
    expect(app.child.exitCode).toBeNull();
    const unexpected = answers.filter((a) => ![200, 201, 503].includes(a.status));
    // The server's own log tells what went wrong, if anything did.
    expect({ unexpected, log: unexpected.length ? app.output() : '' }).toEqual({
      unexpected: [],
      log: '',
    });
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(answers.slice(answeredBeforeLastRecovery).some((a) => a.status !== 503)).toBe(true);
    for (const answer of unavailable) {
      expect(answer).toMatchObject({ detail: 'Service unavailable', retryAfter: '5' });
    }

    const db = new pg.Client({ connectionString: cluster!.url });
    await db.connect();
    const stored = new Set(
      (await db.query('SELECT name FROM servers')).rows.map((r: { name: string }) => r.name),
    );
    await db.end();
    const creates = answers.filter((a) => a.kind === 'create');
    expect(creates.filter((a) => a.status === 201 && !stored.has(a.name!))).toEqual([]);
    expect(creates.filter((a) => a.status === 503 && stored.has(a.name!))).toEqual([]);
    expect(await app.stop()).toBe(0);
  }, 90_000);

  it('at start-up: an unreachable database is waited for DATABASE_CONNECT_TIMEOUT, then one line and exit 1', async () => {
    const nowhere = await findFreePort();
    const startedAt = Date.now();
    const app = await spawnApp({
      DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${nowhere}/postgres`,
      DATABASE_CONNECT_TIMEOUT: '2s',
    });
    expect(await app.exited()).toBe(1);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2000);
    const lines = app.output().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/WARN \[Bootstrap\] Waiting up to 2 s for PostgreSQL at 127\.0\.0\.1:/),
      `PostgreSQL at 127.0.0.1:${nowhere}/postgres is unreachable (connect ECONNREFUSED 127.0.0.1:${nowhere}); gave up after 2 s (DATABASE_CONNECT_TIMEOUT)`,
    ]);
    expect(app.output()).not.toContain('secret');
  }, 30_000);

  it('at start-up: a database that comes up while it is waited for is used', async () => {
    const url = (await startCluster()).url;
    await cluster!.stop();
    const app = await spawnApp({ DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT: '30s' });
    await sleep(1500);
    expect(app.child.exitCode).toBeNull();
    await startCluster();
    await app.waitForHealth(40);
    expect((await httpRequest(app.baseUrl, 'GET', '/health/ready')).status).toBe(200);
    expect(await app.stop()).toBe(0);
  }, 90_000);
});
