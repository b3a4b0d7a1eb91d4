// Goal 1 (issue #10): handshake throughput and latency, ours against both baselines in the same run.
import { closeAll, connectMany, cpuAccount, median, withTarget } from './common.mjs';

const KINDS = ['bare', 'nest', 'ours'];

/**
 * Handshakes each target serves first, unmeasured: a running instance is warm (JIT, lazily loaded
 * code, its pool's database connections), a just-started one is not. The first measured level of
 * a cold target was its slowest by up to 2× for ours and less for the baselines; the cold figure
 * is still reported, in its own column.
 */
const WARM_UP = 2000;

/** Layouts: one agent per server (each its own key), or 100 agents on each key. */
const LAYOUTS = { 'per-server': 'one agent per server', 'one-key': '100 agents per key' };

function layoutKeys(keys, layout, count) {
  if (layout === 'per-server') return keys.slice(0, count);
  return Array.from({ length: count }, (_, i) => keys[Math.floor(i / 100)]);
}

export async function handshakes({ postgres, quick, reps }) {
  const count = quick ? 500 : 2000;
  const levels = quick ? [16, 64] : [16, 64, 256];
  const results = []; // {layout, c, kind, rep, rate, p99, cpu, errors, cold}
  for (const layout of Object.keys(LAYOUTS)) {
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of KINDS) {
        const servers = layout === 'per-server' ? count : count / 100;
        await withTarget(kind, postgres, { servers, count }, async (target, keys) => {
          const presented = layoutKeys(keys, layout, count);
          const warmUp = await connectMany(target.base, presented.slice(0, quick ? 500 : WARM_UP), levels[0]);
          const cold = warmUp.rate;
          await closeAll(warmUp.sockets, 1500);
          for (const c of levels) {
            const { result: run, cpu } = await cpuAccount(target, () => connectMany(target.base, presented, c));
            results.push({ layout, c, kind, rep, rate: run.rate, p99: run.p99, cpu, errors: run.errors, cold });
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
  for (const layout of Object.keys(LAYOUTS)) {
    for (const c of levels) {
      const of = (kind, read) => median(results.filter((r) => r.layout === layout && r.c === c && r.kind === kind).map(read));
      const [bare, nest, ours] = KINDS.map((k) => of(k, (r) => r.rate));
      const errors = results.filter((r) => r.layout === layout && r.c === c && r.kind === 'ours').reduce((n, r) => n + r.errors, 0);
      lines.push(
        `| ${LAYOUTS[layout]} | ${c} | ${bare.toFixed(0)} | ${nest.toFixed(0)} | **${ours.toFixed(0)}** | ${(ours / bare).toFixed(2)} | ${(ours / nest).toFixed(2)} | ${KINDS.map((k) => of(k, (r) => r.p99).toFixed(0)).join(' / ')} | ${KINDS.map((k) => of(k, (r) => r.cpu.targetMs).toFixed(2)).join(' / ')} | ${errors} |`,
      );
    }
  }
  lines.push(
    '',
    `Cold: the warm-up itself (the first ${quick ? 500 : WARM_UP} handshakes after the target started, c = ${levels[0]}):`,
    '',
    '| layout | bare Socket.IO agents/s | Nest gateway, no DB | **ours** | ours ÷ bare |',
    '|---|---:|---:|---:|---:|',
  );
  for (const layout of Object.keys(LAYOUTS)) {
    const cold = KINDS.map((kind) =>
      median(results.filter((r) => r.layout === layout && r.c === levels[0] && r.kind === kind).map((r) => r.cold)),
    );
    lines.push(
      `| ${LAYOUTS[layout]} | ${cold[0].toFixed(0)} | ${cold[1].toFixed(0)} | **${cold[2].toFixed(0)}** | ${(cold[2] / cold[0]).toFixed(2)} |`,
    );
  }
  lines.push(
    '',
    'Where the CPU went, per handshake (ms; median of the runs): the whole machine, and for ours its parts — the load generator, the target process, the rest (PostgreSQL, the kernel\'s share of loopback traffic, anything else running). "Cores busy": 200 % is both cores.',
    '',
    '| layout | c | machine bare / Nest / **ours** | ours: load generator / target / rest | cores busy bare / Nest / ours |',
    '|---|---:|---|---|---|',
  );
  for (const layout of Object.keys(LAYOUTS)) {
    for (const c of levels) {
      const of = (kind, field) =>
        median(results.filter((r) => r.layout === layout && r.c === c && r.kind === kind).map((r) => r.cpu[field]));
      lines.push(
        `| ${LAYOUTS[layout]} | ${c} | ${of('bare', 'machineMs').toFixed(2)} / ${of('nest', 'machineMs').toFixed(2)} / **${of('ours', 'machineMs').toFixed(2)}** | ${['loadMs', 'targetMs', 'restMs'].map((f) => of('ours', f).toFixed(2)).join(' / ')} | ${KINDS.map((k) => of(k, 'busyPercent').toFixed(0)).join(' / ')} % |`,
      );
    }
  }
  return {
    title: `Handshakes (${count} per run, median of ${reps}, each target warmed up with ${quick ? 500 : WARM_UP} handshakes first)`,
    lines,
  };
}
