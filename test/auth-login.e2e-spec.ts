import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, expectNoPasswordHash, TOKEN_PAIR_KEYS, UUID } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

const INVALID_LOGIN = { detail: 'Invalid username or password' };

describe('POST /auth/login and POST /auth/token', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  let alice: RegisteredUser;

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api, { username: 'the_admin' });
    alice = await registerUser(api, { username: 'Alice_W', email: 'alice.w@example.com' });
  });
  afterAll(async () => {
    await api.close();
  });

  describe.each(['login', 'token'])('/auth/%s', (route) => {
    const post = (body: unknown, form: boolean, headers?: Record<string, string>) =>
      api.request('POST', `${API}/auth/${route}`, body, { form, headers });

    it('accepts the form-urlencoded body: 200 with exactly access_token, refresh_token, token_type, expires_in', async () => {
      const res = await post({ username: 'Alice_W', password: alice.password }, true);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(TOKEN_PAIR_KEYS);
      expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
      expectNoPasswordHash(res);
    });

    it('accepts a JSON body with the same fields', async () => {
      const res = await post({ username: 'Alice_W', password: alice.password }, false);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(TOKEN_PAIR_KEYS);
    });

    it('accepts the OAuth2 form fields grant_type and scope', async () => {
      const res = await post(
        { grant_type: 'password', username: 'Alice_W', password: alice.password, scope: '' },
        true,
      );
      expect(res.status).toBe(200);
    });

    it('refuses any other OAuth2 grant_type with 422 at body.grant_type', async () => {
      const res = await post(
        { grant_type: 'client_credentials', username: 'Alice_W', password: alice.password },
        true,
      );
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual([
        {
          type: 'enum',
          loc: ['body', 'grant_type'],
          msg: "Input should be 'password'",
          input: 'client_credentials',
        },
      ]);
    });

    it.each(['alice_w', 'ALICE_W', 'alice.w@example.com', 'Alice.W@EXAMPLE.com', '  alice_w  '])(
      'accepts the login %j (username or email, any case)',
      async (username) => {
        const res = await post({ username, password: alice.password }, true);
        expect(res.status).toBe(200);
      },
    );

    it('answers a wrong password with 401 "Invalid username or password"', async () => {
      const res = await post({ username: 'Alice_W', password: alice.password + 'x' }, true);
      expect([res.status, res.body]).toEqual([401, INVALID_LOGIN]);
    });

    it('answers an unknown user exactly like a wrong password', async () => {
      const wrongPassword = await post(
        { username: 'Alice_W', password: 'Wrong-Password-1!' },
        true,
      );
      const unknownUser = await post(
        { username: 'nobody_here', password: 'Wrong-Password-1!' },
        true,
      );
      const unknownEmail = await post(
        { username: 'nobody@example.com', password: 'Wrong-Password-1!' },
        true,
      );
      expect([unknownUser.status, unknownUser.body]).toEqual([
        wrongPassword.status,
        wrongPassword.body,
      ]);
      expect([unknownEmail.status, unknownEmail.body]).toEqual([401, INVALID_LOGIN]);
      expect(unknownUser.headers.get('www-authenticate')).toBe(
        wrongPassword.headers.get('www-authenticate'),
      );
    });

    it('answers a missing username with 422 missing at loc body.username', async () => {
      const res = await post({ password: alice.password }, true);
      expect([res.status, res.body]).toEqual([
        422,
        { detail: [{ type: 'missing', loc: ['body', 'username'], msg: 'Field required' }] },
      ]);
    });

    it('answers a missing password with 422 missing at loc body.password, and an empty one with no input', async () => {
      const missing = await post({ username: 'Alice_W' }, true);
      expect(missing.body).toEqual({
        detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required' }],
      });
      const empty = await post({ username: 'Alice_W', password: '' }, true);
      expect(empty.body).toEqual({
        detail: [
          {
            type: 'string_too_short',
            loc: ['body', 'password'],
            msg: 'String should have at least 1 character',
          },
        ],
      });
    });

    it('answers JSON numbers with 422 string_type, echoing the username but never the password', async () => {
      const res = await post({ username: 12345, password: 12345678 }, false);
      expect([res.status, res.body]).toEqual([
        422,
        {
          detail: [
            {
              type: 'string_type',
              loc: ['body', 'username'],
              msg: 'Input should be a valid string',
              input: 12345,
            },
            {
              type: 'string_type',
              loc: ['body', 'password'],
              msg: 'Input should be a valid string',
            },
          ],
        },
      ]);
    });

    it('answers an empty body with 422 for both fields', async () => {
      const res = await api.request('POST', `${API}/auth/${route}`);
      expect(res.status).toBe(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc)).toEqual([
        ['body', 'username'],
        ['body', 'password'],
      ]);
    });
  });

  it('starts a new session row per login, with the user agent and IP', async () => {
    const before = await api.sql('SELECT id FROM sessions WHERE user_id = $1', [alice.id]);
    const res = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: 'Alice_W', password: alice.password },
      { form: true, headers: { 'user-agent': 'login-test/2.0' } },
    );
    const sid = decodeJwt(res.body.access_token).payload.sid;
    const after = await api.sql(
      'SELECT id, user_agent, ip, last_used_at, created_at FROM sessions WHERE user_id = $1',
      [alice.id],
    );
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((s) => s.id === sid)).toMatchObject({
      user_agent: 'login-test/2.0',
      ip: '127.0.0.1',
      last_used_at: expect.any(Date),
      created_at: expect.any(Date),
    });
  });

  it('issues an HS256 access token with exactly the documented claims', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/token`,
      { username: 'the_admin', password: admin.password },
      { form: true },
    );
    const { header, payload } = decodeJwt(res.body.access_token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(payload).sort()).toEqual([
      'aud',
      'exp',
      'iat',
      'is_admin',
      'iss',
      'jti',
      'sid',
      'sub',
      'type',
      'user_id',
      'username',
    ]);
    expect(payload).toMatchObject({
      sub: admin.id,
      user_id: admin.id,
      username: 'the_admin',
      is_admin: true,
      type: 'access',
      iss: 'chatops-api',
      aud: 'chatops',
    });
    expect(payload.sid).toMatch(UUID);
    expect(payload.jti).toMatch(UUID);
    expect(payload.exp - payload.iat).toBe(1800);
    expect(await api.sql('SELECT user_id FROM sessions WHERE id = $1', [payload.sid])).toEqual([
      { user_id: admin.id },
    ]);
  });

  it('issues a refresh token of type "refresh" for the same session, lasting 7 days', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: 'Alice_W', password: alice.password },
      { form: true },
    );
    const access = decodeJwt(res.body.access_token).payload;
    const refresh = decodeJwt(res.body.refresh_token).payload;
    expect(refresh).toMatchObject({ sub: alice.id, sid: access.sid, type: 'refresh' });
    expect(refresh.jti).not.toBe(access.jti);
    expect(refresh.exp - refresh.iat).toBe(7 * 86400);
  });

  it('lets the access token of a login call GET /auth/me', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: 'alice.w@example.com', password: alice.password },
      { form: true },
    );
    const me = await api.request('GET', `${API}/auth/me`, undefined, {
      token: res.body.access_token,
    });
    expect([me.status, me.body.id]).toEqual([200, alice.id]);
  });

  it('refuses a login with a 72-byte password followed by more characters (bcrypt must not truncate it)', async () => {
    const password = 'Aa1!' + 'q'.repeat(68);
    expect(Buffer.byteLength(password)).toBe(72);
    const longest = await registerUser(api, { username: 'longest_pw', password });
    expect(
      (
        await api.request(
          'POST',
          `${API}/auth/login`,
          { username: longest.username, password },
          { form: true },
        )
      ).status,
    ).toBe(200);
    const res = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: longest.username, password: password + 'EXTRA' },
      { form: true },
    );
    expect([res.status, res.body]).toEqual([401, INVALID_LOGIN]);
  });

  it('answers a disabled account with the right password 403 "Account is disabled", and with a wrong one 401', async () => {
    const bob = await registerUser(api, { username: 'bob_disabled' });
    const disabled = await api.request(
      'PATCH',
      `${API}/users/${bob.id}`,
      { is_active: false },
      { token: admin.accessToken },
    );
    expect(disabled.status).toBe(200);
    const right = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: bob.username, password: bob.password },
      { form: true },
    );
    expect([right.status, right.body]).toEqual([403, { detail: 'Account is disabled' }]);
    const wrong = await api.request(
      'POST',
      `${API}/auth/token`,
      { username: bob.username, password: 'Wrong-Password-1!' },
      { form: true },
    );
    expect([wrong.status, wrong.body]).toEqual([401, INVALID_LOGIN]);
  });
});
