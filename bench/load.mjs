import autocannon from 'autocannon';

/**
 * Fixed-request-count HTTP load with autocannon (keep-alive connections, pipelining 1): stops after
 * `amount` requests or `maxSeconds`, whichever comes first.
 */
export async function cannon({ name, url, amount, connections, maxSeconds = 60, unit = 'req', ...options }) {
  const begin = performance.now();
  let last = begin;
  const instance = autocannon({ url, amount, connections, timeout: 30, duration: maxSeconds, ...options });
  instance.on('response', () => (last = performance.now()));
  const result = await instance;
  // Timed to the last answer: autocannon reports (and resolves) only at its next 1-second sample
  // tick, which rounded every run up to whole seconds (50,000 requests in 2.1 s read as 3 s).
  const seconds = (last - begin) / 1000;
  const total = result.requests.total;
  const ok = result['2xx'];
  return {
    name,
    count: total,
    concurrency: connections,
    rate: total / seconds,
    unit,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: total - ok + result.errors + result.timeouts,
  };
}

/**
 * A closed-loop generator for stateful scenarios (each request depends on the previous answer):
 * `concurrency` workers send back to back until `count` requests are done or `maxSeconds` pass.
 */
export async function load({ name, count, concurrency, maxSeconds = 60, unit = 'req', request }) {
  const latencies = [];
  let started = 0;
  let errors = 0;
  const deadline = Date.now() + maxSeconds * 1000;
  const begin = performance.now();
  async function worker(id) {
    while (started < count && Date.now() < deadline) {
      started++;
      const t0 = performance.now();
      try {
        if (!(await request(id))) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { name, count: latencies.length, concurrency, rate: latencies.length / seconds, unit, p50: at(0.5), p99: at(0.99), errors };
}
