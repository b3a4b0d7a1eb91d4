// Goal 2 (issue #10): memory of N idle authenticated agents, after GC, ours against both baselines.
import { closeAll, connectMany, median, sleep, withTarget } from './common.mjs';

const KINDS = ['bare', 'nest', 'ours'];
const MiB = 1024 * 1024;

export async function memory({ postgres, quick, reps }) {
  const count = quick ? 2000 : 10_000;
  const results = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const kind of KINDS) {
      await withTarget(kind, postgres, { servers: count, count }, async (target, keys) => {
        await sleep(1000);
        const empty = await target.memoryAfterGc();
        const run = await connectMany(target.base, keys, 64);
        // Idle: past the connection burst's short-lived bookkeeping (e.g. last_seen_at throttling,
        // 15 s), as a fleet sits between reconnections.
        await sleep(quick ? 3000 : 20_000);
        const full = await target.memoryAfterGc();
        const row = {
          kind,
          connected: run.sockets.length,
          rss: full.rss / MiB,
          heap: full.heapUsed / MiB,
          rssPerAgent: (full.rss - empty.rss) / run.sockets.length / 1024,
          heapPerAgent: (full.heapUsed - empty.heapUsed) / run.sockets.length / 1024,
        };
        results.push(row);
        process.stderr.write(`  memory ${kind} rep ${rep + 1}: ${row.connected} agents, RSS ${row.rss.toFixed(0)} MiB, ${row.rssPerAgent.toFixed(1)} KiB/agent\n`);
        await closeAll(run.sockets, 500);
      });
    }
  }
  const lines = [
    `| target | agents | RSS after GC (MiB) | heap after GC (MiB) | RSS per agent (KiB) | heap per agent (KiB) |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const kind of KINDS) {
    const of = (field) => median(results.filter((r) => r.kind === kind).map((r) => r[field]));
    const label = { bare: 'bare Socket.IO', nest: 'Nest gateway, no DB', ours: '**ours**' }[kind];
    lines.push(`| ${label} | ${of('connected')} | ${of('rss').toFixed(0)} | ${of('heap').toFixed(0)} | ${of('rssPerAgent').toFixed(1)} | ${of('heapPerAgent').toFixed(1)} |`);
  }
  const per = (kind) => median(results.filter((r) => r.kind === kind).map((r) => r.rssPerAgent));
  lines.push('', `Ours ÷ Nest gateway per agent: ${(per('ours') / per('nest')).toFixed(2)}× (RSS); ours ÷ bare: ${(per('ours') / per('bare')).toFixed(2)}×.`);
  return { title: `Idle agents (${count}, median of ${reps})`, lines };
}
