import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  authenticatedAgent,
  closedAfterAll,
  emitWithAck,
  openSocket,
  type RecordedSocket,
} from './support/agent-sockets.js';
import { loginRequest } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { callAs, createServerWithKey, type ServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/** Everything the process writes to stdout/stderr while a test runs (Nest's logger writes there). */
function captureLogs() {
  const written: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (originals[streams.indexOf(stream)] as (...args: unknown[]) => boolean)(
        chunk,
        ...rest,
      );
    }) as typeof stream.write;
  });
  return {
    text: () => written.join(''),
    restore: () => streams.forEach((stream, i) => (stream.write = originals[i])),
  };
}

const INVALID_PAYLOAD = { type: 'error', message: 'Invalid payload' };
/** `[[[…]]]`, `depth` levels: 2 bytes a level, so 9,000 levels fit well within a message. */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/**
 * Sends an event as a raw Socket.IO frame. socket.io-client's own encoder walks payloads
 * recursively and overflows its stack on deep ones before anything is sent; the server must cope
 * with what any client can put on the wire.
 */
function sendRaw(agent: RecordedSocket, event: string, json: string): void {
  (agent.socket.io.engine as unknown as { write(data: string): void }).write(
    `2/agents,["${event}",${json}]`,
  );
}

/** Issue #11 items 4, 7, 8 — API.md §7 "Bad input on the gateway (v1.1)". */
describe('agents gateway: hostile input', () => {
  let app: TestApp;
  let user: RegisteredUser;
  let server: ServerWithKey;
  let logs: ReturnType<typeof captureLogs>;
  const sockets = closedAfterAll(() => app);
  const connected = async (auth?: Record<string, unknown>) => {
    const socket = sockets.open('/agents', auth);
    await socket.next('connect');
    return socket;
  };

  beforeAll(async () => {
    // Errors are logged (as in production), so a stack written for a bad payload would show.
    app = await startTestApp({ LOG_LEVEL: 'error', AGENT_AUTH_FAILURE_LIMIT: '1000' });
    user = await registerUser(app);
    server = await createServerWithKey(app, user);
  });
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it.each([
    ['a NUL', `chatops_${'A'.repeat(18)}\u0000${'A'.repeat(19)}`],
    ['a lone surrogate', `chatops_${'A'.repeat(18)}\uD800${'A'.repeat(19)}`],
  ])(
    'refuses an `auth` whose api_key holds %s with auth_error "Invalid API key", then disconnects, no stack logged',
    async (_, apiKey) => {
      const agent = await connected();
      agent.socket.emit('auth', { type: 'auth', api_key: apiKey });
      await agent.next('disconnect');
      expect(agent.received.slice(1).map((r) => [r.event, r.data])).toEqual([
        ['auth_error', { type: 'auth_error', message: 'Invalid API key' }],
        ['disconnect', 'io server disconnect'],
      ]);
      const byHandshake = sockets.open('/agents', { api_key: apiKey });
      expect((await byHandshake.next('auth_error')).data.message).toBe('Invalid API key');
      expect(logs.text()).not.toMatch(/Internal server error|\n\s+at /);
    },
  );

  it('answers a 9,000-level nested `auth` with "Invalid payload" and disconnects, no stack logged', async () => {
    const agent = await connected();
    sendRaw(agent, 'auth', `{"type":"auth","api_key":"${server.key}","extra":${nested(9000)}}`);
    expect((await agent.next('error')).data).toEqual(INVALID_PAYLOAD);
    expect((await agent.next('disconnect')).data).toBe('io server disconnect');
    expect(logs.text()).not.toMatch(/Internal server error|RangeError|\n\s+at /);
  });

  it('answers agent_info and heartbeat carrying a NUL, a lone surrogate or deep nesting with "Invalid payload"; the agent stays', async () => {
    const agent = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(agent);
    const info = { type: 'agent_info', version: '1', hostname: 'h', os: 'Linux', platform: 'l' };
    const bad: [string, unknown][] = [
      ['agent_info', { ...info, hostname: 'web\u000001' }],
      ['agent_info', { ...info, os: 'Lin\uDC00ux' }],
      ['heartbeat', { type: 'heartbeat', note: 'a\u0000b' }],
      ['heartbeat', { type: 'heartbeat', 'k\u0000': 1 }],
      ['message', { type: 'heartbeat', load: JSON.parse(nested(40)) }],
    ];
    for (const [event, payload] of bad)
      expect(await emitWithAck(agent.socket, event, payload)).toEqual(INVALID_PAYLOAD);
    for (const event of ['heartbeat', 'agent_info']) {
      sendRaw(agent, event, `{"type":"${event}","load":${nested(9000)}}`);
      expect((await agent.next('error')).data).toEqual(INVALID_PAYLOAD);
    }
    expect(await emitWithAck(agent.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
    expect(agent.socket.connected).toBe(true);
    expect(logs.text()).not.toMatch(/Internal server error|RangeError|\n\s+at /);
  });

  it('disconnects an authenticated agent that sends more than 20 bad payloads in 10 s', async () => {
    const agent = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(agent);
    for (let i = 0; i < 20; i++) agent.socket.emit('heartbeat', 'not an object');
    expect(await emitWithAck(agent.socket, 'heartbeat', { type: 'heartbeat' })).toMatchObject({
      type: 'heartbeat_ack',
    });
    agent.socket.emit('heartbeat', 'one too many');
    expect((await agent.next('disconnect')).data).toBe('io server disconnect');
  });

  it('puts the security headers on Socket.IO polling answers, errors included', async () => {
    for (const path of [
      '/socket.io/?EIO=4&transport=polling',
      '/socket.io/?EIO=4&transport=polling&sid=nope',
      '/socket.io/?EIO=9&transport=polling',
    ]) {
      const answer = await fetch(app.baseUrl + path);
      expect([path, answer.headers.get('x-content-type-options')]).toEqual([path, 'nosniff']);
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      // A handshake opened a polling session: close it (engine.io "close" packet), or its close
      // timer would outlive the app.
      const sid = /"sid":"([^"]+)"/.exec(await answer.text())?.[1];
      if (sid) {
        await fetch(`${app.baseUrl}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
          method: 'POST',
          body: '1',
        });
      }
    }
  });
});

describe('agents gateway: failed authentications per IP (AGENT_AUTH_FAILURE_LIMIT)', () => {
  let app: TestApp;
  let server: ServerWithKey;
  let unused: ServerWithKey;
  const sockets = closedAfterAll(() => app);
  const open = (auth?: Record<string, unknown>) => sockets.open('/agents', auth);

  beforeAll(async () => {
    app = await startTestApp({ AGENT_AUTH_FAILURE_LIMIT: '3' });
    const user = await registerUser(app);
    server = await createServerWithKey(app, user);
    // API.md §7 v1.2: a key that authenticated recently is not throttled with its address; this
    // one never has.
    unused = await createServerWithKey(app, user);
  });

  it('answers "Too many attempts" past the limit, both ways, before any database lookup, to a key not seen to work recently', async () => {
    // A good key does not count; three made-up ones do.
    const good = open({ api_key: server.key });
    expect((await good.next('auth_success')).data.type).toBe('auth_success');
    for (let i = 0; i < 3; i++) {
      const bad = open({ api_key: `chatops_made_up_${i}` });
      expect((await bad.next('auth_error')).data.message).toBe('Invalid API key');
    }

    // Every statement the app sends, through TypeORM or straight through the driver's pool.
    const dataSource = app.app.get(DataSource);
    const queries: string[] = [];
    const original = dataSource.logger.logQuery.bind(dataSource.logger);
    dataSource.logger.logQuery = (query, parameters, runner) => {
      queries.push(query);
      return original(query, parameters, runner);
    };
    const pool = (
      dataSource.driver as unknown as { master: { query: (...a: unknown[]) => unknown } }
    ).master;
    const poolQuery = pool.query;
    pool.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text?: string };
      queries.push(typeof first === 'string' ? first : (first?.text ?? ''));
      return poolQuery.apply(this, args);
    };
    try {
      const byHandshake = open({ api_key: unused.key });
      expect((await byHandshake.next('auth_error')).data).toEqual({
        type: 'auth_error',
        message: 'Too many attempts',
      });
      expect((await byHandshake.next('disconnect')).data).toBe('io server disconnect');

      const byMessage = open();
      await byMessage.next('connect');
      expect(
        await emitWithAck(byMessage.socket, 'auth', { type: 'auth', api_key: unused.key }),
      ).toEqual({ type: 'auth_error', message: 'Too many attempts' });
      expect((await byMessage.next('disconnect')).data).toBe('io server disconnect');
      expect(queries.filter((q) => /api_keys|agent_presence/.test(q))).toEqual([]);
    } finally {
      dataSource.logger.logQuery = original;
      pool.query = poolQuery;
    }
    // Agents already connected are not affected.
    expect(good.socket.connected).toBe(true);
  });
});

describe('agents gateway: the recorded address follows TRUST_PROXY', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  async function recordedIp(trustProxy: string, forwardedFor: string) {
    const app = await startTestApp({ TRUST_PROXY: trustProxy });
    apps.push(app);
    const user = await registerUser(app);
    const { serverId, key } = await createServerWithKey(app, user);
    const agent = openSocket(
      app.baseUrl,
      '/agents',
      { api_key: key },
      {
        'x-forwarded-for': forwardedFor,
      },
    );
    await agent.next('auth_success');
    await emitWithAck(agent.socket, 'agent_info', {
      type: 'agent_info',
      version: '1',
      hostname: 'h',
      os: 'Linux',
      platform: 'linux',
    });
    const shown = await callAs(app, user).get(`/servers/${serverId}`);
    agent.close();
    // HTTP decides the same way: the session of a login sent with the same header.
    const login = await loginRequest(app, user.username, user.password, {
      'x-forwarded-for': forwardedFor,
    });
    const sessions = await app.request('GET', `${API}/auth/sessions`, undefined, {
      token: login.body.access_token,
    });
    const current = sessions.body.items.find((s: { current: boolean }) => s.current);
    return { agent: shown.body.agent.ip, http: current.ip };
  }

  it('ignores X-Forwarded-For from a peer that is not in the TRUST_PROXY address list', async () => {
    expect(await recordedIp('10.0.0.0/8, 192.168.1.1', '203.0.113.66')).toEqual({
      agent: '127.0.0.1',
      http: '127.0.0.1',
    });
  });

  it('reads X-Forwarded-For from a peer in the list', async () => {
    expect(await recordedIp('loopback', '203.0.113.66')).toEqual({
      agent: '203.0.113.66',
      http: '203.0.113.66',
    });
  });
});
