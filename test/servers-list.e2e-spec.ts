import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callAs, createServer as create, locs } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/** GET /servers: pages, search, filters, admin overview. */
describe('GET /servers', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  let bob: RegisteredUser;
  let carol: RegisteredUser;
  const names = ['alpha', 'beta', 'gamma', '100% uptime', 'under_score'];

  const createServer = (user: RegisteredUser, body: Record<string, unknown>) =>
    create(api, user, body);
  const list = (query: string, user = carol) => callAs(api, user)('GET', `/servers${query}`);
  const namesOf = (res: { body: any }) => res.body.items.map((s: { name: string }) => s.name);

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api); // the first user of an empty database is the admin
    bob = await registerUser(api);
    carol = await registerUser(api);
    await createServer(bob, { name: 'db-primary' });
    await createServer(carol, { name: 'alpha', hostname: 'alpha.internal', tags: ['prod', 'db'] });
    await createServer(carol, { name: 'beta', description: 'Backup of ALPHA', tags: ['staging'] });
    await createServer(carol, { name: 'gamma', tags: ['prod'] });
    await createServer(carol, { name: '100% uptime' });
    await createServer(carol, { name: 'under_score' });
  });

  afterAll(async () => {
    await api.close();
  });

  it("pages the caller's servers oldest first, with total/limit/offset", async () => {
    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 5, limit: 20, offset: 0 });
    expect(namesOf(all)).toEqual(names);

    const second = await list('?limit=2&offset=2');
    expect(second.body).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(namesOf(second)).toEqual(['gamma', '100% uptime']);
    expect(namesOf(await list('?limit=2&offset=4'))).toEqual(['under_score']);
    expect(await list('?offset=10').then((r) => [r.body.items, r.body.total])).toEqual([[], 5]);
    expect((await list('?limit=100')).body.limit).toBe(100);
    expect((await list('?limit=1')).body.items).toHaveLength(1);
  });

  it('refuses bad limit/offset values with 422 and the query loc', async () => {
    for (const limit of ['0', '101', '-1', 'abc', '1.5', '']) {
      expect([limit, locs(await list(`?limit=${limit}`))]).toEqual([limit, [['query', 'limit']]]);
    }
    for (const offset of ['-1', 'abc']) {
      expect([offset, locs(await list(`?offset=${offset}`))]).toEqual([
        offset,
        [['query', 'offset']],
      ]);
    }
  });

  it('searches name, hostname and description case-insensitively, with % and _ taken literally', async () => {
    expect(namesOf(await list('?search=ALPHA'))).toEqual(['alpha', 'beta']);
    expect(namesOf(await list('?search=.internal'))).toEqual(['alpha']);
    expect(namesOf(await list('?search=%25'))).toEqual(['100% uptime']);
    expect(namesOf(await list('?search=_'))).toEqual(['under_score']);
    expect((await list('?search=nothing-like-this')).body).toMatchObject({ items: [], total: 0 });
    expect(locs(await list(`?search=${'s'.repeat(101)}`))).toEqual([['query', 'search']]);
    expect(locs(await list('?search=%00'))).toEqual([['query', 'search']]);
  });

  it('filters by exact tag, and by status', async () => {
    expect(namesOf(await list('?tag=prod'))).toEqual(['alpha', 'gamma']);
    expect(namesOf(await list('?tag=pro'))).toEqual([]);
    expect(namesOf(await list('?tag=prod&search=gam'))).toEqual(['gamma']);
    // No agent can be connected before the agents gateway exists: everything is offline.
    expect((await list('?status=offline')).body.total).toBe(5);
    expect((await list('?status=online')).body).toMatchObject({ items: [], total: 0 });
    const bad = await list('?status=sleeping');
    expect(locs(bad)).toEqual([['query', 'status']]);
    expect(bad.body.detail[0]).toMatchObject({ type: 'enum', input: 'sleeping' });
  });

  it("lets an admin list everyone's servers with all=true; others get 403", async () => {
    const everyone = await list('?all=true&limit=100', admin);
    expect(everyone.status).toBe(200);
    const [{ count }] = await api.sql('SELECT count(*)::int AS count FROM servers');
    expect(everyone.body.total).toBe(count);
    expect(namesOf(everyone)).toEqual(expect.arrayContaining(['alpha', 'db-primary']));
    expect((await list('?all=true&tag=staging', admin)).body.total).toBe(1);
    // Without all=true an admin sees only their own (none).
    expect((await list('', admin)).body.total).toBe(0);

    const refused = await list('?all=true');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ detail: 'Admin privileges required' });
    expect((await list('?all=false')).body.total).toBe(5);
    for (const value of ['yes', '1', 'TRUE']) {
      expect([value, locs(await list(`?all=${value}`))]).toEqual([value, [['query', 'all']]]);
    }
  });

  it("never shows one user's servers to another", async () => {
    const names = namesOf(await list('?limit=100', bob));
    expect(names).toEqual(['db-primary']);
  });

  it('requires authentication (401)', async () => {
    expect((await api.request('GET', '/api/v1/servers')).status).toBe(401);
  });
});
