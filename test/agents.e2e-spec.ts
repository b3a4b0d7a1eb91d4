import { beforeAll, describe, expect, it } from '@jest/globals';
import { AgentSessionsService } from '../src/agents/agent-sessions.service.js';
import type { AgentNamespace } from '../src/agents/agent-socket.js';
import {
  authenticatedAgent,
  closedAfterAll,
  emitWithAck,
  eventNames,
  openSocket,
} from './support/agent-sockets.js';
import { callAs, createServerWithKey, type ServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/** /agents authentication (API.md §7), against the real app: both ways, refusals, the guard. */
describe('agents gateway: authentication', () => {
  let app: TestApp;
  let user: RegisteredUser;
  let server: ServerWithKey;
  const sockets = closedAfterAll(() => app);
  const open = (auth?: Record<string, unknown>) => sockets.open('/agents', auth);
  const connected = async (auth?: Record<string, unknown>) => {
    const socket = open(auth);
    await socket.next('connect');
    return socket;
  };
  const success = () => ({
    type: 'auth_success',
    server_id: server.serverId,
    message: 'Connected successfully',
  });
  const refusal = (message: string) => ({ type: 'auth_error', message });

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
    server = await createServerWithKey(app, user);
  });

  it("accepts the documents' first message: `auth` answered by auth_success, to the event and the ack", async () => {
    const agent = await connected();
    const ack = await emitWithAck(agent.socket, 'auth', { type: 'auth', api_key: server.key });
    expect(ack).toEqual(success());
    expect((await agent.next('auth_success')).data).toEqual(success());
    expect(await emitWithAck(agent.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
  });

  it('accepts the same object sent as a plain `message` event', async () => {
    const agent = await connected();
    agent.socket.emit('message', { type: 'auth', api_key: server.key });
    expect((await agent.next('auth_success')).data).toEqual(success());
  });

  it('accepts the key in the handshake (`auth: {api_key}`) and says auth_success right after connect', async () => {
    const agent = open({ api_key: server.key });
    expect((await agent.next('auth_success')).data).toEqual(success());
    expect(eventNames(agent).slice(0, 2)).toEqual(['connect', 'auth_success']);
    expect(await emitWithAck(agent.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
  });

  it('does not keep the key of a handshake-authenticated socket on the server side', async () => {
    const agent = open({ api_key: server.key });
    await agent.next('auth_success');
    const { namespace } = app.app.get(AgentSessionsService) as unknown as {
      namespace: AgentNamespace;
    };
    const serverSide = namespace.sockets.get(agent.socket.id!);
    expect(serverSide?.data.agent?.serverId).toBe(server.serverId);
    expect(serverSide?.handshake.auth).toEqual({});
    expect(JSON.stringify(serverSide?.handshake)).not.toContain(server.key);
  });

  it('answers a repeated `auth` after success with auth_success again', async () => {
    const agent = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(agent);
    expect(await emitWithAck(agent.socket, 'auth', { type: 'auth', api_key: server.key })).toEqual(
      success(),
    );
    expect(agent.socket.connected).toBe(true);
  });

  it('takes one authentication attempt at a time', async () => {
    const agent = await connected();
    const first = emitWithAck(agent.socket, 'auth', { type: 'auth', api_key: server.key });
    const second = emitWithAck(agent.socket, 'auth', { type: 'auth', api_key: server.key });
    expect(await second).toEqual({ type: 'error', message: 'Authentication already in progress' });
    expect(await first).toEqual(success());
  });

  it.each([
    ['a made-up key', () => 'chatops_notarealkey'],
    [
      'a key with a broken checksum',
      () => server.key.slice(0, -1) + (server.key.endsWith('A') ? 'B' : 'A'),
    ],
    ['an empty-looking key', () => 'chatops_'],
  ])('refuses %s with auth_error "Invalid API key", then disconnects', async (_, apiKey) => {
    const agent = await connected();
    agent.socket.emit('auth', { type: 'auth', api_key: apiKey() });
    await agent.next('disconnect');
    expect(agent.received.slice(1).map((r) => [r.event, r.data])).toEqual([
      ['auth_error', refusal('Invalid API key')],
      ['disconnect', 'io server disconnect'],
    ]);
  });

  it('refuses a bad key given in the handshake with auth_error, then disconnects', async () => {
    const agent = open({ api_key: 'chatops_nope' });
    expect((await agent.next('auth_error')).data).toEqual(refusal('Invalid API key'));
    expect((await agent.next('disconnect')).data).toBe('io server disconnect');
  });

  it('refuses a revoked key, both ways', async () => {
    const revoked = await createServerWithKey(app, user);
    expect(
      (await callAs(app, user).delete(`/servers/${revoked.serverId}/api-keys/${revoked.keyId}`))
        .status,
    ).toBe(204);

    const byMessage = await connected();
    expect(
      await emitWithAck(byMessage.socket, 'auth', { type: 'auth', api_key: revoked.key }),
    ).toEqual(refusal('API key revoked'));
    expect(eventNames(byMessage)).toContain('auth_error');
    await byMessage.next('disconnect');

    const byHandshake = open({ api_key: revoked.key });
    expect((await byHandshake.next('auth_error')).data).toEqual(refusal('API key revoked'));
    await byHandshake.next('disconnect');
  });

  it('refuses an expired key, and cuts a connected agent when its key expires', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const expiring = await createServerWithKey(app, user, { expires_at: expiresAt });
    const agent = await authenticatedAgent(app.baseUrl, expiring.key);
    sockets.push(agent);

    expect((await agent.next('auth_error', 5000)).data).toEqual(refusal('API key expired'));
    await agent.next('disconnect');
    const late = open({ api_key: expiring.key });
    expect((await late.next('auth_error')).data).toEqual(refusal('API key expired'));
  });

  it.each([
    ['heartbeat', { type: 'heartbeat' }],
    [
      'agent_info',
      { type: 'agent_info', version: '1', hostname: 'h', os: 'Linux', platform: 'linux' },
    ],
    ['message', { type: 'heartbeat' }],
    ['some_unknown_event', { type: 'x' }],
  ])(
    'answers `%s` from an unauthenticated socket with error "Not authenticated", then disconnects',
    async (event, payload) => {
      const agent = await connected();
      agent.socket.emit(event, payload);
      expect((await agent.next('error')).data).toEqual({
        type: 'error',
        message: 'Not authenticated',
      });
      expect((await agent.next('disconnect')).data).toBe('io server disconnect');
    },
  );

  it('answers malformed payloads with `error` and carries on', async () => {
    const agent = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(agent);
    const info = {
      type: 'agent_info',
      version: '1.0.0',
      hostname: 'web-01',
      os: 'Linux',
      platform: 'linux',
    };
    const malformed: [string, unknown][] = [
      ['agent_info', 'not an object'],
      ['agent_info', 42],
      ['agent_info', null],
      ['agent_info', [info]],
      ['agent_info', { ...info, hostname: undefined }],
      ['agent_info', { ...info, os: { nested: true } }],
      ['agent_info', { ...info, version: 'v'.repeat(201) }],
      ['agent_info', { ...info, type: 'heartbeat' }],
      ['heartbeat', 'beat'],
      ['message', { type: 'no_such_type' }],
      ['message', 'hello'],
    ];
    for (const [event, payload] of malformed) {
      const answer = await emitWithAck(agent.socket, event, payload);
      expect(answer).toEqual({ type: 'error', message: expect.stringMatching(/^Invalid payload/) });
    }
    for (const _ of malformed) await agent.next('error');
    agent.socket.emit('some_unknown_event', {});
    expect((await agent.next('error')).data).toEqual({ type: 'error', message: 'Unknown event' });
    expect(await emitWithAck(agent.socket, 'agent_info', info)).toEqual({ type: 'agent_info_ack' });
    expect(agent.socket.connected).toBe(true);
  });

  // API.md v1.1 changed this: an unauthenticated socket that sends a bad payload is disconnected
  // after the answer (it used to stay and try again on the same socket).
  it('answers an `auth` with a malformed payload with "Invalid payload", then disconnects', async () => {
    const malformed: unknown[] = [
      ...[12345, null, 'x'.repeat(10_000), ['chatops_key']].map((apiKey) => ({
        type: 'auth',
        api_key: apiKey,
      })),
      'chatops_key',
      { type: 'auth' },
    ];
    for (const payload of malformed) {
      const agent = await connected();
      expect(await emitWithAck(agent.socket, 'auth', payload)).toEqual({
        type: 'error',
        message: 'Invalid payload',
      });
      expect((await agent.next('disconnect')).data).toBe('io server disconnect');
    }
    const agent = await connected();
    expect(await emitWithAck(agent.socket, 'auth', { type: 'auth', api_key: server.key })).toEqual(
      success(),
    );
  });

  it('closes a connection that sends an oversized message, and keeps serving others', async () => {
    const agent = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(agent);
    agent.socket.emit('heartbeat', { type: 'heartbeat', padding: 'x'.repeat(100 * 1024) });
    expect((await agent.next('disconnect')).data).toBe('transport close');
    const next = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(next);
    expect(await emitWithAck(next.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
  });
});

describe('agents gateway: authentication timeout', () => {
  let app: TestApp;
  let server: ServerWithKey;
  const sockets = closedAfterAll(() => app);

  beforeAll(async () => {
    app = await startTestApp({ AGENT_AUTH_TIMEOUT: '1' });
    server = await createServerWithKey(app, await registerUser(app));
  });

  it('disconnects a socket that does not authenticate in time, and only that one', async () => {
    const silent = openSocket(app.baseUrl, '/agents');
    const agent = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(silent, agent);
    expect((await silent.next('error', 4000)).data).toEqual({
      type: 'error',
      message: 'Authentication timeout',
    });
    expect((await silent.next('disconnect')).data).toBe('io server disconnect');
    expect(agent.socket.connected).toBe(true);
    expect(await emitWithAck(agent.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
  });
});
