// Goal 1 (issue #10): handshake throughput and latency, ours against both baselines in the same run.
import { closeAll, connectMany, median, withTarget } from './common.mjs';

const KINDS = ['bare', 'nest', 'ours'];

/** Layouts: one agent per server (each its own key), or 100 agents on each key. */
function layoutKeys(keys, layout, count) {
  if (layout === 'per-server') return keys.slice(0, count);
  return Array.from({ length: count }, (_, i) => keys[Math.floor(i / 100)]);
}

export async function handshakes({ postgres, quick, reps }) {
  const count = quick ? 500 : 2000;
  const levels = quick ? [16, 64] : [16, 64, 256];
  const results = []; // {layout, c, kind, rep, rate, p99, cpuMs, errors}
  for (const layout of ['per-server', 'one-key']) {
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of KINDS) {
        const servers = layout === 'per-server' ? count : count / 100;
        await withTarget(kind, postgres, { servers, count }, async (target, keys) => {
          const presented = layoutKeys(keys, layout, count);
          for (const c of levels) {
            const cpu0 = target.cpuSeconds();
            const run = await connectMany(target.base, presented, c);
            const cpuMs = ((target.cpuSeconds() - cpu0) * 1000) / Math.max(1, run.sockets.length);
            results.push({ layout, c, kind, rep, rate: run.rate, p99: run.p99, cpuMs, errors: run.errors });
            process.stderr.write(`  handshake ${layout} c=${c} ${kind} rep ${rep + 1}: ${run.rate.toFixed(0)}/s p99 ${run.p99.toFixed(0)} ms, ${run.errors} errors\n`);
            await closeAll(run.sockets, 1500);
          }
        });
      }
    }
  }
  const lines = [
    '| layout | c | bare Socket.IO agents/s | Nest gateway, no DB | **ours** | ours ÷ bare | ours ÷ Nest | p99 bare / Nest / ours (ms) | server CPU per handshake bare / Nest / ours (ms) | errors (ours) |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|---:|',
  ];
  for (const layout of ['per-server', 'one-key']) {
    for (const c of levels) {
      const of = (kind, field) => median(results.filter((r) => r.layout === layout && r.c === c && r.kind === kind).map((r) => r[field]));
      const [bare, nest, ours] = KINDS.map((k) => of(k, 'rate'));
      const errors = results.filter((r) => r.layout === layout && r.c === c && r.kind === 'ours').reduce((n, r) => n + r.errors, 0);
      lines.push(
        `| ${layout === 'per-server' ? 'one agent per server' : '100 agents per key'} | ${c} | ${bare.toFixed(0)} | ${nest.toFixed(0)} | **${ours.toFixed(0)}** | ${(ours / bare).toFixed(2)} | ${(ours / nest).toFixed(2)} | ${KINDS.map((k) => of(k, 'p99').toFixed(0)).join(' / ')} | ${KINDS.map((k) => of(k, 'cpuMs').toFixed(2)).join(' / ')} | ${errors} |`,
      );
    }
  }
  return { title: `Handshakes (${count} per run, median of ${reps})`, lines };
}
