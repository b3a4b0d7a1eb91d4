import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  decodeJwt,
  expectNotAuthenticated,
  ISO_UTC,
  login,
  meUntilRefused,
  USER_KEYS,
  UUID,
} from './support/auth-helpers.js';
import { API } from './support/http.js';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

describe('sessions: GET /auth/sessions, DELETE /auth/sessions/{id}, logout, logout-all', () => {
  let api: TestApp;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;
  const sessions = (token: string) =>
    api.request('GET', `${API}/auth/sessions`, undefined, { token });
  const me = (token: string) => api.request('GET', `${API}/auth/me`, undefined, { token });
  const refresh = (refresh_token: string) =>
    api.request('POST', `${API}/auth/refresh`, { refresh_token });
  const sidOf = (token: string) => decodeJwt(token).payload.sid as string;

  beforeAll(async () => {
    api = await startTestApp();
    stranger = await registerUser(api, { username: 'stranger' });
  });
  beforeEach(async () => {
    owner = await registerUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists the live sessions, newest first, with exactly the documented fields and `current` on the caller', async () => {
    const laptop = await login(api, owner.username, owner.password, { 'user-agent': 'laptop/1.0' });
    const res = await sessions(laptop.access_token);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['items']);
    expect(res.body.items).toHaveLength(2);
    for (const item of res.body.items)
      expect(Object.keys(item).sort()).toEqual([
        'auth_method',
        'created_at',
        'current',
        'id',
        'ip',
        'last_used_at',
        'user_agent',
      ]);
    expect(res.body.items[0]).toEqual({
      id: sidOf(laptop.access_token),
      created_at: expect.stringMatching(ISO_UTC),
      last_used_at: expect.stringMatching(ISO_UTC),
      user_agent: 'laptop/1.0',
      ip: '127.0.0.1',
      current: true,
      auth_method: 'password',
    });
    expect(res.body.items[1]).toMatchObject({ id: sidOf(owner.accessToken), current: false });
  });

  it('does not list revoked sessions', async () => {
    const second = await login(api, owner.username, owner.password);
    expect(
      (await api.request('POST', `${API}/auth/logout`, undefined, { token: second.access_token }))
        .status,
    ).toBe(204);
    const res = await sessions(owner.accessToken);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([sidOf(owner.accessToken)]);
  });

  it("ends one of the caller's other sessions: 204, its tokens stop working, the caller's still work", async () => {
    const phone = await login(api, owner.username, owner.password);
    const res = await api.request(
      'DELETE',
      `${API}/auth/sessions/${sidOf(phone.access_token)}`,
      undefined,
      { token: owner.accessToken },
    );
    expect([res.status, res.text]).toEqual([204, '']);
    expectNotAuthenticated(await meUntilRefused(api, phone.access_token));
    expectNotAuthenticated(await refresh(phone.refresh_token));
    expect((await me(owner.accessToken)).status).toBe(200);
  });

  it("answers 404 for another user's session, and leaves that session working", async () => {
    const res = await api.request(
      'DELETE',
      `${API}/auth/sessions/${sidOf(stranger.accessToken)}`,
      undefined,
      { token: owner.accessToken },
    );
    expect([res.status, res.body]).toEqual([404, { detail: 'Not Found' }]);
    expect((await me(stranger.accessToken)).status).toBe(200);
  });

  it.each(['not-a-uuid', '12345', '00000000-0000-0000-0000-00000000000g'])(
    'answers 404 for the non-UUID id %j',
    async (id) => {
      const res = await api.request('DELETE', `${API}/auth/sessions/${id}`, undefined, {
        token: owner.accessToken,
      });
      expect([res.status, res.body]).toEqual([404, { detail: 'Not Found' }]);
    },
  );

  it('answers 404 for an unknown UUID and for a session already ended', async () => {
    const unknown = await api.request(
      'DELETE',
      `${API}/auth/sessions/5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b`,
      undefined,
      { token: owner.accessToken },
    );
    expect(unknown.status).toBe(404);
    const other = await login(api, owner.username, owner.password);
    const path = `${API}/auth/sessions/${sidOf(other.access_token)}`;
    expect(
      (await api.request('DELETE', path, undefined, { token: owner.accessToken })).status,
    ).toBe(204);
    expect(
      (await api.request('DELETE', path, undefined, { token: owner.accessToken })).status,
    ).toBe(404);
  });

  it("logout (204) ends the caller's session: its access token is refused within 5 s and its refresh token at once", async () => {
    const other = await login(api, owner.username, owner.password);
    const res = await api.request('POST', `${API}/auth/logout`, undefined, {
      token: owner.accessToken,
    });
    expect([res.status, res.text]).toEqual([204, '']);
    expectNotAuthenticated(await refresh(owner.refreshToken));
    expectNotAuthenticated(await meUntilRefused(api, owner.accessToken));
    expect((await me(other.access_token)).status).toBe(200);
  });

  it('logout accepts the optional refresh_token body', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/logout`,
      { refresh_token: owner.refreshToken },
      { token: owner.accessToken },
    );
    expect(res.status).toBe(204);
    expectNotAuthenticated(await refresh(owner.refreshToken));
  });

  it('logout answers a non-string refresh_token with 422 without echoing it', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/logout`,
      { refresh_token: 42 },
      { token: owner.accessToken },
    );
    expect([res.status, res.body]).toEqual([
      422,
      {
        detail: [
          {
            type: 'string_type',
            loc: ['body', 'refresh_token'],
            msg: 'Input should be a valid string',
          },
        ],
      },
    ]);
  });

  it("logout-all (204) ends every session of the caller and no one else's", async () => {
    const second = await login(api, owner.username, owner.password);
    const res = await api.request('POST', `${API}/auth/logout-all`, undefined, {
      token: second.access_token,
    });
    expect([res.status, res.text]).toEqual([204, '']);
    for (const pair of [
      { access: owner.accessToken, refresh: owner.refreshToken },
      { access: second.access_token, refresh: second.refresh_token },
    ]) {
      expectNotAuthenticated(await refresh(pair.refresh));
      expectNotAuthenticated(await meUntilRefused(api, pair.access));
    }
    expect((await me(stranger.accessToken)).status).toBe(200);
    const [{ live }] = await api.sql(
      'SELECT count(*)::int AS live FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [owner.id],
    );
    expect(live).toBe(0);
  });

  it.each([
    ['POST', 'logout'],
    ['POST', 'logout-all'],
    ['GET', 'sessions'],
    ['DELETE', 'sessions/5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'],
  ])('%s /auth/%s without a token answers 401 "Not authenticated"', async (method, path) => {
    expectNotAuthenticated(await api.request(method, `${API}/auth/${path}`));
  });
});

describe('GET /auth/me and GET /users/me', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answer the same user object, with exactly the documented fields', async () => {
    const user = await registerUser(api);
    const a = await api.request('GET', `${API}/auth/me`, undefined, { token: user.accessToken });
    const b = await api.request('GET', `${API}/users/me`, undefined, { token: user.accessToken });
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(Object.keys(a.body).sort()).toEqual(USER_KEYS);
    expect(a.body).toMatchObject({
      id: expect.stringMatching(UUID),
      username: user.username,
      email: user.email,
      is_active: true,
    });
  });
});

describe('revocation seen by another instance (two apps on one database)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    first = await startTestApp({}, db);
    second = await startTestApp({}, db);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await db.drop();
  });

  it('refuses on instance B, within 5 s, an access token whose session was logged out on instance A', async () => {
    const user = await registerUser(first);
    // B has seen the token as valid (and may cache that) before A revokes it.
    expect(
      (await second.request('GET', `${API}/auth/me`, undefined, { token: user.accessToken }))
        .status,
    ).toBe(200);
    expect(
      (await first.request('POST', `${API}/auth/logout`, undefined, { token: user.accessToken }))
        .status,
    ).toBe(204);
    const started = Date.now();
    expectNotAuthenticated(await meUntilRefused(second, user.accessToken));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
