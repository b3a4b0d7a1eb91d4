#!/usr/bin/env node
// Login flood: GET /servers latency while 40 clients log in back to back at bcrypt cost 12, against
// the same GET load with no logins, in the same run (API.md §8 "Login floods": p99 < 50 ms).
// Usage: npm run bench:login-flood [-- --seconds=10 --logins=40 --rate=200]
// Loopback only; bounded in time; stops the server it started.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 10);
const LOGINS = arg('logins', 40);
const RATE = arg('rate', 200);
const PASSWORD = 'Bench-Mark-Pass-9!';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function call(base, method, path, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/** GET /servers at a fixed rate (open loop) for SECONDS: latency as a user would feel it. */
async function readLoad(base, token) {
  const result = await autocannon({
    url: `${base}/api/v1/servers`,
    headers: { authorization: `Bearer ${token}` },
    connections: 8,
    overallRate: RATE,
    duration: SECONDS,
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx + result.errors,
  };
}

/** LOGINS clients logging in back to back until `stop()`: counts answers by status. */
function loginFlood(base, username) {
  const statuses = {};
  let running = true;
  const body = new URLSearchParams({ username, password: PASSWORD }).toString();
  const worker = async () => {
    while (running) {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }).catch(() => ({ status: 'error', text: async () => '' }));
      await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  const workers = Array.from({ length: LOGINS }, worker);
  return {
    stop: async () => {
      running = false;
      await Promise.all(workers);
      return statuses;
    },
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-bench-flood-'));
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
      BCRYPT_COST: '12',
      AUTH_RATE_LIMIT: '1000000',
      LOGIN_FAILURE_LIMIT: '1000',
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      if (
        await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const username = `flood_${Date.now()}`;
    const registered = await call(base, 'POST', '/api/v1/auth/register', {
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
    });
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status}`);
    const token = registered.body.access_token;
    for (let i = 0; i < 20; i++)
      await call(base, 'POST', '/api/v1/servers', { name: `srv-${i}`, tags: ['bench'] }, token);
    await readLoad(base, token); // warm-up

    process.stderr.write(`quiet: GET /servers at ${RATE}/s for ${SECONDS} s…\n`);
    const quiet = await readLoad(base, token);
    process.stderr.write(`flood: the same, with ${LOGINS} clients logging in back to back…\n`);
    const flood = loginFlood(base, username);
    await new Promise((r) => setTimeout(r, 1000)); // let the flood build up
    const during = await readLoad(base, token);
    const logins = await flood.stop();

    console.log(
      `\n${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · server and load generator on the same machine`,
    );
    console.log(
      `GET /servers at ${RATE} req/s (8 connections), ${SECONDS} s each, bcrypt cost 12, ${LOGINS} concurrent login clients\n`,
    );
    console.log('| phase | GET /servers p50 | p99 | requests | non-2xx | logins answered |');
    console.log('|---|---:|---:|---:|---:|---|');
    console.log(
      `| quiet (baseline) | ${quiet.p50} ms | ${quiet.p99} ms | ${quiet.requests} | ${quiet.non2xx} | – |`,
    );
    const loginText = Object.entries(logins)
      .map(([s, n]) => `${n} × ${s}`)
      .join(', ');
    console.log(
      `| during the login flood | ${during.p50} ms | ${during.p99} ms | ${during.requests} | ${during.non2xx} | ${loginText} |`,
    );
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
