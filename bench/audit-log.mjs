#!/usr/bin/env node
// The audit log at size (issue #17): a user's page of GET /audit with --rows events in the table
// (default 10,000,000), with the plans PostgreSQL chose, and the server's RSS while one user exports
// --export-rows of their own events (default 1,000,000) as NDJSON.
// Usage: npm run build && node bench/audit-log.mjs [--rows=10000000 --export-rows=1000000 --users=10000]
// A throw-away embedded PostgreSQL; loopback only; stops what it started.
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { registerBenchUser, startApi } from './api-server.mjs';
import { startPostgres } from './fleet/common.mjs';

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ROWS = arg('rows', 10_000_000);
const EXPORT_ROWS = arg('export-rows', 1_000_000);
const USERS = arg('users', 10_000);
const OWN = 2_000; // the measured user's events: a busy account after a year
const CHUNK = 500_000;
const log = (text) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

/**
 * Inserts `count` events whose actor, subject and reader is the user whose id `userSql` gives for
 * row i, spread over the last year, with a realistic mix of actions.
 */
async function fill(client, count, userSql, label) {
  for (let done = 0; done < count; done += CHUNK) {
    const n = Math.min(CHUNK, count - done);
    const started = Date.now();
    await client.query(
      `WITH e AS (
         INSERT INTO audit_events (at, last_at, action, actor_type, actor_id, actor_name,
                                   subject_type, subject_id, subject_name, ip, user_agent,
                                   outcome, details)
         SELECT t, t, a, 'user', u, 'user-' || (i % 1000), 'user', u, 'user-' || (i % 1000),
                '198.51.100.' || (i % 250), 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
                CASE WHEN a = 'auth.login.failed' THEN 'failure' ELSE 'success' END,
                '{"method":"password"}'
           FROM generate_series($1::bigint, $2::bigint) AS i,
                LATERAL (SELECT ${userSql} AS u,
                                now() - (random() * interval '365 days') AS t,
                                (ARRAY['auth.login.succeeded','auth.login.failed','server.updated',
                                       'api_key.created','agent.connected','agent.disconnected',
                                       'auth.session.revoked','user.updated'])[1 + (i % 8)] AS a) x
         RETURNING id, at, action, actor_id)
       INSERT INTO audit_event_readers (reader_id, at, event_id, action)
       SELECT actor_id, at, id, action FROM e`,
      [done, done + n - 1],
    );
    log(`${label}: ${done + n} / ${count} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

/** `times` sequential GETs: p50, p99 and max in ms, as the client sees them (HTTP included). */
async function timeGets(base, token, path, times = 200) {
  const took = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    took.push(performance.now() - started);
  }
  took.sort((a, b) => a - b);
  const at = (q) => took[Math.min(took.length - 1, Math.floor(q * took.length))].toFixed(1);
  return { p50: at(0.5), p99: at(0.99), max: took.at(-1).toFixed(1) };
}

const rssMiB = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function main() {
  const postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase();
  // The fill of 10 million rows takes longer than an access token lives (30 min by default).
  const server = await startApi({ DATABASE_URL: databaseUrl, ACCESS_TOKEN_TTL: '1d' });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await registerBenchUser(server.base, 'admin');
    const reader = await registerBenchUser(server.base, 'reader');
    const exporter = await registerBenchUser(server.base, 'exporter');
    const others = ROWS - OWN - EXPORT_ROWS;
    log(
      `filling: ${others} events of ${USERS} other users, ${OWN} of the reader, ${EXPORT_ROWS} of the exporter`,
    );
    const fillStarted = Date.now();
    await fill(client, others, `md5((i % ${USERS})::text)::uuid`, 'others');
    await fill(client, OWN, `'${reader.id}'::uuid`, 'reader');
    await fill(client, EXPORT_ROWS, `'${exporter.id}'::uuid`, 'exporter');
    await client.query('VACUUM ANALYZE audit_events');
    await client.query('VACUUM ANALYZE audit_event_readers');
    const fillSeconds = (Date.now() - fillStarted) / 1000;
    const [{ events, readers, size }] = (
      await client.query(`SELECT (SELECT count(*) FROM audit_events) AS events,
                                 (SELECT count(*) FROM audit_event_readers) AS readers,
                                 pg_size_pretty(pg_total_relation_size('audit_events')
                                   + pg_total_relation_size('audit_event_readers')) AS size`)
    ).rows;
    log(
      `filled in ${fillSeconds.toFixed(0)} s: ${events} events, ${readers} readers rows, ${size}`,
    );

    await timeGets(server.base, reader.accessToken, '/audit', 20); // warm-up
    const pages = {
      'GET /users/me (the floor: JWT, session check, one row)': await timeGets(
        server.base,
        reader.accessToken,
        '/users/me',
      ),
      'GET /audit (first page)': await timeGets(server.base, reader.accessToken, '/audit'),
      'GET /audit?action=auth.login': await timeGets(
        server.base,
        reader.accessToken,
        '/audit?action=auth.login',
      ),
      'GET /audit?offset=1000': await timeGets(
        server.base,
        reader.accessToken,
        '/audit?offset=1000',
      ),
      'GET /audit (1,000,000-event user)': await timeGets(
        server.base,
        exporter.accessToken,
        '/audit',
        50,
      ),
    };
    const explain = async (sql, params) =>
      (await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    const pagePlan = await explain(
      `SELECT e.* FROM audit_event_readers r JOIN audit_events e ON e.id = r.event_id
        WHERE r.reader_id = $1 ORDER BY r.at DESC, r.event_id DESC LIMIT 20 OFFSET 0`,
      [reader.id],
    );
    const countPlan = await explain(
      `SELECT count(*)::int AS total FROM audit_event_readers r WHERE r.reader_id = $1`,
      [reader.id],
    );

    log(`export: ${EXPORT_ROWS} events as NDJSON…`);
    const samples = [];
    const sampler = setInterval(() => samples.push(rssMiB(server.pid)), 250);
    const before = rssMiB(server.pid);
    const started = Date.now();
    const res = await fetch(`${server.base}/api/v1/audit/export`, {
      headers: { authorization: `Bearer ${exporter.accessToken}` },
    });
    let lines = 0;
    let bytes = 0;
    for await (const chunk of res.body) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
    const exportSeconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const after = rssMiB(server.pid);
    const quarter = Math.floor(samples.length / 4);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

    console.log(
      `\n${new Date().toISOString().slice(0, 16)} · Node ${process.version} · ${cpus().length} × ${cpus()[0].model.trim()} · shared machine, load generator and PostgreSQL on it too`,
    );
    console.log(
      `\n${events} audit events (${readers} readers rows, ${size}), filled in ${fillSeconds.toFixed(0)} s\n`,
    );
    console.log('| request (200 sequential, client side) | p50 | p99 | max |');
    console.log('|---|---:|---:|---:|');
    for (const [name, t] of Object.entries(pages))
      console.log(`| ${name} | ${t.p50} ms | ${t.p99} ms | ${t.max} ms |`);
    console.log(
      `\nPlan of a user's page (${OWN} events of theirs):\n\n${pagePlan}\n\nPlan of its total:\n\n${countPlan}`,
    );
    console.log(
      `\nExport: ${lines} lines, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${exportSeconds.toFixed(1)} s (${Math.round(lines / exportSeconds)} lines/s)`,
    );
    console.log(
      `Server RSS: ${before.toFixed(0)} MiB before; during the export min ${Math.min(...samples).toFixed(0)}, first quarter median ${median(samples.slice(0, quarter)).toFixed(0)}, last quarter median ${median(samples.slice(-quarter)).toFixed(0)}, max ${Math.max(...samples).toFixed(0)} MiB (${samples.length} samples); ${after.toFixed(0)} MiB after`,
    );
  } finally {
    await client.end();
    await server.stop();
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
