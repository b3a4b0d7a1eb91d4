import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  aboutServer,
  authenticatedAgent,
  closedAfterAll,
  emitWithAck,
  type RecordedSocket,
} from './support/agent-sockets.js';
import { ISO_UTC as ISO } from './support/auth-helpers.js';
import { callAs, createServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { HANDSHAKE_STATEMENT, untilWaitingForLock } from './support/lock-waits.js';
import { eventually } from './support/wait.js';

/** Presence (API.md §7): agent_info, heartbeats, online/offline in the servers API and on /events. */
describe('agents gateway: presence', () => {
  let app: TestApp;
  let user: RegisteredUser;
  let events: RecordedSocket;
  const sockets = closedAfterAll(() => app);
  const agent = async (key: string) => {
    const socket = await authenticatedAgent(app.baseUrl, key);
    sockets.push(socket);
    return socket;
  };
  const serverOf = async (id: string) => (await callAs(app, user).get(`/servers/${id}`)).body;
  const idsWith = async (status: string) =>
    (await callAs(app, user).get(`/servers?status=${status}&limit=100`)).body.items.map(
      (s: { id: string }) => s.id,
    );

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
    events = sockets.open('/events', { token: user.accessToken });
    await events.next('connect');
  });

  it('acknowledges heartbeats (callback and heartbeat_ack event), also sent as a plain message', async () => {
    const { key } = await createServerWithKey(app, user);
    const socket = await agent(key);
    const ack = await emitWithAck(socket.socket, 'heartbeat', { type: 'heartbeat', uptime: 12 });
    expect(ack).toEqual({ type: 'heartbeat_ack', server_time: expect.stringMatching(ISO) });
    expect((await socket.next('heartbeat_ack')).data).toEqual(ack);
    socket.socket.emit('heartbeat');
    expect((await socket.next('heartbeat_ack')).data.type).toBe('heartbeat_ack');
    expect(await emitWithAck(socket.socket, 'message', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
  });

  it('stores agent_info on the server, with when and from where the agent connected', async () => {
    const { serverId, key } = await createServerWithKey(app, user);
    const socket = await agent(key);
    const info = {
      type: 'agent_info',
      version: '2.1.0',
      hostname: 'web-01',
      os: 'Linux',
      platform: 'linux',
    };
    expect(await emitWithAck(socket.socket, 'agent_info', info)).toEqual({
      type: 'agent_info_ack',
    });
    expect((await serverOf(serverId)).agent).toEqual({
      version: '2.1.0',
      hostname: 'web-01',
      os: 'Linux',
      platform: 'linux',
      connected_at: expect.stringMatching(ISO),
      ip: '127.0.0.1',
    });
    // The same through a plain `message`; strings are stored trimmed.
    await emitWithAck(socket.socket, 'message', { ...info, hostname: '  web-02  ' });
    expect((await serverOf(serverId)).agent.hostname).toBe('web-02');
  });

  it('is online while any agent is connected, offline after the last one goes — in GET, ?status= and /events', async () => {
    const server = await createServerWithKey(app, user);
    const second = await callAs(app, user).post(`/servers/${server.serverId}/api-keys`, {
      name: 'second',
    });
    expect(await serverOf(server.serverId)).toMatchObject({
      status: 'offline',
      last_seen_at: null,
      agent: null,
    });

    const one = await agent(server.key);
    expect((await events.next('server_status', 5000, aboutServer(server.serverId))).data).toEqual({
      server_id: server.serverId,
      status: 'online',
      last_seen_at: expect.stringMatching(ISO),
    });
    const two = await agent(second.body.key);
    const online = await serverOf(server.serverId);
    expect(online.status).toBe('online');
    expect(online.last_seen_at).toMatch(ISO);
    expect(await idsWith('online')).toContain(server.serverId);
    expect(await idsWith('offline')).not.toContain(server.serverId);

    one.close();
    // Still one agent: still online, and no status event for it.
    await eventually(
      () =>
        app.sql('SELECT count(*)::int AS n FROM agent_connections WHERE server_id = $1', [
          server.serverId,
        ]),
      (r) => r[0].n === 1,
    );
    expect((await serverOf(server.serverId)).status).toBe('online');

    two.close();
    expect((await events.next('server_status', 5000, aboutServer(server.serverId))).data).toEqual({
      server_id: server.serverId,
      status: 'offline',
      last_seen_at: online.last_seen_at,
    });
    expect((await serverOf(server.serverId)).status).toBe('offline');
    expect(await idsWith('offline')).toContain(server.serverId);
    expect(await idsWith('online')).not.toContain(server.serverId);
  });

  it('writes last_seen_at at most once per 15 s per server, however often agents beat', async () => {
    const { serverId, key } = await createServerWithKey(app, user);
    const socket = await agent(key);
    const first = (await serverOf(serverId)).last_seen_at;
    for (let i = 0; i < 5; i++)
      await emitWithAck(socket.socket, 'heartbeat', { type: 'heartbeat' });
    expect((await serverOf(serverId)).last_seen_at).toBe(first);
  });

  it("locks a joining agent's server row before its announced flag, the order every presence writer keeps", async () => {
    const server = await createServerWithKey(app, user);
    // A flag to wait on, and a last_seen_at old enough that the handshake stamps (locks) the row.
    await app.sql('INSERT INTO server_presence (server_id, online) VALUES ($1, false)', [
      server.serverId,
    ]);
    await app.sql(`UPDATE servers SET last_seen_at = now() - interval '1 hour' WHERE id = $1`, [
      server.serverId,
    ]);
    const flagHolder = new pg.Client({ connectionString: app.databaseUrl });
    const probe = new pg.Client({ connectionString: app.databaseUrl });
    await Promise.all([flagHolder.connect(), probe.connect()]);
    try {
      await flagHolder.query('BEGIN');
      await flagHolder.query('SELECT 1 FROM server_presence WHERE server_id = $1 FOR UPDATE', [
        server.serverId,
      ]);
      const joining = sockets.open('/agents', { api_key: server.key });
      expect(await untilWaitingForLock(probe, HANDSHAKE_STATEMENT)).toBe(1);
      // Waiting for the flag, the handshake already holds the server's row: a leaving batch, which
      // takes the server's row and then the flag, waits behind it instead of deadlocking with it.
      await probe.query('BEGIN');
      const serverRow = probe.query(
        'SELECT 1 FROM servers WHERE id = $1 FOR NO KEY UPDATE NOWAIT',
        [server.serverId],
      );
      await expect(serverRow).rejects.toMatchObject({ code: '55P03' }); // lock_not_available
      await probe.query('ROLLBACK');
      await flagHolder.query('COMMIT');
      expect((await joining.next('auth_success')).data.server_id).toBe(server.serverId);
      expect((await serverOf(server.serverId)).status).toBe('online');
    } finally {
      await Promise.all([flagHolder.end(), probe.end()]);
    }
  });

  it('does not count the agents of an instance that stopped beating, and cleans them up', async () => {
    const { serverId, keyId } = await createServerWithKey(app, user);
    // An instance that crashed a minute ago, still holding a connection of this server.
    const dead = randomUUID();
    await app.sql(
      `INSERT INTO app_instances (id, started_at, heartbeat_at) VALUES ($1, now() - interval '1 hour', now() - interval '1 minute')`,
      [dead],
    );
    await app.sql(
      `INSERT INTO agent_connections (socket_id, server_id, api_key_id, instance_id) VALUES ('dead-socket', $1, $2, $3)`,
      [serverId, keyId, dead],
    );
    expect((await serverOf(serverId)).status).toBe('offline');
    expect(await idsWith('online')).not.toContain(serverId);

    // The live instance sweeps it (every few seconds) and tells the owner the server is offline.
    const swept = await eventually(
      () => app.sql('SELECT id FROM app_instances WHERE id = $1', [dead]),
      (rows) => rows.length === 0,
      10_000,
    );
    expect(swept).toEqual([]);
    expect(
      await app.sql(`SELECT * FROM agent_connections WHERE socket_id = 'dead-socket'`),
    ).toEqual([]);
    expect((await events.next('server_status', 5000, aboutServer(serverId))).data).toMatchObject({
      server_id: serverId,
      status: 'offline',
    });
  });
});
