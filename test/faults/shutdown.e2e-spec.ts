import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnApp, stopAllAppProcesses } from '../support/app-process.js';
import { API, httpRequest } from '../support/http.js';
import { createTestDatabase } from '../support/test-app.js';
import { sleep } from '../support/wait.js';

/**
 * A deploy sends SIGTERM (a terminal sends SIGINT to the whole process group): the instance stops
 * accepting, finishes what it is doing, closes idle keep-alive connections at once, stops its
 * embedded database last, and exits 0 (API.md §8 "Graceful shutdown").
 */
const PASSWORD = 'Durable-Kettle-77!';

async function registerAndStartLogin(baseUrl: string, username: string) {
  const registered = await httpRequest(baseUrl, 'POST', `${API}/auth/register`, {
    username,
    email: `${username}@example.com`,
    password: PASSWORD,
  });
  expect(registered.status).toBe(201);
  // bcrypt at cost 14 (~0.4 s of CPU on the development machine; cost 13's ~0.2 s was too close to
  // the sleep) keeps this login busy: it is in flight when the signal arrives.
  const login = httpRequest(
    baseUrl,
    'POST',
    `${API}/auth/login`,
    { username, password: PASSWORD },
    { form: true },
  ).catch((error: Error) => ({ status: `failed: ${error.message}`, headers: new Headers() }));
  await sleep(100);
  // In an object: an async function returning the promise itself would adopt it, and the caller's
  // await would wait for the login to finish before sending the signal.
  return { login };
}

/**
 * A Socket.IO polling session's long poll, open: engine.io holds it until it has something to send
 * (its next ping, AGENT_PING_INTERVAL away).
 */
async function openLongPoll(baseUrl: string): Promise<{ poll: Promise<number> }> {
  const handshake = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`);
  const { sid } = JSON.parse((await handshake.text()).slice(1)) as { sid: string };
  const poll = fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling&sid=${sid}`).then(
    (response) => response.status,
    () => 0,
  );
  await sleep(100);
  return { poll };
}

/** A raw keep-alive connection that made one request and now sits idle. */
async function idleKeepAliveConnection(port: number): Promise<Socket> {
  const socket = createConnection({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('data', () => resolve());
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
  });
  socket.on('error', () => undefined);
  return socket;
}

describe('graceful shutdown of the real process', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dirs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await stopAllAppProcesses();
    await database?.drop();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('SIGTERM: an in-flight login completes with 200 and Connection: close, neither an idle keep-alive connection nor a Socket.IO long poll holds the exit, exit code 0', async () => {
    const app = await spawnApp({
      DATABASE_URL: database.url,
      BCRYPT_COST: '14',
      // Far below Fastify's 72 s keep-alive: an idle connection that held the shutdown would show.
      SHUTDOWN_TIMEOUT: '20s',
      // A long poll is held this long: one the drain waited for would hold the shutdown as well.
      AGENT_PING_INTERVAL: '60s',
    });
    await app.waitForHealth();
    const idle = await idleKeepAliveConnection(app.port);
    const idleClosed = new Promise((resolve) => idle.once('close', resolve));
    const { poll: longPoll } = await openLongPoll(app.baseUrl);

    const { login } = await registerAndStartLogin(app.baseUrl, 'sigterm_user');
    const signalledAt = Date.now();
    app.child.kill('SIGTERM');

    const answer = await login;
    expect(answer.status).toBe(200);
    // The last answer on its keep-alive connection: the client's next request goes elsewhere.
    expect(answer.headers.get('connection')).toBe('close');
    expect(await app.exited()).toBe(0);
    await idleClosed;
    // Ended by the gateways' close, not waited for by the drain: that would hold the shutdown until
    // Socket.IO's own 10 s connect timeout ended the poll (AGENT_PING_INTERVAL is further away).
    // An idle connection or a request that held the drain would show too: SHUTDOWN_TIMEOUT is 20 s.
    await longPoll;
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(app.output()).not.toMatch(/error/i);
  }, 60_000);

  it('Ctrl-C in the one-command mode (SIGINT to the whole process group): the in-flight login completes with 200, the embedded database stops after the API, exit code 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chatops-ctrl-c-'));
    chmodSync(dataDir, 0o755);
    dirs.push(dataDir);
    const app = await spawnApp(
      { DATA_DIR: dataDir, BCRYPT_COST: '14', LOG_LEVEL: 'warn' },
      { group: true },
    );
    await app.waitForHealth();

    const { login } = await registerAndStartLogin(app.baseUrl, 'ctrl_c_user');
    app.signalGroup('SIGINT');

    expect((await login).status).toBe(200);
    expect(await app.exited()).toBe(0);
    // A clean stop of the cluster removes its pid file; a cluster left running would keep it.
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 90_000);
});
