import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  closedAfterAll,
  emitWithAck,
  openSocket,
  type RecordedSocket,
} from './support/agent-sockets.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { describeNeeding } from './support/required-programs.js';
import { callAs, createServerWithKey, type ServerWithKey } from './support/servers-api.js';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/**
 * API.md §7 v1.2: agents behind one address (a NAT, a Kubernetes node). Every socket of these
 * tests comes from 127.0.0.1, so a neighbour's failed attempts put that address over
 * AGENT_AUTH_FAILURE_LIMIT for all of them.
 */
const LIMIT = 3;

async function answer(socket: RecordedSocket): Promise<{ type: string; message?: string }> {
  const first = await Promise.race([socket.next('auth_success'), socket.next('auth_error')]);
  return first.data;
}

/** A neighbour that keeps failing: well-formed-looking keys that are not keys. */
async function failFrom(app: TestApp, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const bad = openSocket(app.baseUrl, '/agents', { api_key: `chatops_neighbour_${i}` });
    expect((await bad.next('auth_error')).data.message).toMatch(
      /Invalid API key|Too many attempts/,
    );
    bad.close();
  }
}

describe('agents gateway: a shared address over AGENT_AUTH_FAILURE_LIMIT', () => {
  let app: TestApp;
  let user: RegisteredUser;
  let healthy: ServerWithKey;
  let unknown: ServerWithKey;
  let revoked: ServerWithKey;
  let rotated: ServerWithKey;
  let rotatedSuccessor: string;
  let expiring: ServerWithKey;
  const sockets = closedAfterAll(() => app);
  const viaHandshake = (key: string) => answer(sockets.open('/agents', { api_key: key }));
  const viaMessage = async (key: string) => {
    const socket = sockets.open('/agents');
    await socket.next('connect');
    return emitWithAck(socket.socket, 'auth', { type: 'auth', api_key: key });
  };

  beforeAll(async () => {
    app = await startTestApp({ AGENT_AUTH_FAILURE_LIMIT: String(LIMIT) });
    user = await registerUser(app);
    [healthy, unknown, revoked, rotated] = await Promise.all(
      [0, 1, 2, 3].map(() => createServerWithKey(app, user)),
    );
    expiring = await createServerWithKey(app, user, {
      expires_at: new Date(Date.now() + 4000).toISOString(),
    });
    // These worked a moment ago; `unknown` never did.
    for (const { key } of [healthy, revoked, rotated, expiring])
      expect((await viaHandshake(key)).type).toBe('auth_success');
    const api = callAs(app, user);
    expect(
      (await api.delete(`/servers/${revoked.serverId}/api-keys/${revoked.keyId}`)).status,
    ).toBe(204);
    const rotation = await api.post(
      `/servers/${rotated.serverId}/api-keys/${rotated.keyId}/rotate`,
    );
    expect(rotation.status).toBe(201);
    rotatedSuccessor = rotation.body.key;
    await failFrom(app, LIMIT);
  });

  it('throttles a key not seen to work recently ("Too many attempts"), both ways', async () => {
    expect(await viaHandshake(unknown.key)).toEqual({
      type: 'auth_error',
      message: 'Too many attempts',
    });
    expect(await viaMessage(unknown.key)).toEqual({
      type: 'auth_error',
      message: 'Too many attempts',
    });
  });

  it('admits a key that authenticated within the last 24 h, both ways', async () => {
    expect(await viaHandshake(healthy.key)).toEqual({
      type: 'auth_success',
      server_id: healthy.serverId,
      message: 'Connected successfully',
    });
    expect(await viaMessage(healthy.key)).toMatchObject({ type: 'auth_success' });
  });

  it('still checks that key: a revoked one is refused', async () => {
    expect(await viaHandshake(revoked.key)).toEqual({
      type: 'auth_error',
      message: 'API key revoked',
    });
    expect(await viaMessage(revoked.key)).toEqual({
      type: 'auth_error',
      message: 'API key revoked',
    });
  });

  it('refuses a rotated-out key; its successor, never used, is throttled like any new key', async () => {
    expect(await viaHandshake(rotated.key)).toEqual({
      type: 'auth_error',
      message: 'API key revoked',
    });
    expect(await viaHandshake(rotatedSuccessor)).toEqual({
      type: 'auth_error',
      message: 'Too many attempts',
    });
  });

  it('refuses an expired key that worked before it expired', async () => {
    const [{ expires_at: expiresAt }] = await app.sql<{ expires_at: Date }>(
      'SELECT expires_at FROM api_keys WHERE id = $1',
      [expiring.keyId],
    );
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 200));
    expect(await viaHandshake(expiring.key)).toEqual({
      type: 'auth_error',
      message: 'API key expired',
    });
  });
});

const withRedis = describeNeeding(['redis-server'], 'SHARED-ADDRESS TESTS ACROSS INSTANCES');

withRedis('agents gateway: a shared address across instances (Redis)', () => {
  let redis: RedisServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestApp;
  let b: TestApp;
  let healthy: ServerWithKey;
  let unknown: ServerWithKey;
  const opened: RecordedSocket[] = [];
  const on = (app: TestApp, key: string) => {
    const socket = openSocket(app.baseUrl, '/agents', { api_key: key });
    opened.push(socket);
    return answer(socket);
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTestDatabase();
    const env = { REDIS_URL: redis.url, AGENT_AUTH_FAILURE_LIMIT: String(LIMIT) };
    a = await startTestApp(env, database);
    b = await startTestApp(env, database);
    const user = await registerUser(a);
    healthy = await createServerWithKey(a, user);
    unknown = await createServerWithKey(a, user);
  });

  afterAll(async () => {
    opened.forEach((socket) => socket.close());
    await a?.close();
    await b?.close();
    await database?.drop();
    await redis?.stop();
  });

  it('a key that worked on one instance is admitted by another whose address count is over the limit; an unknown key is not', async () => {
    expect((await on(a, healthy.key)).type).toBe('auth_success');
    // The failures are counted on A, the attempts made on B: both records are in Redis.
    await failFrom(a, LIMIT);
    expect(await on(b, unknown.key)).toEqual({ type: 'auth_error', message: 'Too many attempts' });
    expect(await on(b, healthy.key)).toMatchObject({
      type: 'auth_success',
      server_id: healthy.serverId,
    });
  });
});
