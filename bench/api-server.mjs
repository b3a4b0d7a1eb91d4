// What the benchmarks share: a free loopback port, JSON calls, a benchmark user, and the built API
// (dist/main.js) started on loopback with a throw-away embedded PostgreSQL (or BENCH_DATABASE_URL),
// logs at error level and the credential limits lifted (a benchmark is one IP hammering them on
// purpose). Whoever starts a server stops it.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const API = '/api/v1';
export const PASSWORD = 'Bench-Mark-Pass-9!';
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A JSON call under /api/v1, with a bearer token when given. */
export async function json(base, method, path, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(base + API + path, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** Registers a fresh user (`prefix_<time>_<random>`): its username, id and tokens. */
export async function registerBenchUser(base, prefix) {
  const username = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const res = await json(base, 'POST', '/auth/register', {
    username,
    email: `${username}@example.com`,
    password: PASSWORD,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status}`);
  return {
    username,
    id: res.body.user.id,
    accessToken: res.body.access_token,
    refreshToken: res.body.refresh_token,
  };
}

/** Starts dist/main.js with `env` added, and resolves once it answers /health. */
export async function startApi(env = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '1000000',
      LOGIN_FAILURE_LIMIT: '1000',
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let waited = 0; ; waited += 100) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const up = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (waited > 30_000) throw new Error('server did not become healthy');
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop, pid: child.pid };
}
