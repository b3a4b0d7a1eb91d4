#!/usr/bin/env node
// Login flood: GET /servers latency while 40 clients log in back to back at bcrypt cost 12, against
// the same GET load with no logins, in the same run (API.md §8 "Login floods": p99 < 50 ms).
// Usage: npm run bench:login-flood [-- --seconds=10 --logins=40 --rate=200]
// Loopback only; bounded in time; stops the server it started.
import autocannon from 'autocannon';
import { cpus } from 'node:os';
import { API, json, PASSWORD, registerBenchUser, sleep, startApi } from './api-server.mjs';

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 10);
const LOGINS = arg('logins', 40);
const RATE = arg('rate', 200);

/** GET /servers at a fixed rate (open loop) for SECONDS: latency as a user would feel it. */
async function readLoad(base, token) {
  const result = await autocannon({
    url: `${base}${API}/servers`,
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
      const res = await fetch(`${base}${API}/auth/login`, {
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
  const server = await startApi({ BCRYPT_COST: '12' });
  const base = server.base;
  try {
    const { username, accessToken: token } = await registerBenchUser(base, 'flood');
    for (let i = 0; i < 20; i++)
      await json(base, 'POST', '/servers', { name: `srv-${i}`, tags: ['bench'] }, token);
    await readLoad(base, token); // warm-up

    process.stderr.write(`quiet: GET /servers at ${RATE}/s for ${SECONDS} s…\n`);
    const quiet = await readLoad(base, token);
    process.stderr.write(`flood: the same, with ${LOGINS} clients logging in back to back…\n`);
    const flood = loginFlood(base, username);
    await sleep(1000); // let the flood build up
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
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
