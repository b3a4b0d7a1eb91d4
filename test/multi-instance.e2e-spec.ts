import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  aboutServer,
  authenticatedAgent,
  eventNames,
  openSocket,
  type RecordedSocket,
} from './support/agent-sockets.js';
import { callAs, createServerWithKey } from './support/servers-api.js';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { eventually } from './support/wait.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { describeNeeding } from './support/required-programs.js';

/**
 * Two instances of the app on ONE database, joined by a real redis-server (REDIS_URL), as behind a
 * load balancer: what happens through one must reach agents and users connected to the other.
 */
const d = describeNeeding(['redis-server'], 'MULTI-INSTANCE TESTS');

d('several instances joined by Redis', () => {
  let redis: RedisServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestApp;
  let b: TestApp;
  let user: RegisteredUser;
  const sockets: RecordedSocket[] = [];
  const track = (s: RecordedSocket) => (sockets.push(s), s);

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTestDatabase();
    // One after the other: both run the migrations at start-up.
    const env = { REDIS_URL: redis.url, LOGIN_FAILURE_LIMIT: '3', LOGIN_LOCKOUT: '60s' };
    a = await startTestApp(env, database);
    b = await startTestApp(env, database);
    user = await registerUser(a);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await a?.close();
    await b?.close();
    await database?.drop();
    await redis?.stop();
  });

  it('shows a user on A the agent connected to B: /events on A gets server_status online, GET on A says online', async () => {
    const server = await createServerWithKey(a, user);
    const events = track(openSocket(a.baseUrl, '/events', { token: user.accessToken }));
    await events.next('connect');

    const agent = track(await authenticatedAgent(b.baseUrl, server.key));
    const status = await events.next('server_status', 5000, aboutServer(server.serverId));
    expect(status.data).toEqual({
      server_id: server.serverId,
      status: 'online',
      last_seen_at: expect.any(String),
    });
    const shown = await callAs(a, user).get(`/servers/${server.serverId}`);
    expect(shown.body.status).toBe('online');
    const listed = await callAs(a, user).get('/servers?status=online');
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(server.serverId);

    agent.close();
    expect(
      (await events.next('server_status', 5000, aboutServer(server.serverId))).data,
    ).toMatchObject({ status: 'offline' });
    expect((await callAs(a, user).get(`/servers/${server.serverId}`)).body.status).toBe('offline');
  });

  it('cuts an agent on B within 1 s of its key being revoked through A, auth_error first', async () => {
    const server = await createServerWithKey(a, user);
    const agent = track(await authenticatedAgent(b.baseUrl, server.key));

    const sentAt = performance.now();
    const revoked = await callAs(a, user).delete(
      `/servers/${server.serverId}/api-keys/${server.keyId}`,
    );
    const answeredAt = performance.now();
    expect(revoked.status).toBe(204);
    const cut = await agent.next('disconnect', 2000);
    const latency = cut.at - sentAt;
    console.log(
      `multi-instance revocation: agent on B disconnected ${latency.toFixed(1)} ms after the DELETE was sent to A ` +
        `(${(cut.at - answeredAt).toFixed(1)} ms after its answer)`,
    );
    expect(latency).toBeLessThan(1000);
    expect(eventNames(agent).slice(-2)).toEqual(['auth_error', 'disconnect']);
    expect(agent.received.find((r) => r.event === 'auth_error')!.data).toEqual({
      type: 'auth_error',
      message: 'API key revoked',
    });

    // Nor can it come back, on either instance.
    const again = track(openSocket(b.baseUrl, '/agents', { api_key: server.key }));
    expect((await again.next('auth_error')).data.message).toBe('API key revoked');
  });

  it('ends a rotated-out key on B when the grace period given on A is over', async () => {
    const server = await createServerWithKey(a, user);
    const agent = track(await authenticatedAgent(b.baseUrl, server.key));
    const rotated = await callAs(a, user).post(
      `/servers/${server.serverId}/api-keys/${server.keyId}/rotate`,
      { grace_period_seconds: 1 },
    );
    expect(rotated.status).toBe(201);

    const error = await agent.next('auth_error', 4000);
    expect(error.data).toEqual({ type: 'auth_error', message: 'API key revoked' });
    await agent.next('disconnect');
    // The new key works on either instance.
    track(await authenticatedAgent(b.baseUrl, rotated.body.key));
  });

  it('cuts an agent on B when its server is deleted through A', async () => {
    const server = await createServerWithKey(a, user);
    const agent = track(await authenticatedAgent(b.baseUrl, server.key));
    await eventually(
      () => callAs(a, user).get(`/servers/${server.serverId}`),
      (res) => res.body.status === 'online',
    );
    expect((await callAs(a, user).delete(`/servers/${server.serverId}`)).status).toBe(204);
    expect((await agent.next('auth_error')).data.message).toBe('API key revoked');
    await agent.next('disconnect');
  });

  // The login lock-out shared through Redis is tested with two real processes
  // (login-burst.e2e-spec.ts, rate-limit-redis-outage.e2e-spec.ts): two apps in one Jest process
  // share Passport's strategy registry, so a lock-out test here passed even without Redis.
});
