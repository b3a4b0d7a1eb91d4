#!/usr/bin/env node
// Cold start and idle memory (issue #22): spawn → first 200 on a cheap route (each variant's probe
// path), and the process's RSS 5 s after the spawn, for the built API and the baselines, in
// interleaved rounds of one run.
//
//   npm run bench:startup                      # builds, then 5 rounds (~2 minutes)
//   npm run bench:startup -- --rounds=9
//   BENCH_BOILERPLATE=/work/boilerplate npm run bench:startup   # + the boilerplate, a second baseline
//   npm run bench:startup -- --settled=15      # + the RSS 15 s after the spawn (idle, settled)
//
// Variants (all NODE_ENV=production, LOG_LEVEL=error, on loopback):
// - `ours, external PostgreSQL`: dist/main.js on a throw-away cluster this script starts, with the
//   migrations already applied (what a deploy against a managed database does);
// - `ours, embedded PostgreSQL`: dist/main.js without DATABASE_URL on a data directory that already
//   holds a cluster (what `npm start` does after the first time), the cluster's start included;
// - `baseline`: bench/startup/minimal-app.mjs, a minimal Nest 12 + Fastify + TypeORM app with one
//   entity and Swagger UI, the way a new project starts (plain node, no bundle), same PostgreSQL;
// - BENCH_BOILERPLATE=<dir> adds `node <dir>/dist/main.js`: a checkout of brocoders/nestjs-boilerplate
//   built with its own `npm ci && npm run build` (not built by this script). It gets a database of its
//   own on the same cluster, its own migrations run there from its compiled data source before the
//   rounds (typeorm's CLI, no ts-node), and its relational configuration through the environment
//   (which wins over any .env it has); it is probed on `GET /` (it has no /health, and no
//   unauthenticated GET reads the database; it listens only once TypeORM has connected). The table
//   then gives ratios to both baselines.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, root, sleep } from './api-server.mjs';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 5);
const IDLE_AFTER_MS = 5000;
// --settled=<s>: also the RSS <s> seconds after the spawn, once V8's memory reducer (which runs when
// a process has been idle a few seconds) has given start-up's garbage back. Off by default.
const SETTLED_MS = Number(process.argv.find((a) => a.startsWith('--settled='))?.slice(10) ?? 0) * 1000;
const JWT_SECRET = 'bench-startup-secret-of-at-least-32-bytes-0123456789';

/** One GET `path`: resolves with the status, or 0 when nothing answers yet. */
function probe(port, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
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

/**
 * Spawns `args` with `env` (the port in `portVar`), polls `probePath` every 5 ms: start-up time, then
 * RSS at 5 s.
 */
async function measure({ args, env, cwd = root, probePath = '/health', portVar = 'PORT' }) {
  const port = await freePort();
  const begin = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error', HOST: '127.0.0.1', ...env, [portVar]: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if ((await probe(port, probePath)) === 200) break;
      if (performance.now() - begin > 60_000) throw new Error(`${args.join(' ')}: no 200 in 60 s`);
      await sleep(5);
    }
    const startMs = performance.now() - begin;
    await sleep(Math.max(0, IDLE_AFTER_MS - (performance.now() - begin)));
    const rss = rssMiB(child.pid);
    if (!SETTLED_MS) return { startMs, rss };
    await sleep(Math.max(0, SETTLED_MS - (performance.now() - begin)));
    return { startMs, rss, settled: rssMiB(child.pid) };
  } finally {
    await stop(child);
  }
}

function run(args, env, cwd = root) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * brocoders/nestjs-boilerplate's relational configuration (its env-example-relational) for a database
 * at `url`, production secrets instead of its placeholders (it refuses those in production). Its
 * config reads process.env, which wins over a .env: neither `dotenv/config` nor @nestjs/config's
 * ConfigModule overwrite a variable that is already set.
 */
function boilerplateEnv(url) {
  const { hostname, port, username, password, pathname } = new URL(url);
  const secret = (name) => `bench-startup-${name}-secret-of-at-least-32-bytes-0123456789`;
  return {
    NODE_ENV: 'production',
    DOTENV_CONFIG_QUIET: 'true',
    APP_NAME: 'NestJS API',
    API_PREFIX: 'api',
    APP_FALLBACK_LANGUAGE: 'en',
    APP_HEADER_LANGUAGE: 'x-custom-lang',
    FRONTEND_DOMAIN: 'http://localhost:3000',
    BACKEND_DOMAIN: 'http://localhost:3001',
    APP_CORS_ORIGINS: 'http://localhost:3000',
    DATABASE_TYPE: 'postgres',
    DATABASE_URL: '',
    DATABASE_HOST: hostname,
    DATABASE_PORT: port,
    DATABASE_USERNAME: decodeURIComponent(username),
    DATABASE_PASSWORD: decodeURIComponent(password),
    DATABASE_NAME: pathname.slice(1),
    DATABASE_SYNCHRONIZE: 'false',
    DATABASE_MAX_CONNECTIONS: '100',
    DATABASE_SSL_ENABLED: 'false',
    DATABASE_REJECT_UNAUTHORIZED: 'false',
    FILE_DRIVER: 'local',
    MAIL_HOST: '127.0.0.1',
    MAIL_PORT: '1025',
    MAIL_IGNORE_TLS: 'true',
    MAIL_SECURE: 'false',
    MAIL_REQUIRE_TLS: 'false',
    MAIL_DEFAULT_EMAIL: 'noreply@example.com',
    MAIL_DEFAULT_NAME: 'Api',
    AUTH_JWT_SECRET: secret('jwt'),
    AUTH_JWT_TOKEN_EXPIRES_IN: '15m',
    AUTH_REFRESH_SECRET: secret('refresh'),
    AUTH_REFRESH_TOKEN_EXPIRES_IN: '30d',
    AUTH_FORGOT_SECRET: secret('forgot'),
    AUTH_FORGOT_TOKEN_EXPIRES_IN: '30m',
    AUTH_CONFIRM_EMAIL_SECRET: secret('confirm-email'),
    AUTH_CONFIRM_EMAIL_TOKEN_EXPIRES_IN: '1d',
    AUTH_UNIFORM_ERRORS: 'false',
    APPLE_APP_AUDIENCE: '[]',
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const range = (values, digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function main() {
  const boilerplate = process.env.BENCH_BOILERPLATE;
  if (boilerplate && !existsSync(join(boilerplate, 'dist/main.js'))) {
    throw new Error(`BENCH_BOILERPLATE=${boilerplate}: no dist/main.js there (npm ci && npm run build in it first)`);
  }
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
      { name: 'baseline: minimal Nest + Fastify + TypeORM + Swagger', args: ['bench/startup/minimal-app.mjs'], env: external, baseline: 'minimal app' },
    ];
    if (boilerplate) {
      process.stderr.write(`preparing: a database for ${boilerplate}, its migrations, a first start…\n`);
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE boilerplate');
      await admin.end();
      const env = boilerplateEnv(cluster.urlFor('boilerplate'));
      await run(['node_modules/typeorm/cli.js', 'migration:run', '-d', 'dist/database/data-source.js'], env, boilerplate);
      const db = new pg.Client({ connectionString: cluster.urlFor('boilerplate') });
      await db.connect();
      const { rows } = await db.query('SELECT count(*)::int AS applied FROM migrations');
      await db.end();
      if (!rows[0].applied) throw new Error(`${boilerplate}: its migrations did not run`);
      const v = { name: 'brocoders/nestjs-boilerplate', args: ['dist/main.js'], env, cwd: boilerplate, probePath: '/', portVar: 'APP_PORT', baseline: 'boilerplate' };
      await measure(v); // not measured: the first start reads its files from disk, as ours did above
      variants.push(v);
    }
    for (const v of variants) v.samples = [];
    for (let round = 0; round < rounds; round++) {
      // Rotate the order each round, so no variant always runs first (or right after another).
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(round + i) % variants.length];
        const sample = await measure(v);
        v.samples.push({ round, ...sample });
        process.stderr.write(`round ${round + 1}/${rounds} ${v.name}: ${sample.startMs.toFixed(0)} ms, ${sample.rss.toFixed(0)} MiB${sample.settled ? `, ${sample.settled.toFixed(0)} MiB settled` : ''}\n`);
      }
    }

    // One ratio column per baseline present: the minimal app always, the boilerplate when given.
    const bases = variants.filter((v) => v.baseline);
    const perRound = (v, base, key) => v.samples.map((s) => s[key] / base.samples.find((b) => b.round === s.round)[key]);
    const ratio = (v, base, key) =>
      v === base ? '1' : `${(median(v.samples.map((s) => s[key])) / median(base.samples.map((s) => s[key]))).toFixed(2)} (${range(perRound(v, base, key), 2)})`;
    const label = (base) => (bases.length === 1 ? 'baseline' : base.baseline);
    console.log(`\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end · ${rounds} interleaved rounds\n`);
    const probes = [...new Set(variants.map((v) => v.probePath ?? '/health'))];
    const ratioHeads = bases.map((base) => ` × ${label(base)} (per round) |`).join('');
    const settledHead = SETTLED_MS ? ` RSS ${SETTLED_MS / 1000} s after spawn, median (range) |${ratioHeads}` : '';
    const settledRule = SETTLED_MS ? `---:|${bases.map(() => '---:|').join('')}` : '';
    console.log(`| variant |${probes.length > 1 ? ' probe |' : ''} spawn → first 200 on ${probes.length > 1 ? 'the probe' : probes[0]}, median (range) |${ratioHeads} RSS 5 s after spawn, median (range) |${ratioHeads}${settledHead}`);
    console.log(`|---|${probes.length > 1 ? '---|' : ''}---:|${bases.map(() => '---:|').join('')}---:|${bases.map(() => '---:|').join('')}${settledRule}`);
    for (const v of variants) {
      const ms = v.samples.map((s) => s.startMs);
      const rss = v.samples.map((s) => s.rss);
      const ratios = (key) => bases.map((base) => ` ${ratio(v, base, key)} |`).join('');
      const probeCell = probes.length > 1 ? ` \`${v.probePath ?? '/health'}\` |` : '';
      const settled = v.samples.map((s) => s.settled);
      const settledCells = SETTLED_MS ? ` ${median(settled).toFixed(0)} MiB (${range(settled)}) |${ratios('settled')}` : '';
      console.log(`| ${v.name} |${probeCell} ${median(ms).toFixed(0)} ms (${range(ms)}) |${ratios('startMs')} ${median(rss).toFixed(0)} MiB (${range(rss)}) |${ratios('rss')}${settledCells}`);
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
