import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateApiKey } from '../src/api-keys/api-key-format.js';
import { AuditService } from '../src/audit/audit.service.js';
import { openSocket } from './support/agent-sockets.js';
import { API } from './support/http.js';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';
import pg from 'pg';
import { type RegisteredUser, registerUser } from './support/users.js';

/** Floods of unchanged events (failed logins, refused agents) are aggregated, not row by row. */
describe('audit log: floods', () => {
  let api: TestApp;
  let victim: RegisteredUser;

  beforeAll(async () => {
    // A lock-out limit above the flood: every attempt reaches the password check.
    api = await startTestApp({ LOGIN_FAILURE_LIMIT: '1000', TRUST_PROXY: 'true' });
    victim = await registerUser(api);
  });

  afterAll(async () => {
    await api.close();
  });

  it('1,000 failed logins are at most a few dozen rows (one per 500 ms window), counting all 1,000', async () => {
    const started = Date.now();
    let sent = 0;
    const worker = async () => {
      while (sent < 1000) {
        sent++;
        const res = await api.request(
          'POST',
          `${API}/auth/login`,
          { username: victim.username, password: 'guessing wrong' },
          { form: true, headers: { 'x-forwarded-for': '192.0.2.50' } },
        );
        expect(res.status).toBe(401);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const took = Date.now() - started;
    await api.app.get(AuditService).flush();
    const rows = await api.sql(
      `SELECT count, at, last_at FROM audit_events
        WHERE action = 'auth.login.failed' AND subject_id = $1 ORDER BY at`,
      [victim.id],
    );
    console.log(`1,000 failed logins in ${took} ms → ${rows.length} audit rows`);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(1000);
    // One row per 500 ms window: a flood of 10 s or less is at most ~20 rows (40 for slack).
    expect(rows.length).toBeLessThanOrEqual(Math.max(40, Math.ceil(took / 500) + 2));
    expect(rows.length).toBeLessThan(100);
    for (const row of rows) expect(row.last_at.getTime()).toBeGreaterThanOrEqual(row.at.getTime());
    const page = await api.request(
      'GET',
      `${API}/audit?action=auth.login.failed&limit=100`,
      undefined,
      {
        token: victim.accessToken,
      },
    );
    expect(page.body.total).toBe(rows.length);
    expect(page.body.items.reduce((n: number, e: any) => n + e.count, 0)).toBe(1000);
  });

  it('refused agents with one unknown key from one address: aggregated as well', async () => {
    const key = generateApiKey();
    const sockets = Array.from({ length: 50 }, () =>
      openSocket(api.baseUrl, '/agents', { api_key: key }, { 'x-forwarded-for': '192.0.2.60' }),
    );
    await Promise.all(sockets.map((s) => s.next('disconnect')));
    sockets.forEach((s) => s.close());
    await api.app.get(AuditService).flush();
    const rows = await api.sql(
      `SELECT count FROM audit_events WHERE action = 'agent.refused' AND ip = '192.0.2.60'`,
    );
    // The per-address failure limit turns later refusals into "Too many attempts": two runs.
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(50);
    expect(rows.length).toBeLessThanOrEqual(6);
  });

  it('a shutdown writes the window still gathering: no event is lost on a deploy', async () => {
    const database = await createTestDatabase();
    try {
      const app = await startTestApp({}, database);
      const user = await registerUser(app);
      const res = await app.request(
        'POST',
        `${API}/auth/login`,
        { username: user.username, password: 'wrong again' },
        { form: true },
      );
      expect(res.status).toBe(401);
      await app.close(); // at once: well within the 500 ms window
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT count FROM audit_events WHERE action = 'auth.login.failed' AND subject_id = $1`,
          [user.id],
        );
        expect(rows).toEqual([{ count: 1 }]);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });
});
