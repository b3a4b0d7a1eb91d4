// Preloaded into every benchmark target (node --expose-gc --import ./gc-probe.mjs): on SIGUSR2 it
// collects garbage twice and prints one line with the memory figures, which the benchmark reads
// from the child's stdout. The same probe for every target, so their figures compare.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.stdout.write(`@@memory ${JSON.stringify({ rss, heapUsed })}\n`);
});
