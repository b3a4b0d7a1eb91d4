import { io } from 'socket.io-client';
import { API, json, PASSWORD, registerBenchUser } from './api-server.mjs';
import { cannon, load } from './load.mjs';

let user;
async function benchUser(base) {
  user ??= await registerBenchUser(base, 'bench');
  return user;
}

export const scenarios = [
  {
    name: 'GET /health',
    run: ({ base, quick }) =>
      cannon({ name: 'GET /health (liveness)', url: `${base}/health`, amount: quick ? 5000 : 50000, connections: 32 }),
  },
  {
    name: 'GET /users/me',
    run: async ({ base, quick }) => {
      const { accessToken } = await benchUser(base);
      return cannon({
        name: 'GET /users/me (bearer JWT + session check + DB read)',
        url: `${base}${API}/users/me`,
        headers: { authorization: `Bearer ${accessToken}` },
        amount: quick ? 5000 : 30000,
        connections: 32,
      });
    },
  },
  {
    name: 'POST /auth/login',
    run: async ({ base, quick }) => {
      const { username } = await benchUser(base);
      return cannon({
        name: 'POST /auth/login (form, bcrypt cost 12)',
        url: `${base}${API}/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password: PASSWORD }).toString(),
        amount: quick ? 20 : 100,
        connections: 4,
        unit: 'login',
      });
    },
  },
  {
    name: 'POST /auth/refresh',
    run: async ({ base, quick }) => {
      const { username } = await benchUser(base);
      // One session per worker: each rotates its own refresh token chain.
      const chains = [];
      for (let i = 0; i < 8; i++) {
        const response = await fetch(`${base}${API}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ username, password: PASSWORD }),
        });
        chains.push((await response.json()).refresh_token);
      }
      return load({
        name: 'POST /auth/refresh (rotation, compare-and-swap)',
        count: quick ? 500 : 5000,
        concurrency: 8,
        request: async (worker) => {
          const res = await json(base, 'POST', '/auth/refresh', { refresh_token: chains[worker] });
          if (res.status !== 200) return false;
          chains[worker] = res.body.refresh_token;
          return true;
        },
      });
    },
  },
];

async function agentKey(base) {
  const { accessToken } = await benchUser(base);
  const server = await json(base, 'POST', '/servers', { name: `bench-${Date.now()}` }, accessToken);
  const key = await json(base, 'POST', `/servers/${server.body.id}/api-keys`, { name: 'bench' }, accessToken);
  if (key.status !== 201) throw new Error(`key creation failed: ${key.status}`);
  return key.body.key;
}

/** Connects one agent the documented way and resolves once `auth_success` arrives. */
function connectAgent(base, apiKey) {
  return new Promise((resolve, reject) => {
    const socket = io(`${base}/agents`, { transports: ['websocket'], reconnection: false, forceNew: true });
    const timer = setTimeout(() => reject(new Error('auth timeout')), 10_000);
    socket.on('connect', () => socket.emit('auth', { type: 'auth', api_key: apiKey }));
    socket.on('auth_success', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.on('auth_error', (e) => reject(new Error(e.message)));
    socket.on('connect_error', reject);
  });
}

scenarios.push(
  {
    name: 'agents connect',
    run: async ({ base, quick }) => {
      const apiKey = await agentKey(base);
      const sockets = [];
      const result = await load({
        name: 'agent connect + auth (websocket, key verification, presence write)',
        count: quick ? 100 : 500,
        concurrency: 16,
        unit: 'agent',
        request: async () => {
          sockets.push(await connectAgent(base, apiKey));
          return true;
        },
      });
      sockets.forEach((s) => s.disconnect());
      return result;
    },
  },
  {
    name: 'agents heartbeat',
    run: async ({ base, quick }) => {
      const apiKey = await agentKey(base);
      const sockets = await Promise.all(Array.from({ length: 50 }, () => connectAgent(base, apiKey)));
      const result = await load({
        name: 'heartbeat round trip (50 connected agents)',
        count: quick ? 2000 : 20000,
        concurrency: 50,
        request: (worker) =>
          new Promise((resolve) =>
            sockets[worker].timeout(10_000).emit('heartbeat', { type: 'heartbeat' }, (err, ack) =>
              resolve(!err && ack?.type === 'heartbeat_ack'),
            ),
          ),
      });
      sockets.forEach((s) => s.disconnect());
      return result;
    },
  },
);
