// Goal 5 (issue #10): revoking 100 keys in a burst cuts exactly those 100 agents within 1 s.
import { benchUser, closeAll, connectMany, createKeys, median, sleep, startTarget } from './common.mjs';
import { API } from '../api-server.mjs';

export async function revocation({ postgres, reps }) {
  const databaseUrl = await postgres.createDatabase();
  const target = await startTarget('ours', { databaseUrl });
  const results = [];
  try {
    await target.ready();
    const user = await benchUser(target);
    for (let rep = 0; rep < reps; rep++) {
      const keys = await createKeys(databaseUrl, user.id, 200);
      const run = await connectMany(target.base, keys.map((k) => k.key), 64);
      // connectMany keeps the order of completion, not of keys: find each agent by the key it holds.
      const byServer = new Map();
      for (const socket of run.sockets) byServer.set(socket.auth.api_key, socket);
      const revoked = keys.slice(0, 100);
      const bystanders = keys.slice(100);
      const cutAt = new Map();
      const begin = performance.now();
      for (const key of revoked) byServer.get(key.key).once('disconnect', () => cutAt.set(key.keyId, performance.now() - begin));
      const answeredAt = new Map();
      const answers = await Promise.all(
        revoked.map((k) =>
          fetch(`${target.base}${API}/servers/${k.serverId}/api-keys/${k.keyId}`, {
            method: 'DELETE',
            headers: { authorization: `Bearer ${user.token}` },
          }).then((r) => {
            answeredAt.set(k.keyId, performance.now() - begin);
            return r.status;
          }),
        ),
      );
      const lastAnswer = performance.now() - begin;
      await sleep(2000);
      // How long after its own DELETE was answered each agent was cut (negative: before the answer).
      const afterAnswer = [...cutAt].map(([keyId, at]) => at - answeredAt.get(keyId)).sort((a, b) => a - b);
      const times = [...cutAt.values()].sort((a, b) => a - b);
      const row = {
        cut: times.length,
        deleted: answers.filter((s) => s === 204).length,
        answered: lastAnswer,
        afterAnswerMax: afterAnswer.at(-1) ?? NaN,
        max: times.at(-1) ?? NaN,
        p50: times[Math.floor(times.length / 2)] ?? NaN,
        bystandersConnected: bystanders.filter((k) => byServer.get(k.key).connected).length,
      };
      results.push(row);
      process.stderr.write(`  revocation rep ${rep + 1}: ${JSON.stringify(row)}\n`);
      await closeAll(run.sockets, 1000);
    }
  } finally {
    await target.stop();
  }
  const of = (field) => median(results.map((r) => r[field]));
  return {
    title: `Revocation fan-out (100 keys revoked at once among 200 connected agents, median of ${reps})`,
    lines: [
      '| agents cut | DELETEs answered 204 | last DELETE answered (ms after the burst began) | cut after the burst began, p50 / max (ms) | cut after its own DELETE was answered, max (ms) | bystanders still connected |',
      '|---:|---:|---:|---|---:|---:|',
      `| ${of('cut')} / 100 | ${of('deleted')} | ${of('answered').toFixed(0)} | ${of('p50').toFixed(0)} / **${of('max').toFixed(0)}** (${results.map((r) => r.max.toFixed(0)).join(', ')}) | ${of('afterAnswerMax').toFixed(0)} | ${of('bystandersConnected')} / 100 |`,
    ],
  };
}
