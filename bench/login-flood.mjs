#!/usr/bin/env node
// Login flood: GET /servers latency while 40 clients log in back to back at bcrypt cost 12, against
// the same GET load with no logins, in the same run (API.md §8 "Login floods": p99 < 50 ms).
// Half the clients log in right (a session and its auth.login.succeeded event, one transaction),
// half with a wrong password on another account (auth.login.failed, batched and aggregated).
// --audit=on|off|both: with the audit log's writes, without them (bench/no-audit-writes.mjs makes
// them no-ops), or both, interleaved over --rounds rounds (the default: the issue #17 comparison).
// Usage: npm run bench:login-flood [-- --seconds=10 --logins=40 --rate=200 --audit=both --rounds=2]
// Loopback only; bounded in time; stops the servers it started.
import autocannon from 'autocannon';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { API, json, PASSWORD, registerBenchUser, sleep, startApi } from './api-server.mjs';

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 10);
const LOGINS = arg('logins', 40);
const RATE = arg('rate', 200);
const ROUNDS = arg('rounds', 2);
const AUDIT = process.argv.find((a) => a.startsWith('--audit='))?.split('=')[1] ?? 'both';
const NO_AUDIT_WRITES = pathToFileURL(new URL('./no-audit-writes.mjs', import.meta.url).pathname);

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

/**
 * LOGINS clients logging in back to back until `stop()`, half right (as `username`), half wrong
 * (as `target`): counts answers by status.
 */
function loginFlood(base, username, target) {
  const statuses = {};
  let running = true;
  const right = new URLSearchParams({ username, password: PASSWORD }).toString();
  const wrong = new URLSearchParams({ username: target, password: 'not-the-password' }).toString();
  const worker = async (_, index) => {
    const body = index % 2 === 0 ? right : wrong;
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

/** One round: a fresh server (with or without audit writes), quiet GETs, then GETs in a flood. */
async function round(audit) {
  const env = { BCRYPT_COST: '12' };
  if (audit === 'off')
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${NO_AUDIT_WRITES}`;
  const server = await startApi(env);
  const base = server.base;
  try {
    const { username, accessToken: token } = await registerBenchUser(base, 'flood');
    const { username: target } = await registerBenchUser(base, 'target');
    for (let i = 0; i < 20; i++)
      await json(base, 'POST', '/servers', { name: `srv-${i}`, tags: ['bench'] }, token);
    await readLoad(base, token); // warm-up

    process.stderr.write(`[audit ${audit}] quiet: GET /servers at ${RATE}/s for ${SECONDS} s…\n`);
    const quiet = await readLoad(base, token);
    process.stderr.write(`[audit ${audit}] flood: the same, with ${LOGINS} clients logging in…\n`);
    const flood = loginFlood(base, username, target);
    await sleep(1000); // let the flood build up
    const during = await readLoad(base, token);
    const logins = await flood.stop();
    return { audit, quiet, during, logins };
  } finally {
    await server.stop();
  }
}

async function main() {
  const variants = AUDIT === 'both' ? ['off', 'on'] : [AUDIT];
  const results = [];
  for (let r = 0; r < ROUNDS; r++) for (const audit of variants) results.push(await round(audit));
  console.log(
    `\n${new Date().toISOString().slice(0, 16)} · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · server and load generator on the same machine`,
  );
  console.log(
    `GET /servers at ${RATE} req/s (8 connections), ${SECONDS} s each, bcrypt cost 12, ${LOGINS} concurrent login clients (half right, half wrong)\n`,
  );
  console.log(
    '| audit writes | phase | GET /servers p50 | p99 | requests | non-2xx | logins answered |',
  );
  console.log('|---|---|---:|---:|---:|---:|---|');
  for (const { audit, quiet, during, logins } of results) {
    const loginText = Object.entries(logins)
      .map(([s, n]) => `${n} × ${s}`)
      .join(', ');
    console.log(
      `| ${audit} | quiet | ${quiet.p50} ms | ${quiet.p99} ms | ${quiet.requests} | ${quiet.non2xx} | – |`,
    );
    console.log(
      `| ${audit} | login flood | ${during.p50} ms | ${during.p99} ms | ${during.requests} | ${during.non2xx} | ${loginText} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
