#!/usr/bin/env node
// Agent actions across instances (issue #20, API.md §13): a no-op job requested through nginx on
// instance B, run by the agent CLI held by instance A, its result seen on the requester's /events
// (through nginx, on B). Baseline in the same run, interleaved round by round: the same job with the
// agent held by B itself. Both agents are the real agent CLI (dist/agent-client/cli.js) running
// `true` from an actions file.
// Usage: npm run bench:jobs [-- --jobs=200]
// Loopback only; bounded in count and time; stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { freePort, json, registerBenchUser, root, sleep, startApi } from './api-server.mjs';
import { startPostgres } from './fleet/common.mjs';

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const JOBS = arg('jobs', 200);
const MAX_SECONDS = 180;

const ACTIONS = `actions:
  - name: noop
    description: Does nothing
    command: ["true"]
    timeout_s: 10
`;

async function startRedis() {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await sleep(300);
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** deploy/nginx.conf as users run it, upstreams and listen address rewritten for loopback. */
async function startNginx(upstreamPorts) {
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(
    (path) => spawnSync(path, ['-v'], { stdio: 'ignore' }).status === 0,
  );
  if (!nginx) throw new Error('nginx is not installed (apt-get install nginx-light)');
  const dir = mkdtempSync(join(tmpdir(), 'chatops-bench-nginx-'));
  mkdirSync(join(dir, 'temp'));
  const port = await freePort();
  const servers = upstreamPorts.map((p) => `  server 127.0.0.1:${p};`).join('\n');
  writeFileSync(
    join(dir, 'site.conf'),
    readFileSync(join(root, 'deploy', 'nginx.conf'), 'utf8')
      .replace(/upstream chatops \{[^}]*\}/, `upstream chatops {\n${servers}\n}`)
      .replace(/listen 80;/, `listen 127.0.0.1:${port};`),
  );
  const temp = join(dir, 'temp');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  include ${join(dir, 'site.conf')};
}
`,
  );
  const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    !(await fetch(`${base}/health`).then(
      () => true,
      () => false,
    ));
    i++
  ) {
    if (i > 100) throw new Error('nginx did not start');
    await sleep(50);
  }
  return {
    base,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real agent CLI, built, with the no-op action. */
function startAgent(base, apiKey, actionsFile) {
  return spawn(
    process.execPath,
    [join(root, 'dist/agent-client/cli.js'), '--url', base, '--actions', actionsFile],
    { env: { PATH: process.env.PATH, CHATOPS_API_KEY: apiKey }, stdio: 'ignore' },
  );
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function main() {
  const started = [];
  const dir = mkdtempSync(join(tmpdir(), 'chatops-bench-jobs-'));
  const actionsFile = join(dir, 'actions.yaml');
  writeFileSync(actionsFile, ACTIONS);
  const postgres = await startPostgres();
  try {
    const redis = await startRedis();
    started.push(redis);
    const env = { DATABASE_URL: await postgres.createDatabase(), REDIS_URL: redis.url };
    const a = await startApi(env);
    started.push(a);
    const b = await startApi(env);
    started.push(b);
    const nginx = await startNginx([Number(new URL(b.base).port)]);
    started.push(nginx);

    const user = await registerBenchUser(nginx.base, 'jobs');
    const token = user.accessToken;
    const setups = {};
    for (const [layout, agentBase] of [
      ['cross', a.base],
      ['same', b.base],
    ]) {
      const server = await json(nginx.base, 'POST', '/servers', { name: `jobs-${layout}` }, token);
      const key = await json(
        nginx.base,
        'POST',
        `/servers/${server.body.id}/api-keys`,
        { name: 'agent' },
        token,
      );
      const agent = startAgent(agentBase, key.body.key, actionsFile);
      started.push({ stop: () => agent.kill('SIGTERM') });
      setups[layout] = { serverId: server.body.id, latencies: [], posts: [] };
    }
    for (const { serverId } of Object.values(setups)) {
      for (let i = 0; ; i++) {
        const actions = await json(
          nginx.base,
          'GET',
          `/servers/${serverId}/actions`,
          undefined,
          token,
        );
        if (actions.body?.items?.length === 1) break;
        if (i > 300) throw new Error('the agent never declared its action');
        await sleep(100);
      }
    }

    const events = io(`${nginx.base}/events`, { transports: ['websocket'], auth: { token } });
    await new Promise((resolve, reject) => {
      events.once('connect', resolve);
      events.once('connect_error', reject);
    });
    const waiting = new Map();
    const ended = new Map();
    events.on('job_status', (job) => {
      if (!['succeeded', 'failed', 'timed_out', 'cancelled', 'lost'].includes(job.status)) return;
      const waiter = waiting.get(job.id);
      if (waiter) waiter(job);
      else ended.set(job.id, job);
    });

    /** One job: POST through nginx to B, until its final job_status arrives on B's /events. */
    async function oneJob(setup) {
      const t0 = performance.now();
      let resolveDone;
      const done = new Promise((resolve) => (resolveDone = resolve));
      const created = await json(
        nginx.base,
        'POST',
        `/servers/${setup.serverId}/jobs`,
        { action: 'noop' },
        token,
      );
      const t1 = performance.now();
      if (created.status !== 201)
        throw new Error(`POST jobs: ${created.status} ${JSON.stringify(created.body)}`);
      // The result may come before the answer: ended jobs are kept below until asked for.
      if (ended.has(created.body.id)) resolveDone(ended.get(created.body.id));
      else waiting.set(created.body.id, resolveDone);
      const job = await Promise.race([done, sleep(10_000).then(() => null)]);
      waiting.delete(created.body.id);
      if (!job || job.status !== 'succeeded')
        throw new Error(`job ended ${job?.status ?? 'never'}`);
      setup.latencies.push(performance.now() - t0);
      setup.posts.push(t1 - t0);
    }

    // Warm-up (unmeasured), then interleaved rounds: cross-instance, same-instance, …
    for (let i = 0; i < 20; i++) for (const setup of Object.values(setups)) await oneJob(setup);
    Object.values(setups).forEach((s) => ((s.latencies = []), (s.posts = [])));
    const deadline = Date.now() + MAX_SECONDS * 1000;
    for (let i = 0; i < JOBS && Date.now() < deadline; i++)
      for (const setup of Object.values(setups)) await oneJob(setup);
    events.close();

    console.log(
      `\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · load average ${loadavg()[0].toFixed(2)} at the end · everything on one machine`,
    );
    console.log(
      `no-op job (agent CLI running \`true\`), sequential, ${setups.cross.latencies.length} jobs per layout, interleaved\n`,
    );
    console.log('| agent held by | POST answered p50 | result on /events p50 | p95 | p99 | max |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [layout, label] of [
      ['cross', 'A (job requested on B: cross-instance)'],
      ['same', 'B (baseline: same instance)'],
    ]) {
      const s = setups[layout];
      const f = (v) => `${v.toFixed(1)} ms`;
      console.log(
        `| ${label} | ${f(percentile(s.posts, 50))} | ${f(percentile(s.latencies, 50))} | ${f(percentile(s.latencies, 95))} | ${f(percentile(s.latencies, 99))} | ${f(Math.max(...s.latencies))} |`,
      );
    }
  } finally {
    for (const thing of started.reverse()) await thing.stop();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
