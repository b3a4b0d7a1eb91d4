import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket as TcpSocket, connect } from 'node:net';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { aboutServer, openSocket, type RecordedSocket } from '../support/agent-sockets.js';
import { httpRequest } from '../support/http.js';
import { callAs, createServerWithKey, type ServerWithKey } from '../support/servers-api.js';
import { createTestDatabase, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';
import { eventually } from '../support/wait.js';
import { type AppProcess, spawnApp, stopAllAppProcesses } from '../support/app-process.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { describeNeeding } from '../support/required-programs.js';

/**
 * API.md §7 "Shutdown and outages": SIGTERM to an instance holding 50 agents, behind a balancer.
 * Its agents are disconnected at the transport level, so socket.io-client's default reconnection
 * brings them back — through the balancer, to the other instance — and the stopped instance leaves
 * no agent_connections row (nor its liveness row) behind.
 */
const d = describeNeeding(['redis-server'], 'SIGTERM FAULT TEST');

const SERVERS = 25;
const AGENTS_PER_SERVER = 2;

/**
 * The smallest load balancer: each connection goes to the first backend that accepts it, so every
 * agent lands on A while A listens, and on B once A has stopped listening.
 */
function failoverProxy(ports: number[]): Promise<{ port: number; close(): Promise<void> }> {
  const open = new Set<TcpSocket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const tryBackend = (index: number) => {
      if (index >= ports.length) return client.destroy();
      const upstream = connect({ port: ports[index], host: '127.0.0.1' });
      upstream.once('error', () => tryBackend(index + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        open.add(upstream);
        upstream.on('close', () => (open.delete(upstream), client.destroy()));
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as { port: number }).port,
        close: () =>
          new Promise<void>((done) => {
            open.forEach((s) => s.destroy());
            server.close(() => done());
          }),
      }),
    ),
  );
}

const asApp = (process: AppProcess) =>
  ({
    baseUrl: process.baseUrl,
    request: (method, path, body, options) =>
      httpRequest(process.baseUrl, method, path, body, options),
  }) as TestApp;

d('SIGTERM to an instance holding agents', () => {
  let redis: RedisServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: pg.Pool;
  let a: AppProcess;
  let b: AppProcess;
  let proxy: Awaited<ReturnType<typeof failoverProxy>>;
  let user: RegisteredUser;
  const agents: Socket[] = [];
  let events: RecordedSocket | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url };
    a = await spawnApp(env);
    await a.waitForHealth();
    b = await spawnApp(env);
    await b.waitForHealth();
    proxy = await failoverProxy([a.port, b.port]);
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    user = await registerUser(asApp(b));
  }, 90_000);

  afterAll(async () => {
    agents.forEach((s) => s.disconnect());
    events?.close();
    await proxy?.close();
    await stopAllAppProcesses();
    await db?.end();
    await redis?.stop();
    await database?.drop();
  });

  it('sends its 50 agents to the other instance at once and leaves no presence rows behind', async () => {
    const servers: ServerWithKey[] = [];
    for (let i = 0; i < SERVERS; i++) servers.push(await createServerWithKey(asApp(b), user));
    const base = `http://127.0.0.1:${proxy.port}`;
    const authenticated = new Map<Socket, number>();
    const reasons: string[] = [];
    await Promise.all(
      servers.flatMap((server) =>
        Array.from({ length: AGENTS_PER_SERVER }, () => {
          // socket.io-client's defaults (reconnection on, 1 s ± 50 %), as most agents run it.
          const socket = io(`${base}/agents`, {
            transports: ['websocket'],
            forceNew: true,
            auth: { api_key: server.key },
          });
          agents.push(socket);
          socket.on('auth_success', () =>
            authenticated.set(socket, (authenticated.get(socket) ?? 0) + 1),
          );
          socket.on('disconnect', (reason) => reasons.push(reason));
          return new Promise((resolve) => socket.once('auth_success', resolve));
        }),
      ),
    );
    const rowsBy = async () =>
      (
        await db.query<{ instance_id: string; n: number }>(
          `SELECT instance_id, count(*)::int AS n FROM agent_connections GROUP BY instance_id`,
        )
      ).rows;
    const before = await eventually(rowsBy, (rows) => rows[0]?.n === SERVERS * AGENTS_PER_SERVER);
    expect(before).toHaveLength(1);
    const instanceA = before[0].instance_id;

    events = openSocket(b.baseUrl, '/events', { token: user.accessToken });
    await events.next('connect');

    const signalledAt = performance.now();
    const exited = a.stop('SIGTERM', 20_000);
    // All 50 back, on B, through the balancer.
    await eventually(
      async () => [...authenticated.values()].filter((n) => n >= 2).length,
      (n) => n === SERVERS * AGENTS_PER_SERVER,
      8000,
    );
    const backAfter = performance.now() - signalledAt;
    console.log(
      `SIGTERM: ${SERVERS * AGENTS_PER_SERVER} agents re-authenticated on B ${backAfter.toFixed(0)} ms after the signal`,
    );
    expect([...authenticated.values()].every((n) => n === 2)).toBe(true);
    // Closed at the transport level: a `disconnect` packet ("io server disconnect") would have
    // kept socket.io-client from reconnecting.
    expect(new Set(reasons)).toEqual(new Set(['transport close']));
    expect(await exited).toBe(0);

    // Nothing of A remains: neither its connections nor its liveness row (no wait for a TTL).
    expect(
      (
        await db.query(`SELECT count(*)::int AS n FROM agent_connections WHERE instance_id = $1`, [
          instanceA,
        ])
      ).rows[0].n,
    ).toBe(0);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM app_instances WHERE id = $1`, [instanceA]))
        .rows[0].n,
    ).toBe(0);
    const after = await eventually(rowsBy, (rows) => rows[0]?.n === SERVERS * AGENTS_PER_SERVER);
    expect(after).toHaveLength(1);
    expect(after[0].instance_id).not.toBe(instanceA);
    const online = await callAs(asApp(b), user).get('/servers?status=online&limit=100');
    expect(online.body.total).toBe(SERVERS);

    // /events on B tells the truth for each server: online in the end, whatever came between.
    for (const server of servers) {
      const seen = events.received.filter(
        (r) => r.event === 'server_status' && aboutServer(server.serverId)(r.data),
      );
      if (seen.length > 0) expect(seen.at(-1)!.data.status).toBe('online');
    }
  }, 60_000);
});
