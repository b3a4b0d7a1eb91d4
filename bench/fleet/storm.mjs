// Goal 3 (issue #10): a reconnect storm. N agents connected, the instance SIGKILLed and restarted on
// the same port; from the restart's first /health 200, how long until all N have auth_success again
// and the new instance has recorded all N (rows of its own, so GET /servers?status=online is N
// without the dead instance's rows, which still count until their TTL).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { benchUser, connectMany, createKeys, median, root, sleep, startTarget } from './common.mjs';
import { API } from '../api-server.mjs';

const MiB = 1024 * 1024;

/** The kernel's count of connections dropped because a listen queue was full (whole machine). */
function listenOverflows() {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
  const [names, values] = lines.map((l) => l.split(/\s+/));
  return Number(values[names.indexOf('ListenOverflows')]);
}

async function waitUntil(probe, deadlineMs, everyMs = 50) {
  const deadline = performance.now() + deadlineMs;
  while (performance.now() < deadline) {
    if (await probe()) return performance.now();
    await sleep(everyMs);
  }
  return undefined;
}

/** socket.io-client with its default reconnection (1 s, ±50 %, up to 5 s). */
async function socketIoFleet(base, keys, counters) {
  const run = await connectMany(base, keys, 256, { reconnection: true });
  for (const socket of run.sockets) {
    socket.on('auth_success', () => counters.auth(socket));
    socket.on('auth_error', () => counters.refused++);
    socket.on('connect_error', () => counters.connectErrors++);
  }
  return { stop: () => run.sockets.forEach((s) => s.disconnect()), size: run.sockets.length };
}

/** The project's agent CLI (AgentClient), defaults: backoff 1 s doubling to 30 s, ±50 % jitter. */
async function cliFleet(base, keys, counters) {
  const { AgentClient } = await import(join(root, 'dist/agent-client/agent-client.js'));
  const clients = [];
  let authenticated = 0;
  for (let i = 0; i < keys.length; i++) {
    const id = i;
    const client = new AgentClient({
      url: base,
      apiKey: keys[i],
      heartbeatSeconds: 30,
      log: (line) => {
        if (line.startsWith('authenticated')) {
          authenticated++;
          counters.auth(id);
        } else if (line.startsWith('cannot connect')) counters.connectErrors++;
        else if (line.startsWith('refused')) counters.refused++;
      },
    });
    void client.run();
    clients.push(client);
    if (i % 250 === 249) await waitUntil(() => authenticated >= i - 500, 30_000, 20);
  }
  await waitUntil(() => authenticated >= keys.length, 60_000);
  return { stop: () => clients.forEach((c) => c.stop()), size: authenticated };
}

export async function storm({ postgres, quick, reps }) {
  const count = quick ? 2000 : 10_000;
  const results = [];
  for (const fleetKind of ['socket.io-client', 'agent CLI']) {
    for (let rep = 0; rep < reps; rep++) {
      const databaseUrl = await postgres.createDatabase();
      const db = new pg.Client({ connectionString: databaseUrl });
      let target = await startTarget('ours', { databaseUrl });
      let fleet;
      try {
        await target.ready();
        await db.connect();
        const user = await benchUser(target);
        const keys = (await createKeys(databaseUrl, user.id, count)).map((k) => k.key);
        let killedAt = Infinity;
        const backAt = [];
        const counters = {
          refused: 0,
          connectErrors: 0,
          auth: () => performance.now() > killedAt && backAt.push(performance.now()),
        };
        fleet = await (fleetKind === 'agent CLI' ? cliFleet : socketIoFleet)(target.base, keys, counters);
        const rows = async () => (await db.query('SELECT count(*)::int AS n FROM agent_connections')).rows[0].n;
        await waitUntil(async () => (await rows()) >= fleet.size, 60_000, 200);
        const [{ instance_id: dead }] = (await db.query('SELECT DISTINCT instance_id FROM agent_connections')).rows;
        counters.refused = 0;
        counters.connectErrors = 0;
        const overflows0 = listenOverflows();

        killedAt = performance.now();
        await target.stop('SIGKILL');
        target = await startTarget('ours', { databaseUrl, port: target.port });
        const healthyAt = await target.ready();
        let bad = 0;
        let polls = 0;
        const poller = setInterval(() => {
          polls++;
          fetch(`${target.base}${API}/servers?status=online&limit=1`, { headers: { authorization: `Bearer ${user.token}` } })
            .then((r) => r.status >= 500 && bad++, () => bad++);
        }, 250);
        const allAuthAt = await waitUntil(() => backAt.length >= fleet.size, 120_000);
        const ownRows = async () =>
          (await db.query('SELECT count(*)::int AS n FROM agent_connections WHERE instance_id <> $1', [dead])).rows[0].n;
        const allRowsAt = await waitUntil(async () => (await ownRows()) >= fleet.size, 30_000, 50);
        clearInterval(poller);
        const sorted = backAt.map((t) => t - healthyAt).sort((a, b) => a - b);
        const row = {
          fleetKind,
          n: fleet.size,
          healthAfterKill: (healthyAt - killedAt) / 1000,
          allBack: allAuthAt && allRowsAt ? (Math.max(allAuthAt, allRowsAt) - healthyAt) / 1000 : NaN,
          p50: sorted[Math.floor(sorted.length / 2)] / 1000,
          p99: sorted[Math.floor(sorted.length * 0.99)] / 1000,
          refused: counters.refused,
          connectErrors: counters.connectErrors,
          http5xx: bad,
          polls,
          peakRss: target.peakRss() / MiB,
          overflows: listenOverflows() - overflows0,
        };
        results.push(row);
        process.stderr.write(`  storm ${fleetKind} rep ${rep + 1}: ${JSON.stringify(row)}\n`);
      } finally {
        fleet?.stop();
        await sleep(1000);
        await target.stop();
        await db.end().catch(() => undefined);
      }
    }
  }
  const lines = [
    '| clients | agents | /health after kill (s) | all back after /health (s) | re-auth p50 / p99 (s) | refusals | client connect errors | 5xx | peak RSS (MiB) | listen overflows |',
    '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const fleetKind of ['socket.io-client', 'agent CLI']) {
    const rows = results.filter((r) => r.fleetKind === fleetKind);
    const of = (field) => median(rows.map((r) => r[field]));
    lines.push(
      `| ${fleetKind} | ${of('n')} | ${of('healthAfterKill').toFixed(1)} | **${of('allBack').toFixed(1)}** (${rows.map((r) => r.allBack.toFixed(1)).join(', ')}) | ${of('p50').toFixed(1)} / ${of('p99').toFixed(1)} | ${of('refused')} | ${of('connectErrors')} | ${of('http5xx')} | ${of('peakRss').toFixed(0)} | ${of('overflows')} |`,
    );
  }
  return { title: `Reconnect storm (${count} agents, SIGKILL and restart, median of ${reps})`, lines };
}
