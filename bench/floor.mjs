#!/usr/bin/env node
// The per-request floor against an earlier commit (issue #22): the working tree's build and a build
// of `--ref` (default f9844f8, the first complete release) run side by side on one throw-away
// PostgreSQL (a database each), and take turns under the same load in interleaved rounds:
// `GET /health` at c = 32 (the framework floor: no I/O), `GET /users/me` at c = 32 (an authenticated
// read) and refresh-token chains (8 chains).
//
//   npm run bench:floor                         # builds ours; 5 rounds (~3 minutes once the ref is built)
//   npm run bench:floor -- --ref=<commit> --rounds=7 --quick
//   node bench/floor.mjs --ref-dir=<built tree> --ours-dir=<built tree>   # any two builds (A/B of a change)
//   FLOOR_PROF=<dir> node bench/floor.mjs …     # each server with --cpu-prof into <dir>/<name>
//   FLOOR_PROF_INTERVAL=<µs>                    # … sampling every <µs> (Node's default: 1000)
//
// The ref is a copy of that commit's tree (`git archive`, no worktree registered) in
// $TMPDIR/chatops-floor-<commit>, installed with `npm ci` and built with its own `npm run build`
// the first time (a few minutes), and reused afterwards.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { API, freePort, json, PASSWORD, registerBenchUser, root, sleep } from './api-server.mjs';
import { cannon, load } from './load.mjs';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const quick = process.argv.includes('--quick');
const rounds = Number(arg('rounds', quick ? 2 : 5));
const ref = execFileSync('git', ['rev-parse', '--short', arg('ref', 'f9844f8')], { cwd: root, encoding: 'utf8' }).trim();
const JWT_SECRET = 'bench-floor-secret-of-at-least-32-bytes-0123456789ab';

function sh(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The ref's tree, installed and built, in a directory kept for the next run. */
function buildRef() {
  const dir = join(tmpdir(), `chatops-floor-${ref}`);
  if (existsSync(join(dir, 'dist/main.js'))) return dir;
  process.stderr.write(`building ${ref} in ${dir} (npm ci, npm run build)…\n`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${ref} | tar -x -C '${dir}'`], { cwd: root, stdio: 'inherit' });
  sh('npm', ['ci', '--no-audit', '--no-fund'], dir);
  sh('npm', ['run', 'build'], dir);
  return dir;
}

/**
 * A process's CPU time so far (user + system, from /proc; null elsewhere): the server's own CPU per
 * request is steadier than its rate on a machine where the load generator shares the cores.
 */
function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

async function startServer(name, cwd, databaseUrl) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(process.env.FLOOR_PROF ? ['--cpu-prof', ...(process.env.FLOOR_PROF_INTERVAL ? ['--cpu-prof-interval', process.env.FLOOR_PROF_INTERVAL] : []), `--cpu-prof-dir=${process.env.FLOOR_PROF}/${name.replace(/\W/g, '_')}`] : []), 'dist/main.js'], {
    cwd,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '1000000',
      LOGIN_FAILURE_LIMIT: '1000',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let waited = 0; ; waited += 50) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break;
    if (waited > 60_000) throw new Error(`${name} did not become healthy`);
    await sleep(50);
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { name, base, stop, cpuSeconds: () => cpuSecondsOf(child.pid) };
}

/** An access token, and eight refresh-token chains of one user, each rotated by its own worker. */
async function benchUser(base) {
  const { username, accessToken } = await registerBenchUser(base, 'floor');
  const chains = [];
  for (let i = 0; i < 8; i++) {
    const response = await fetch(`${base}${API}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password: PASSWORD }),
    });
    chains.push((await response.json()).refresh_token);
  }
  return { accessToken, chains };
}

const scenarios = [
  {
    name: 'GET /health, c = 32',
    run: (server) => cannon({ name: 'health', url: `${server.base}/health`, amount: quick ? 5000 : 30000, connections: 32 }),
  },
  {
    name: 'GET /users/me, c = 32',
    run: (server) =>
      cannon({
        name: 'me',
        url: `${server.base}${API}/users/me`,
        headers: { authorization: `Bearer ${server.accessToken}` },
        amount: quick ? 2000 : 10000,
        connections: 32,
      }),
  },
  {
    name: 'POST /auth/refresh, 8 chains',
    run: (server) =>
      load({
        name: 'refresh',
        count: quick ? 300 : 2000,
        concurrency: 8,
        request: async (worker) => {
          const res = await json(server.base, 'POST', '/auth/refresh', { refresh_token: server.chains[worker] });
          if (res.status !== 200) return false;
          server.chains[worker] = res.body.refresh_token;
          return true;
        },
      }),
  },
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const range = (values, digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function main() {
  if (!existsSync(join(root, 'dist/main.js'))) throw new Error('build first: npm run build');
  // --ref-dir / --ours-dir: already-built trees instead (e.g. variants of one change, for an A/B).
  const refDir = arg('ref-dir') ?? buildRef();
  const oursDir = arg('ours-dir') ?? root;
  const { EmbeddedDatabase } = await import(join(root, 'dist/database/embedded-database.js'));
  const pgDir = mkdtempSync(join(tmpdir(), 'chatops-bench-floor-pg-'));
  chmodSync(pgDir, 0o755);
  const cluster = await EmbeddedDatabase.start({ dataDir: pgDir, settings: { max_connections: '100' } });
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE floor_ref');
  await admin.query('CREATE DATABASE floor_ours');
  await admin.end();
  const urlOf = (db) => {
    const url = new URL(cluster.url);
    url.pathname = `/${db}`;
    return url.toString();
  };
  const servers = [];
  try {
    servers.push(await startServer(ref, refDir, urlOf('floor_ref')));
    servers.push(await startServer('working tree', oursDir, urlOf('floor_ours')));
    for (const server of servers) {
      Object.assign(server, await benchUser(server.base));
      server.results = Object.fromEntries(scenarios.map((s) => [s.name, []]));
      server.cpu = Object.fromEntries(scenarios.map((s) => [s.name, []]));
      // Warm-up, not measured: JIT, pools, caches.
      await cannon({ name: 'warm-up', url: `${server.base}/health`, amount: quick ? 2000 : 10000, connections: 32 });
      await scenarios[2].run(server);
    }
    for (let round = 0; round < rounds; round++) {
      for (const scenario of scenarios) {
        // Alternate which build goes first, round by round.
        const order = round % 2 ? [...servers].reverse() : servers;
        for (const server of order) {
          const cpuBefore = server.cpuSeconds();
          const result = await scenario.run(server);
          if (result.errors) throw new Error(`${server.name} ${scenario.name}: ${result.errors} errors`);
          const cpu = cpuBefore === null ? null : ((server.cpuSeconds() - cpuBefore) * 1e6) / result.count;
          server.results[scenario.name].push(result.rate);
          server.cpu[scenario.name].push(cpu);
          process.stderr.write(`round ${round + 1}/${rounds} ${scenario.name} ${server.name}: ${result.rate.toFixed(0)} req/s${cpu === null ? '' : `, ${cpu.toFixed(1)} µs CPU/req`}\n`);
        }
      }
    }
    const [refServer, ours] = servers;
    console.log(`\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end · ${rounds} interleaved rounds, load generator on the same cores\n`);
    console.log(`| scenario | ${ref}, median (range) | working tree, median (range) | working tree ÷ ${ref}: median (per round) | server CPU per request, ${ref} / working tree (µs, median) |`);
    console.log('|---|---:|---:|---:|---:|');
    for (const { name } of scenarios) {
      const a = refServer.results[name];
      const b = ours.results[name];
      const ratios = b.map((value, i) => value / a[i]);
      const cpu = [refServer, ours].map((server) => server.cpu[name].includes(null) ? '–' : median(server.cpu[name]).toFixed(1));
      console.log(`| ${name} | ${median(a).toFixed(0)} req/s (${range(a)}) | ${median(b).toFixed(0)} req/s (${range(b)}) | ${(median(b) / median(a)).toFixed(2)} (${range(ratios, 2)}) | ${cpu.join(' / ')} |`);
    }
  } finally {
    for (const server of servers) await server.stop();
    await cluster.stop();
    rmSync(pgDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
