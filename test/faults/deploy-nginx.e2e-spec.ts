import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { type AppProcess, spawnApp, stopAllAppProcesses } from '../support/app-process.js';
import { API, httpRequest } from '../support/http.js';
import { createTestDatabase } from '../support/test-app.js';
import { sleep } from '../support/wait.js';
import { type Nginx, startNginx } from '../support/nginx.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { describeNeeding } from '../support/required-programs.js';

/**
 * The deployment users run (docker-compose.yml): deploy/nginx.conf in front of two instances, one
 * PostgreSQL, one Redis — all real, on loopback. Through nginx: agents connect, a revocation made
 * through one instance cuts an agent held by the other, and a deploy's SIGTERM to the instance
 * holding an agent loses nothing: the agent is back on the other instance within seconds and no
 * HTTP request through nginx fails.
 */
const d = describeNeeding(['nginx', 'redis-server'], 'DEPLOY SMOKE TEST');

interface Agent {
  socket: Socket;
  events: { event: string; data: any; at: number }[];
  waitFor(event: string, after: number, ms: number): Promise<number>;
}

/** An agent as deployed: socket.io-client over websocket, default reconnection, key at handshake. */
function connectAgent(baseUrl: string, apiKey: string): Agent {
  const socket = io(`${baseUrl}/agents`, {
    transports: ['websocket'],
    forceNew: true,
    auth: { api_key: apiKey },
  });
  const events: Agent['events'] = [];
  socket.onAny((event: string, data: unknown) => events.push({ event, data, at: Date.now() }));
  socket.on('disconnect', (reason) =>
    events.push({ event: 'disconnect', data: reason, at: Date.now() }),
  );
  return {
    socket,
    events,
    waitFor: async (event, after, ms) => {
      for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(20)) {
        const found = events.find((e) => e.event === event && e.at >= after);
        if (found) return found.at;
      }
      throw new Error(`no ${event} within ${ms} ms: ${JSON.stringify(events)}`);
    },
  };
}

d('deployment behind nginx (deploy/nginx.conf), two instances, PostgreSQL, Redis', () => {
  let redis: RedisServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: AppProcess;
  let b: AppProcess;
  let nginx: Nginx;
  const agents: Agent[] = [];
  let env: Record<string, string>;
  let token: string;

  const api = (base: string, method: string, path: string, body?: unknown) =>
    httpRequest(base, method, `${API}${path}`, body, { token });

  async function serverWithKey(name: string) {
    const server = await api(nginx.baseUrl, 'POST', '/servers', { name });
    expect(server.status).toBe(201);
    const key = await api(nginx.baseUrl, 'POST', `/servers/${server.body.id}/api-keys`, {
      name: `${name} agent`,
    });
    expect(key.status).toBe(201);
    return { serverId: server.body.id as string, keyId: key.body.id as string, key: key.body.key };
  }

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url, REDIS_URL: redis.url, TRUST_PROXY: 'loopback' };
    a = await spawnApp(env);
    await a.waitForHealth();
    b = await spawnApp(env);
    await b.waitForHealth();
    // First only A behind nginx, so the agents below are known to be held by A.
    nginx = await startNginx([a.port]);
    const registered = await httpRequest(nginx.baseUrl, 'POST', `${API}/auth/register`, {
      username: 'deploy_user',
      email: 'deploy@example.com',
      password: 'Durable-Kettle-77!',
    });
    expect(registered.status).toBe(201);
    token = registered.body.access_token;
  }, 120_000);

  afterAll(async () => {
    agents.forEach((agent) => agent.socket.disconnect());
    await nginx?.stop();
    await stopAllAppProcesses();
    await database?.drop();
    await redis?.stop();
  });

  it('through nginx: agents connect; a key revoked through B cuts its agent, held by A, at once', async () => {
    const first = await serverWithKey('web-01');
    const agent = connectAgent(nginx.baseUrl, first.key);
    agents.push(agent);
    await agent.waitFor('auth_success', 0, 10_000);
    // Now both instances behind nginx, as deployed (a reload keeps the agent's connection).
    await nginx.setUpstreams([a.port, b.port]);

    const sentAt = Date.now();
    const revoked = await api(
      b.baseUrl,
      'DELETE',
      `/servers/${first.serverId}/api-keys/${first.keyId}`,
    );
    expect(revoked.status).toBe(204);
    await agent.waitFor('auth_error', sentAt, 1000);
    await agent.waitFor('disconnect', sentAt, 1000);
  }, 60_000);

  it('SIGTERM to the instance holding an agent: the agent is back through nginx within 5 s, its server online, and no HTTP request through nginx fails', async () => {
    await nginx.setUpstreams([a.port]);
    const second = await serverWithKey('web-02');
    const agent = connectAgent(nginx.baseUrl, second.key);
    agents.push(agent);
    await agent.waitFor('auth_success', 0, 10_000);
    await nginx.setUpstreams([a.port, b.port]);

    // Users keep using the API through nginx during the whole deploy.
    const failures: string[] = [];
    let requests = 0;
    let running = true;
    const user = async () => {
      for (let i = 0; running && i < 10_000; i++) {
        const path = i % 2 ? '/users/me' : '/servers';
        const res = await api(nginx.baseUrl, 'GET', path).catch((e: Error) => ({
          status: e.message,
        }));
        requests++;
        if (res.status !== 200) failures.push(`GET ${path}: ${res.status}`);
        await sleep(10);
      }
    };
    const users = Promise.all([user(), user(), user()]);
    await sleep(500);

    const signalledAt = Date.now();
    const stopped = a.stop('SIGTERM');
    const backAt = await agent.waitFor('auth_success', signalledAt, 5000);
    expect(backAt - signalledAt).toBeLessThan(5000);
    expect(await stopped).toBe(0);
    let status = '';
    for (let i = 0; i < 50 && status !== 'online'; i++, await sleep(100)) {
      status = (await api(nginx.baseUrl, 'GET', `/servers/${second.serverId}`)).body?.status;
    }
    expect(status).toBe('online');

    // The deploy brings A back; traffic goes on through both.
    a = await spawnApp({ ...env, PORT: String(a.port) });
    await a.waitForHealth();
    await sleep(1000);
    running = false;
    await users;
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(50);
    console.log(
      `deploy through nginx: agent back ${backAt - signalledAt} ms after SIGTERM; ${requests} requests, ${failures.length} failed`,
    );
  }, 90_000);
});
