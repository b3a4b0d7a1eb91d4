#!/usr/bin/env node
// Cold start and idle memory (issue #22): spawn → first 200 on GET /health, and the process's RSS
// 5 s after the spawn, for the built API and a baseline, in interleaved rounds of one run.
//
//   npm run bench:startup                      # builds, then 5 rounds (~2 minutes)
//   npm run bench:startup -- --rounds=9
//
// Variants (all NODE_ENV=production, LOG_LEVEL=error, on loopback):
// - `ours, external PostgreSQL`: dist/main.js on a throw-away cluster this script starts, with the
//   migrations already applied (what a deploy against a managed database does);
// - `ours, embedded PostgreSQL`: dist/main.js without DATABASE_URL on a data directory that already
//   holds a cluster (what `npm start` does after the first time), the cluster's start included;
// - `baseline`: bench/startup/minimal-app.mjs, a minimal Nest 12 + Fastify + TypeORM app with one
//   entity and Swagger UI, the way a new project starts (plain node, no bundle), same PostgreSQL;
// - BENCH_BOILERPLATE=<dir> adds `node <dir>/dist/main.js` (a built brocoders/nestjs-boilerplate
//   checkout configured for the same database through its own .env): not built by this script.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, root, sleep } from './api-server.mjs';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 5);
const IDLE_AFTER_MS = 5000;
const JWT_SECRET = 'bench-startup-secret-of-at-least-32-bytes-0123456789';

/** One GET /health: resolves with the status, or 0 when nothing answers yet. */
function probe(port) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Spawns `args` with `env`, polls /health every 5 ms: start-up time, then RSS at 5 s. */
async function measure({ args, env, cwd = root }) {
  const port = await freePort();
  const begin = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if ((await probe(port)) === 200) break;
      if (performance.now() - begin > 60_000) throw new Error(`${args.join(' ')}: no 200 in 60 s`);
      await sleep(5);
    }
    const startMs = performance.now() - begin;
    await sleep(Math.max(0, IDLE_AFTER_MS - (performance.now() - begin)));
    return { startMs, rss: rssMiB(child.pid) };
  } finally {
    await stop(child);
  }
}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const range = (values, digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function main() {
  const { EmbeddedDatabase } = await import(join(root, 'dist/database/embedded-database.js'));
  const pgDir = mkdtempSync(join(tmpdir(), 'chatops-bench-startup-pg-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-bench-startup-data-'));
  chmodSync(pgDir, 0o755);
  chmodSync(dataDir, 0o755);
  const cluster = await EmbeddedDatabase.start({ dataDir: pgDir });
  const external = { DATABASE_URL: cluster.url, JWT_SECRET };
  const embedded = { DATABASE_URL: '', DATA_DIR: dataDir, JWT_SECRET };
  try {
    process.stderr.write('preparing: migrations on the external cluster, a first start of the embedded one…\n');
    await run(['dist/database/migrate.js', 'run'], external);
    await measure({ args: ['dist/main.js'], env: embedded });

    const variants = [
      { name: 'ours, external PostgreSQL', args: ['dist/main.js'], env: external },
      { name: 'ours, embedded PostgreSQL (existing data directory)', args: ['dist/main.js'], env: embedded },
      { name: 'baseline: minimal Nest + Fastify + TypeORM + Swagger', args: ['bench/startup/minimal-app.mjs'], env: external, baseline: true },
    ];
    const boilerplate = process.env.BENCH_BOILERPLATE;
    if (boilerplate && existsSync(join(boilerplate, 'dist/main.js'))) {
      variants.push({ name: 'brocoders/nestjs-boilerplate', args: ['dist/main.js'], env: { APP_PORT: '' }, cwd: boilerplate, boilerplate: true });
    }
    for (const v of variants) v.samples = [];
    for (let round = 0; round < rounds; round++) {
      // Rotate the order each round, so no variant always runs first (or right after another).
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(round + i) % variants.length];
        const sample = await measure(v);
        v.samples.push({ round, ...sample });
        process.stderr.write(`round ${round + 1}/${rounds} ${v.name}: ${sample.startMs.toFixed(0)} ms, ${sample.rss.toFixed(0)} MiB\n`);
      }
    }

    const base = variants.find((v) => v.baseline);
    const perRound = (v, key) => v.samples.map((s) => s[key] / base.samples.find((b) => b.round === s.round)[key]);
    console.log(`\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end · ${rounds} interleaved rounds\n`);
    console.log('| variant | spawn → first 200 on /health, median (range) | × baseline (per round) | RSS 5 s after spawn, median (range) | × baseline (per round) |');
    console.log('|---|---:|---:|---:|---:|');
    for (const v of variants) {
      const ms = v.samples.map((s) => s.startMs);
      const rss = v.samples.map((s) => s.rss);
      const ratio = (key) => (v === base ? '1' : `${(median(v.samples.map((s) => s[key])) / median(base.samples.map((s) => s[key]))).toFixed(2)} (${range(perRound(v, key), 2)})`);
      console.log(`| ${v.name} | ${median(ms).toFixed(0)} ms (${range(ms)}) | ${ratio('startMs')} | ${median(rss).toFixed(0)} MiB (${range(rss)}) | ${ratio('rss')} |`);
    }
    const ext = variants[0].samples.map((s) => s.startMs);
    const emb = variants[1].samples.map((s) => s.startMs);
    console.log(`\nembedded − external, median: ${(median(emb) - median(ext)).toFixed(0)} ms`);
  } finally {
    await cluster.stop();
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
