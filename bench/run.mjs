#!/usr/bin/env node
// Load benchmarks against a locally started instance (loopback only; every loop is bounded in count
// and time, and the script stops the server it started). Usage: npm run bench [-- --quick]
// Figures go to stdout as a Markdown table; copy them into bench/README.md with the date and machine.
import { cpus } from 'node:os';
import { startApi } from './api-server.mjs';
import { scenarios } from './scenarios.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

async function main() {
  const server = await startApi();
  const base = server.base;
  process.on('SIGINT', () => {
    void server.stop();
    process.exit(130);
  });
  try {
    const results = [];
    for (const scenario of scenarios) {
      if (only && scenario.name !== only) continue;
      process.stderr.write(`running ${scenario.name}…\n`);
      results.push(await scenario.run({ base, quick }));
    }
    console.log(`\n${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · server and load generator on the same machine\n`);
    console.log('| scenario | requests | concurrency | throughput | p50 | p99 | errors |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(`| ${r.name} | ${r.count} | ${r.concurrency} | ${r.rate.toFixed(0)} ${r.unit}/s | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.errors} |`);
    }
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
