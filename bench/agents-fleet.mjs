#!/usr/bin/env node
// Fleet-scale agent benchmarks (issue #10), each scenario against its baselines in the same run:
//   npm run bench:agents [-- --quick] [-- --only=handshake,memory,storm,revocation] [-- --reps=3]
// Loopback only; every loop is bounded; every process started here is stopped at the end.
// Prints Markdown tables to stdout (progress on stderr).
import { cpus } from 'node:os';
import { startPostgres } from './fleet/common.mjs';
import { handshakes } from './fleet/handshake.mjs';
import { memory } from './fleet/memory.mjs';
import { revocation } from './fleet/revocation.mjs';
import { storm } from './fleet/storm.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const reps = Number(process.argv.find((a) => a.startsWith('--reps='))?.slice(7) ?? (quick ? 1 : 3));
const SCENARIOS = { handshake: handshakes, memory, storm, revocation };

const postgres = await startPostgres();
try {
  console.log(
    `\n${new Date().toISOString().slice(0, 16)}Z · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · targets, PostgreSQL and load generator share the cores (and the machine was shared with other work)\n`,
  );
  for (const [name, run] of Object.entries(SCENARIOS)) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`running ${name}…\n`);
    const { title, lines } = await run({ postgres, quick, reps });
    console.log(`### ${title}\n\n${lines.join('\n')}\n`);
  }
} finally {
  await postgres.stop();
}
