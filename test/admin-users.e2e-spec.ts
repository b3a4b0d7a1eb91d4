import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  expectNotAuthenticated,
  login,
  meUntilRefused,
  USER_KEYS,
} from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

describe('GET /users (admin)', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  let member: RegisteredUser;
  const list = (query = '', token = admin.accessToken) =>
    api.request('GET', `${API}/users${query}`, undefined, { token });
  const names = (res: { body: { items: { username: string }[] } }) =>
    res.body.items.map((u) => u.username);

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api, { username: 'root_admin' });
    member = await registerUser(api, { username: 'member_one' });
    // Created one by one so their creation order is the listing order.
    for (const username of ['Zed_Smith', 'zoe.smith', 'percent_guy', 'under_score', 'plain'])
      await registerUser(api, { username });
    await api.request(
      'PATCH',
      `${API}/users/me`,
      { full_name: '100% Real' },
      { token: (await login(api, 'percent_guy', member.password)).access_token },
    );
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers a page: items of user objects, total, limit 20 and offset 0 by default, oldest first', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'limit', 'offset', 'total']);
    expect(res.body).toMatchObject({ total: 7, limit: 20, offset: 0 });
    expect(names(res)).toEqual([
      'root_admin',
      'member_one',
      'Zed_Smith',
      'zoe.smith',
      'percent_guy',
      'under_score',
      'plain',
    ]);
    for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(USER_KEYS);
    expect(res.text).not.toMatch(/\$2[aby]\$/);
  });

  it('pages with limit and offset, total counting every match', async () => {
    const res = await list('?limit=2&offset=2');
    expect(res.body).toMatchObject({ total: 7, limit: 2, offset: 2 });
    expect(names(res)).toEqual(['Zed_Smith', 'zoe.smith']);
    const past = await list('?offset=50');
    expect(past.body).toMatchObject({ items: [], total: 7, offset: 50 });
  });

  it('searches username, email and full name case-insensitively', async () => {
    expect(names(await list('?search=SMITH'))).toEqual(['Zed_Smith', 'zoe.smith']);
    expect(names(await list('?search=member_one%40EXAMPLE'))).toEqual(['member_one']);
    expect(names(await list('?search=real'))).toEqual(['percent_guy']);
  });

  it('takes % and _ in a search literally', async () => {
    expect(names(await list('?search=100%25'))).toEqual(['percent_guy']);
    expect(names(await list('?search=r_s'))).toEqual(['under_score']);
  });

  it('trims the search and reports the matching total', async () => {
    const res = await list('?search=%20%20smith%20&limit=1');
    expect(res.body).toMatchObject({ total: 2, limit: 1 });
  });

  it.each([
    ['limit=0', 'limit', 'greater_than_equal', 'Input should be greater than or equal to 1', '0'],
    ['limit=101', 'limit', 'less_than_equal', 'Input should be less than or equal to 100', '101'],
    ['limit=abc', 'limit', 'int_parsing', 'Input should be a valid integer', 'abc'],
    ['limit=1.5', 'limit', 'int_parsing', 'Input should be a valid integer', '1.5'],
    [
      'offset=-1',
      'offset',
      'greater_than_equal',
      'Input should be greater than or equal to 0',
      '-1',
    ],
    ['offset=x', 'offset', 'int_parsing', 'Input should be a valid integer', 'x'],
    ['offset=1e3', 'offset', 'int_parsing', 'Input should be a valid integer', '1e3'],
    ['offset=0x10', 'offset', 'int_parsing', 'Input should be a valid integer', '0x10'],
    ['limit=', 'limit', 'int_parsing', 'Input should be a valid integer', ''],
    [
      'offset=99999999999999999999',
      'offset',
      'less_than_equal',
      'Input should be less than or equal to 9007199254740991',
      '99999999999999999999',
    ],
  ])('answers ?%s with 422 at loc query.%s', async (query, field, type, msg, input) => {
    const res = await list(`?${query}`);
    expect([res.status, res.body]).toEqual([
      422,
      { detail: [{ type, loc: ['query', field], msg, input }] },
    ]);
  });

  it('answers a search over 100 characters with 422', async () => {
    const res = await list(`?search=${'a'.repeat(101)}`);
    expect(res.body.detail).toEqual([
      expect.objectContaining({ type: 'string_too_long', loc: ['query', 'search'] }),
    ]);
  });

  it('answers 403 to a non-admin and 401 without a token', async () => {
    const res = await list('', member.accessToken);
    expect([res.status, res.body]).toEqual([403, { detail: 'Admin privileges required' }]);
    expectNotAuthenticated(await api.request('GET', `${API}/users`));
  });
});

describe('PATCH /users/{id} (admin)', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  const update = (id: string, body: unknown, token = admin.accessToken) =>
    api.request('PATCH', `${API}/users/${id}`, body, { token });

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api, { username: 'boss' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('disables a user: 200 with is_active false; their access token is refused within 5 s, their refresh token and login too', async () => {
    const target = await registerUser(api);
    const res = await update(target.id, { is_active: false });
    expect([res.status, res.body.is_active]).toEqual([200, false]);
    expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
    expectNotAuthenticated(await meUntilRefused(api, target.accessToken));
    expectNotAuthenticated(
      await api.request('POST', `${API}/auth/refresh`, { refresh_token: target.refreshToken }),
    );
    const loginAnswer = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: target.username, password: target.password },
      { form: true },
    );
    expect([loginAnswer.status, loginAnswer.body]).toEqual([
      403,
      { detail: 'Account is disabled' },
    ]);
  });

  it('enables a disabled user again: they can log in', async () => {
    const target = await registerUser(api);
    await update(target.id, { is_active: false });
    const res = await update(target.id, { is_active: true });
    expect([res.status, res.body.is_active]).toEqual([200, true]);
    await expect(login(api, target.username, target.password)).resolves.toBeDefined();
  });

  it('grants the admin flag: the user can use admin routes at once; revoking it takes them away', async () => {
    const target = await registerUser(api);
    expect(
      (await api.request('GET', `${API}/users`, undefined, { token: target.accessToken })).status,
    ).toBe(403);
    expect((await update(target.id, { is_admin: true })).body.is_admin).toBe(true);
    expect(
      (await api.request('GET', `${API}/users`, undefined, { token: target.accessToken })).status,
    ).toBe(200);
    expect((await update(target.id, { is_admin: false })).body.is_admin).toBe(false);
    expect(
      (await api.request('GET', `${API}/users`, undefined, { token: target.accessToken })).status,
    ).toBe(403);
  });

  it('refuses with 409 to let the last admin remove their own admin flag or disable themselves', async () => {
    const demote = await update(admin.id, { is_admin: false });
    expect([demote.status, demote.body]).toEqual([
      409,
      { detail: 'Cannot remove the last active admin' },
    ]);
    const disable = await update(admin.id, { is_active: false });
    expect(disable.status).toBe(409);
    expect(
      await api.sql('SELECT is_admin, is_active FROM users WHERE id = $1', [admin.id]),
    ).toEqual([{ is_admin: true, is_active: true }]);
  });

  it('lets an admin remove their own flag when another active admin remains', async () => {
    const second = await registerUser(api);
    await update(second.id, { is_admin: true });
    const res = await update(second.id, { is_admin: false }, second.accessToken);
    expect([res.status, res.body.is_admin]).toEqual([200, false]);
  });

  it('answers 403 to a non-admin, and changes nothing', async () => {
    const member = await registerUser(api);
    const res = await update(member.id, { is_admin: true }, member.accessToken);
    expect(res.status).toBe(403);
    expect(await api.sql('SELECT is_admin FROM users WHERE id = $1', [member.id])).toEqual([
      { is_admin: false },
    ]);
  });

  it('answers 401 without a token', async () => {
    expectNotAuthenticated(
      await api.request('PATCH', `${API}/users/${admin.id}`, { is_active: false }),
    );
  });

  it('answers 404 for an unknown id and for a non-UUID id', async () => {
    expect(
      (await update('5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', { is_active: true })).body,
    ).toEqual({ detail: 'Not Found' });
    expect((await update('not-a-uuid', { is_active: true })).status).toBe(404);
  });

  it.each([
    ['is_active', 'yes'],
    ['is_admin', 1],
    ['is_active', null],
    ['is_admin', null],
  ])('answers 422 bool_parsing (not 500) for %s = %j', async (field, value) => {
    const target = await registerUser(api);
    const res = await update(target.id, { [field]: value });
    expect([res.status, res.body]).toEqual([
      422,
      {
        detail: [
          {
            type: 'bool_parsing',
            loc: ['body', field],
            msg: 'Input should be a valid boolean',
            input: value,
          },
        ],
      },
    ]);
  });

  it('answers an empty body with the user unchanged', async () => {
    const target = await registerUser(api);
    const res = await update(target.id, {});
    expect([res.status, res.body.is_active, res.body.is_admin]).toEqual([200, true, false]);
  });
});

describe('PATCH /users/{id}: the last two admins demoting each other at once', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('lets exactly one succeed (the other gets 409, or 403 if it already lost its flag), leaving one active admin', async () => {
    const first = await registerUser(api);
    const second = await registerUser(api);
    await api.request(
      'PATCH',
      `${API}/users/${second.id}`,
      { is_admin: true },
      { token: first.accessToken },
    );
    const answers = await Promise.all([
      api.request(
        'PATCH',
        `${API}/users/${second.id}`,
        { is_admin: false },
        { token: first.accessToken },
      ),
      api.request(
        'PATCH',
        `${API}/users/${first.id}`,
        { is_admin: false },
        { token: second.accessToken },
      ),
    ]);
    const [winner, loser] = answers.map((a) => a.status).sort();
    expect(winner).toBe(200);
    expect([403, 409]).toContain(loser);
    expect(
      await api.sql('SELECT count(*)::int AS n FROM users WHERE is_admin AND is_active'),
    ).toEqual([{ n: 1 }]);
  });
});
