import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  authenticatedAgent,
  closedAfterAll,
  emitWithAck,
  eventNames,
  openSocket,
  type RecordedSocket,
} from './support/agent-sockets.js';
import { API } from './support/http.js';
import { callAs, createServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { HANDSHAKE_STATEMENT, untilWaitingForLock } from './support/lock-waits.js';
import { eventually } from './support/wait.js';
import pg from 'pg';

const REVOKED = { type: 'auth_error', message: 'API key revoked' };

/**
 * Revocation of connected agents (API.md §5, §7): revoke, rotate (after the grace period), delete
 * the server. The contract's bound — disconnected within 1 second, auth_error first — is measured
 * from the moment the HTTP request is sent (so it includes the request itself) to the moment the
 * agent sees its disconnect; the agents are usually cut before the HTTP answer even arrives.
 */
describe('agents gateway: revocation', () => {
  let app: TestApp;
  let user: RegisteredUser;
  const sockets = closedAfterAll(() => app);
  const agent = async (key: string) => {
    const socket = await authenticatedAgent(app.baseUrl, key);
    sockets.push(socket);
    return socket;
  };

  /** Waits for the cut and checks it: auth_error "API key revoked", then disconnect, within 1 s of `since`. */
  async function expectCut(
    socket: RecordedSocket,
    since: number,
    label: string,
    reference = 'the request was sent',
  ): Promise<void> {
    const cut = await socket.next('disconnect', 3000);
    const latency = cut.at - since;
    console.log(`${label}: agent disconnected ${latency.toFixed(1)} ms after ${reference}`);
    expect(latency).toBeLessThan(1000);
    expect(cut.data).toBe('io server disconnect');
    expect(eventNames(socket).slice(-2)).toEqual(['auth_error', 'disconnect']);
    expect(socket.received.at(-2)!.data).toEqual(REVOKED);
  }

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
  });

  it('disconnects every agent of a revoked key within 1 s, auth_error first; other keys stay', async () => {
    const server = await createServerWithKey(app, user);
    const other = await callAs(app, user).post(`/servers/${server.serverId}/api-keys`, {
      name: 'other',
    });
    const [first, second, bystander] = [
      await agent(server.key),
      await agent(server.key),
      await agent(other.body.key),
    ];

    const sentAt = performance.now();
    const answer = await callAs(app, user).delete(
      `/servers/${server.serverId}/api-keys/${server.keyId}`,
    );
    expect(answer.status).toBe(204);
    await expectCut(first, sentAt, 'revoke');
    await expectCut(second, sentAt, 'revoke (second agent of the key)');
    expect(await emitWithAck(bystander.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
    expect((await callAs(app, user).get(`/servers/${server.serverId}`)).body.status).toBe('online');
  });

  it('does not let a revoked key back in, either way', async () => {
    const server = await createServerWithKey(app, user);
    await agent(server.key);
    await callAs(app, user).delete(`/servers/${server.serverId}/api-keys/${server.keyId}`);

    const byMessage = openSocket(app.baseUrl, '/agents');
    const byHandshake = openSocket(app.baseUrl, '/agents', { api_key: server.key });
    sockets.push(byMessage, byHandshake);
    await byMessage.next('connect');
    expect(
      await emitWithAck(byMessage.socket, 'auth', { type: 'auth', api_key: server.key }),
    ).toEqual(REVOKED);
    expect((await byHandshake.next('auth_error')).data).toEqual(REVOKED);
  });

  it('keeps a rotated-out key working through the grace period, then cuts its agents', async () => {
    const server = await createServerWithKey(app, user);
    const old = await agent(server.key);
    const sentAt = performance.now();
    const rotated = await callAs(app, user).post(
      `/servers/${server.serverId}/api-keys/${server.keyId}/rotate`,
      {
        grace_period_seconds: 2,
      },
    );
    expect(rotated.status).toBe(201);

    // Within the grace period: the old key still works, for the connected agent and a new one.
    expect(await emitWithAck(old.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
    const late = await agent(server.key);
    const fresh = await agent(rotated.body.key);

    await expectCut(old, sentAt + 2000, 'rotation', 'its grace period ended');
    await expectCut(
      late,
      sentAt + 2000,
      'rotation (agent connected during the grace)',
      'its grace period ended',
    );
    expect(old.received.find((r) => r.event === 'auth_error')!.at).toBeGreaterThan(sentAt + 1000);
    expect(fresh.socket.connected).toBe(true);
  });

  it('cuts at once when a key is rotated without grace', async () => {
    const server = await createServerWithKey(app, user);
    const old = await agent(server.key);
    const sentAt = performance.now();
    const rotated = await callAs(app, user).post(
      `/servers/${server.serverId}/api-keys/${server.keyId}/rotate`,
      {},
    );
    expect(rotated.status).toBe(201);
    await expectCut(old, sentAt, 'rotation without grace');
  });

  it('cuts a rotated key early when it is revoked during its grace period', async () => {
    const server = await createServerWithKey(app, user);
    const old = await agent(server.key);
    await callAs(app, user).post(`/servers/${server.serverId}/api-keys/${server.keyId}/rotate`, {
      grace_period_seconds: 3600,
    });
    const sentAt = performance.now();
    const answer = await callAs(app, user).delete(
      `/servers/${server.serverId}/api-keys/${server.keyId}`,
    );
    expect(answer.status).toBe(204);
    await expectCut(old, sentAt, 'revoke during grace');
  });

  it('disconnects every agent of a deleted server within 1 s, and the server is gone', async () => {
    const server = await createServerWithKey(app, user);
    const second = await callAs(app, user).post(`/servers/${server.serverId}/api-keys`, {
      name: 'second',
    });
    const [one, two] = [await agent(server.key), await agent(second.body.key)];

    const sentAt = performance.now();
    const answer = await callAs(app, user).delete(`/servers/${server.serverId}`);
    expect(answer.status).toBe(204);
    await expectCut(one, sentAt, 'server delete');
    await expectCut(two, sentAt, 'server delete (second key)');
    expect(
      await app.sql('SELECT * FROM agent_connections WHERE server_id = $1', [server.serverId]),
    ).toEqual([]);
  });

  it('leaves agents alone when their owner is disabled (agents are bound to servers, not sessions)', async () => {
    const admin = user; // the first user registered on this database is its admin
    const owner = await registerUser(app);
    const server = await createServerWithKey(app, owner);
    const socket = await agent(server.key);
    const patched = await app.request(
      'PATCH',
      `${API}/users/${owner.id}`,
      { is_active: false },
      { token: admin.accessToken },
    );
    expect(patched.status).toBe(200);
    expect(await emitWithAck(socket.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
  });

  it('cuts an agent whose key is revoked while its handshake is being written', async () => {
    const server = await createServerWithKey(app, user);
    const lock = new pg.Client({ connectionString: app.databaseUrl });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      // Holding the server's row makes the handshake's statement wait, after it has read the key
      // (its snapshot is taken), to lock the row it stamps: the key is revoked right then, before
      // the socket has joined any room.
      await lock.query('SELECT 1 FROM servers WHERE id = $1 FOR UPDATE', [server.serverId]);
      const late = openSocket(app.baseUrl, '/agents', { api_key: server.key });
      sockets.push(late);
      await late.next('connect');
      expect([await untilWaitingForLock(lock, HANDSHAKE_STATEMENT), eventNames(late)]).toEqual([
        1,
        ['connect'],
      ]);
      const revoked = await callAs(app, user).delete(
        `/servers/${server.serverId}/api-keys/${server.keyId}`,
      );
      expect(revoked.status).toBe(204);
      await lock.query('COMMIT');
      expect((await late.next('auth_error', 2000)).data).toEqual(REVOKED);
      await late.next('disconnect');
      expect(eventNames(late)).not.toContain('auth_success');
    } finally {
      await lock.end();
    }
    const rows = await eventually(
      () =>
        app.sql('SELECT count(*)::int AS n FROM agent_connections WHERE server_id = $1', [
          server.serverId,
        ]),
      (r) => r[0].n === 0,
    );
    expect(rows[0].n).toBe(0);
  });
});
