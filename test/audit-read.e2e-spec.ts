import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { callAs, createKey, createServer } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { eventually } from './support/wait.js';

const FORBIDDEN = { detail: 'Admin privileges required' };

/** GET /audit and GET /audit/export: who sees what, paging, filters, NDJSON. */
describe('audit log: reading', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  let aliceKey: { key: string; id: string };
  let aliceServer: { id: string };

  const get = (user: RegisteredUser, query: string) =>
    api.request('GET', `${API}/audit${query}`, undefined, { token: user.accessToken });
  const exported = async (user: RegisteredUser, query = '') => {
    const res = await fetch(`${api.baseUrl}${API}/audit/export${query}`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    const text = await res.text();
    return {
      res,
      text,
      lines: text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    };
  };

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api);
    alice = await registerUser(api);
    bob = await registerUser(api);
    aliceServer = await createServer(api, alice, { name: 'alice-web' });
    aliceKey = await createKey(api, alice, aliceServer.id);
    await createServer(api, bob, { name: 'bob-db' });
    for (let i = 0; i < 3; i++) {
      await callAs(api, alice)('PATCH', `/servers/${aliceServer.id}`, { description: `v${i}` });
    }
    await api.request(
      'POST',
      `${API}/auth/login`,
      { username: bob.username, password: 'nope nope' },
      {
        form: true,
      },
    );
    await eventually(
      () => get(admin, '?all=true&action=auth.login.failed'),
      (res) => res.body.total === 1,
      2000,
    );
  });

  afterAll(async () => {
    await api.close();
  });

  it("answers a page of the caller's own events, newest first", async () => {
    const res = await get(alice, '');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: expect.any(Array), total: 6, limit: 20, offset: 0 });
    expect(res.body.items.map((e: any) => e.action)).toEqual([
      'server.updated',
      'server.updated',
      'server.updated',
      'api_key.created',
      'server.created',
      'user.created',
    ]);
    const times = res.body.items.map((e: any) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      last_at: expect.any(String),
      count: 1,
      action: 'server.updated',
      actor: { type: 'user', id: alice.id, username: alice.username },
      subject: { type: 'server', id: aliceServer.id, name: 'alice-web' },
      ip: '127.0.0.1',
      user_agent: expect.any(String),
      outcome: 'success',
      details: { fields: ['description'] },
    });
  });

  it('users never see each other’s events', async () => {
    const alices = (await get(alice, '?limit=100')).body.items;
    const bobs = (await get(bob, '?limit=100')).body.items;
    const names = (items: any[]) => JSON.stringify(items);
    expect(names(alices)).not.toContain(bob.id);
    expect(names(bobs)).not.toContain(alice.id);
    expect(bobs.map((e: any) => e.action).sort()).toEqual(
      ['auth.login.failed', 'server.created', 'user.created'].sort(),
    );
    // Not through the filters either.
    expect((await get(bob, `?action=server`)).body.items.map((e: any) => e.subject.name)).toEqual([
      'bob-db',
    ]);
  });

  it('pages with limit and offset (§6), and refuses bad values with 422', async () => {
    const first = await get(alice, '?limit=2');
    const second = await get(alice, '?limit=2&offset=2');
    expect(first.body.items).toHaveLength(2);
    expect(second.body).toMatchObject({ total: 6, limit: 2, offset: 2 });
    const all = (await get(alice, '?limit=100')).body.items;
    expect([...first.body.items, ...second.body.items]).toEqual(all.slice(0, 4));
    for (const bad of ['?limit=0', '?limit=101', '?offset=-1', '?limit=abc']) {
      expect((await get(alice, bad)).status).toBe(422);
    }
  });

  it('filters by action, by kind (a prefix of parts), since and until', async () => {
    expect((await get(alice, '?action=server.updated')).body.total).toBe(3);
    expect((await get(alice, '?action=server')).body.total).toBe(4);
    expect((await get(alice, '?action=serv')).body.total).toBe(0);
    expect((await get(alice, '?action=api_key')).body.total).toBe(1);
    const items = (await get(alice, '?limit=100')).body.items;
    const middle = items[3].at; // api_key.created
    expect((await get(alice, `?since=${encodeURIComponent(middle)}`)).body.total).toBe(4);
    expect((await get(alice, `?until=${encodeURIComponent(middle)}`)).body.total).toBe(2);
    const bad = await get(alice, '?since=yesterday&action=DROP%20TABLE');
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: any) => d.loc)).toEqual(
      expect.arrayContaining([
        ['query', 'since'],
        ['query', 'action'],
      ]),
    );
  });

  it("server: one server's events (its own, its keys', its agents'), only within the caller's", async () => {
    const res = await get(alice, `?server=${aliceServer.id}`);
    expect(res.body.items.map((e: any) => e.action).sort()).toEqual(
      [
        'api_key.created',
        'server.created',
        'server.updated',
        'server.updated',
        'server.updated',
      ].sort(),
    );
    expect((await get(bob, `?server=${aliceServer.id}`)).body.total).toBe(0);
    expect((await get(bob, '?server=nope')).status).toBe(422);
  });

  it('admins: all=true, actor and subject; non-admins using them get 403', async () => {
    const all = await get(admin, '?all=true&limit=100');
    expect(all.status).toBe(200);
    const own = await get(admin, '?limit=100');
    expect(all.body.total).toBeGreaterThan(own.body.total);
    const byActor = await get(admin, `?actor=${bob.id}`);
    expect(byActor.body.items.every((e: any) => e.actor.id === bob.id)).toBe(true);
    expect(byActor.body.total).toBe(3);
    const bySubject = await get(admin, `?subject=${aliceServer.id}`);
    expect(bySubject.body.total).toBe(4);
    for (const query of ['?all=true', `?actor=${alice.id}`, `?subject=${aliceServer.id}`]) {
      const res = await get(alice, query);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
    }
    expect((await get(alice, '?all=false')).status).toBe(200);
    expect((await get(admin, '?actor=not-a-uuid')).status).toBe(422);
  });

  it('needs a signed-in caller', async () => {
    const res = await api.request('GET', `${API}/audit`);
    expect(res.status).toBe(401);
    expect((await fetch(`${api.baseUrl}${API}/audit/export`)).status).toBe(401);
  });

  describe('export', () => {
    it("admins: everyone's events as NDJSON, oldest first, matching the page totals", async () => {
      const { res, lines, text } = await exported(admin);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      expect(text.endsWith('\n')).toBe(true);
      const total = (await get(admin, '?all=true')).body.total;
      expect(lines).toHaveLength(total);
      const times = lines.map((e) => e.at);
      expect([...times].sort()).toEqual(times);
      const page = (await get(admin, '?all=true&limit=100')).body.items;
      expect(lines.map((e) => e.id).sort()).toEqual(page.map((e: any) => e.id).sort());
      expect(lines.find((e) => e.id === page[0].id)).toEqual(page[0]);
    });

    it('filters like the page (since, action, actor)', async () => {
      const { lines } = await exported(admin, `?action=server&actor=${alice.id}`);
      expect(lines.map((e) => e.action)).toEqual([
        'server.created',
        'server.updated',
        'server.updated',
        'server.updated',
      ]);
    });

    it('users export their own events only; admin filters are 403 before any line', async () => {
      const { res, lines } = await exported(bob);
      expect(res.status).toBe(200);
      expect(lines).toHaveLength((await get(bob, '')).body.total);
      expect(JSON.stringify(lines)).not.toContain(alice.id);
      const refused = await exported(bob, '?all=true');
      expect(refused.res.status).toBe(403);
      expect(JSON.parse(refused.text)).toEqual(FORBIDDEN);
    });

    it('never holds a password, token or key', async () => {
      const { text } = await exported(admin);
      for (const secret of [
        alice.password,
        alice.accessToken,
        alice.refreshToken,
        aliceKey.key,
        aliceKey.key.slice(0, 13),
        'nope nope',
      ]) {
        expect(text).not.toContain(secret);
      }
    });

    it('walks past its batches of 1,000 without losing or repeating a row (ties in time too)', async () => {
      const carol = await registerUser(api);
      // 2,500 events in 5 instants: 500 share each timestamp, so the walk's key needs the id.
      await api.sql(
        `WITH e AS (
           INSERT INTO audit_events (at, last_at, action, actor_type, actor_id, actor_name,
                                     subject_type, subject_id, outcome)
           SELECT t, t, 'auth.login.failed', 'user', $1, 'carol', 'user', $1, 'failure'
             FROM generate_series(1, 2500) AS i,
                  LATERAL (SELECT now() - interval '1 hour' + (i % 5) * interval '1 minute' AS t) x
           RETURNING id, at)
         INSERT INTO audit_event_readers (reader_id, at, event_id, action)
         SELECT $1, e.at, e.id, 'auth.login.failed' FROM e`,
        [carol.id],
      );
      const { lines } = await exported(carol, '?action=auth.login.failed');
      expect(lines).toHaveLength(2500);
      expect(new Set(lines.map((e) => e.id)).size).toBe(2500);
    });
  });
});
