import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { callAs, createServerWithKey, type ServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { eventually } from './support/wait.js';

/**
 * Issue #10 goal 4: no presence leaks. A burst of agents — hundreds on one key, and on many keys —
 * connecting both ways and leaving at every stage (before the transport opens, while the key is
 * being checked, right after auth_success, or at the end), while a batch of keys is revoked.
 * Meanwhile the app's busy database connections are cut, as in a database blip. Once every socket is
 * gone, agent_connections must be empty and every server offline.
 */
const ONE_KEY_AGENTS = 1000;
const MANY_KEYS = 150;
const REVOKED_KEYS = 30;

type Leave = 'at-once' | 'on-connect' | 'soon' | 'after-auth' | 'at-end';
const LEAVES: Leave[] = ['at-once', 'on-connect', 'soon', 'after-auth', 'at-end'];

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('agents gateway: no presence leaks under churn', () => {
  let app: TestApp;
  let user: RegisteredUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await startTestApp({ AGENT_AUTH_FAILURE_LIMIT: '100000' });
    user = await registerUser(app);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await app?.close();
  });

  /** One agent that leaves at the given stage; resolves once its socket is closed for good. */
  function churn(key: string, byHandshake: boolean, leave: Leave, delay: number): Promise<void> {
    const socket = io(`${app.baseUrl}/agents`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: byHandshake ? { api_key: key } : undefined,
    });
    sockets.push(socket);
    return new Promise<void>((resolve) => {
      const done = () => {
        socket.disconnect();
        resolve();
      };
      socket.on('disconnect', () => resolve());
      socket.on('connect_error', () => resolve());
      if (leave === 'at-once') return done();
      socket.on('connect', () => {
        if (!byHandshake) socket.emit('auth', { type: 'auth', api_key: key });
        if (leave === 'on-connect') done();
        if (leave === 'soon') setTimeout(done, delay);
      });
      socket.on('auth_success', () => {
        if (leave === 'after-auth') done();
      });
    });
  }

  it('leaves no agent_connections row and no server online once every socket is gone', async () => {
    const oneKey = await createServerWithKey(app, user);
    const manyKeys: ServerWithKey[] = [];
    for (let i = 0; i < MANY_KEYS + REVOKED_KEYS; i++)
      manyKeys.push(await createServerWithKey(app, user));
    const revoked = manyKeys.slice(MANY_KEYS);

    const next = random(20261125);
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
    const agents: [string, boolean, Leave, number][] = [];
    for (let i = 0; i < ONE_KEY_AGENTS; i++)
      agents.push([oneKey.key, next() < 0.5, pick(LEAVES), next() * 40]);
    for (const server of manyKeys) {
      for (let i = 0; i < 2; i++)
        agents.push([server.key, next() < 0.5, pick(LEAVES), next() * 40]);
    }

    const running = agents.map(([key, byHandshake, leave, delay]) =>
      churn(key, byHandshake, leave, delay),
    );
    // Revocations land in the middle of the burst.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const revocations = await Promise.all(
      revoked.map((s) => callAs(app, user).delete(`/servers/${s.serverId}/api-keys/${s.keyId}`)),
    );
    expect(revocations.map((r) => r.status)).toEqual(revoked.map(() => 204));

    // Let the survivors settle, then everyone still connected leaves at once.
    await eventually(
      async () => sockets.filter((s) => s.active && !s.connected).length,
      (pending) => pending === 0,
      20_000,
    );
    // Everyone still connected leaves at once, while the app's busy database connections are cut
    // (a database blip or failover): presence writes that fail must not leave rows behind.
    const connected = sockets.filter((s) => s.connected);
    connected.forEach((s) => s.disconnect());
    await Promise.all(running);
    for (let i = 0; i < 20; i++) {
      await app.sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    const rows = await eventually(
      () => app.sql<{ n: number }>('SELECT count(*)::int AS n FROM agent_connections'),
      (r) => r[0].n === 0,
      10_000,
    );
    expect(rows[0].n).toBe(0);
    const online = await callAs(app, user).get('/servers?status=online&limit=100');
    expect(online.body.total).toBe(0);
    const all = [oneKey, ...manyKeys];
    const statuses = await app.sql<{ online: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM agent_connections ac WHERE ac.server_id = s.id) AS online
         FROM servers s WHERE s.id = ANY($1::uuid[])`,
      [all.map((s) => s.serverId)],
    );
    expect(statuses.filter((s) => s.online)).toEqual([]);
  });
});
