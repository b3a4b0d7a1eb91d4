import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, loginRequest, TOKEN_PAIR_KEYS } from '../support/auth-helpers.js';
import { API } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser, STRONG_PASSWORD } from '../support/users.js';

const COOKIE_MODE = { 'x-refresh-cookie': '1' };

interface Cookie {
  name: string;
  value: string;
  attributes: string[];
}

/** The Set-Cookie headers of an answer, parsed. */
function setCookies(headers: Headers): Record<string, Cookie> {
  const cookies: Record<string, Cookie> = {};
  for (const line of headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const index = pair.indexOf('=');
    const name = pair.slice(0, index);
    cookies[name] = { name, value: pair.slice(index + 1), attributes };
  }
  return cookies;
}

/**
 * The console's session mode over plain HTTP (no browser): the refresh token in an httpOnly,
 * SameSite=Strict cookie scoped to /api/v1/auth, read only with the X-Refresh-Cookie header.
 */
describe('Refresh token cookie (web console mode)', () => {
  let app: TestApp;
  let user: RegisteredUser;

  const loginWithCookie = () =>
    app.request(
      'POST',
      `${API}/auth/login`,
      { username: user.username, password: user.password },
      { form: true, headers: COOKIE_MODE },
    );
  const refreshWithCookie = (cookie: string | undefined, body: unknown = {}) =>
    app.request('POST', `${API}/auth/refresh`, body, {
      headers: { ...COOKIE_MODE, ...(cookie ? { cookie: `chatops_refresh=${cookie}` } : {}) },
    });
  const refreshCookieOf = (headers: Headers) => setCookies(headers).chatops_refresh?.value;

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('leaves clients that do not opt in unchanged: refresh_token in the body, no cookie', async () => {
    const res = await loginRequest(app, user.username, user.password);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(TOKEN_PAIR_KEYS);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('login with X-Refresh-Cookie: 1 puts the refresh token in an httpOnly, SameSite=Strict, path-scoped cookie and not in the body', async () => {
    const res = await loginWithCookie();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    const cookies = setCookies(res.headers);
    const refresh = cookies.chatops_refresh;
    expect(decodeJwt(refresh.value).payload.type).toBe('refresh');
    expect(refresh.attributes).toEqual(
      expect.arrayContaining([
        'Path=/api/v1/auth',
        'HttpOnly',
        'SameSite=Strict',
        'Max-Age=604800',
      ]),
    );
    // Plain http: no Secure flag (browsers would drop the cookie on http://<lan-host>).
    expect(refresh.attributes).not.toContain('Secure');
    // The hint for the console's first paint: readable by script, no secret in it.
    expect(cookies.chatops_session).toEqual({
      name: 'chatops_session',
      value: '1',
      attributes: expect.arrayContaining(['Path=/', 'SameSite=Strict', 'Max-Age=604800']),
    });
    expect(cookies.chatops_session.attributes).not.toContain('HttpOnly');
  });

  it('register with X-Refresh-Cookie: 1 answers the user and the access token, the refresh token as the cookie', async () => {
    const username = `cookie_${Date.now().toString(36)}`;
    const res = await app.request(
      'POST',
      `${API}/auth/register`,
      { username, email: `${username}@example.com`, password: STRONG_PASSWORD },
      { headers: COOKIE_MODE },
    );
    expect(res.status).toBe(201);
    expect(res.body.user.username).toBe(username);
    expect(res.body.refresh_token).toBeUndefined();
    const cookie = refreshCookieOf(res.headers)!;
    const refreshed = await refreshWithCookie(cookie);
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.access_token).payload.username).toBe(username);
  });

  it('refresh reads the cookie, rotates it and keeps it out of the body', async () => {
    const first = refreshCookieOf((await loginWithCookie()).headers)!;
    const res = await refreshWithCookie(first);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    const second = refreshCookieOf(res.headers)!;
    expect(second).not.toBe(first);
    expect(decodeJwt(second).payload.sid).toBe(decodeJwt(first).payload.sid);
    const me = await app.request('GET', `${API}/users/me`, undefined, {
      token: res.body.access_token,
    });
    expect(me.status).toBe(200);
  });

  it('keeps the leeway: the same cookie retried at once gets the same new cookie', async () => {
    const first = refreshCookieOf((await loginWithCookie()).headers)!;
    const [a, b] = [await refreshWithCookie(first), await refreshWithCookie(first)];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(refreshCookieOf(b.headers)).toBe(refreshCookieOf(a.headers));
    expect(b.body.access_token).toBe(a.body.access_token);
  });

  it('keeps reuse detection: a retired cookie after the leeway ends the session and clears the cookies', async () => {
    const first = refreshCookieOf((await loginWithCookie()).headers)!;
    const second = refreshCookieOf((await refreshWithCookie(first)).headers)!;
    await app.sql(`UPDATE sessions SET rotated_at = now() - interval '1 minute' WHERE id = $1`, [
      decodeJwt(first).payload.sid,
    ]);
    const replay = await refreshWithCookie(first);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual({ detail: 'Not authenticated' });
    const cleared = setCookies(replay.headers);
    expect(cleared.chatops_refresh.value).toBe('');
    expect(cleared.chatops_refresh.attributes).toContain('Max-Age=0');
    expect(cleared.chatops_session.attributes).toContain('Max-Age=0');
    // The whole session ended: the current cookie is refused too.
    expect((await refreshWithCookie(second)).status).toBe(401);
  });

  it('CSRF: without X-Refresh-Cookie the cookie is never read (and not consumed)', async () => {
    const cookie = refreshCookieOf((await loginWithCookie()).headers)!;
    const forged = await app.request(
      'POST',
      `${API}/auth/refresh`,
      {},
      { headers: { cookie: `chatops_refresh=${cookie}` } },
    );
    expect(forged.status).toBe(422);
    expect(forged.headers.getSetCookie()).toEqual([]);
    const forgedLogout = await app.request('POST', `${API}/auth/logout`, undefined, {
      headers: { cookie: `chatops_refresh=${cookie}` },
    });
    expect(forgedLogout.status).toBe(401);
    // Still the live token: the console's own refresh with it succeeds.
    expect((await refreshWithCookie(cookie)).status).toBe(200);
  });

  it('cookie mode with no cookie and no body token is 401 Not authenticated, not a 422', async () => {
    const res = await refreshWithCookie(undefined);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Not authenticated' });
  });

  it('refuses a forged or malformed cookie with 401 (never a 500)', async () => {
    for (const cookie of ['garbage', 'a.b.c', '%00%ff', 'x'.repeat(5000)]) {
      const res = await refreshWithCookie(cookie);
      expect([res.status, res.body]).toEqual([cookie.length > 4096 ? 422 : 401, expect.anything()]);
    }
    const odd = await app.request(
      'POST',
      `${API}/auth/refresh`,
      {},
      {
        headers: { ...COOKIE_MODE, cookie: ';;=;chatops_refresh;chatops_refresh=' },
      },
    );
    expect(odd.status).toBe(401);
  });

  it('a body token in cookie mode is used, and its successor goes into the cookie', async () => {
    const login = await app.request(
      'POST',
      `${API}/auth/login`,
      { username: user.username, password: user.password },
      { form: true },
    );
    const res = await refreshWithCookie(undefined, { refresh_token: login.body.refresh_token });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect(decodeJwt(refreshCookieOf(res.headers)!).payload.sid).toBe(
      decodeJwt(login.body.refresh_token).payload.sid,
    );
  });

  it('logout and logout-all with X-Refresh-Cookie: 1 clear both cookies; the session is over', async () => {
    for (const route of ['logout', 'logout-all']) {
      const login = await loginWithCookie();
      const cookie = refreshCookieOf(login.headers)!;
      const res = await app.request('POST', `${API}/auth/${route}`, undefined, {
        token: login.body.access_token,
        headers: COOKIE_MODE,
      });
      expect(res.status).toBe(204);
      const cleared = setCookies(res.headers);
      expect(cleared.chatops_refresh).toMatchObject({ value: '' });
      expect(cleared.chatops_refresh.attributes).toEqual(
        expect.arrayContaining(['Max-Age=0', 'Path=/api/v1/auth']),
      );
      expect(cleared.chatops_session.attributes).toContain('Max-Age=0');
      expect((await refreshWithCookie(cookie)).status).toBe(401);
    }
  });
});

describe('Refresh token cookie behind a TLS-terminating proxy', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('is Secure when the request came over https', async () => {
    const user = await registerUser(app);
    const res = await app.request(
      'POST',
      `${API}/auth/login`,
      { username: user.username, password: user.password },
      { form: true, headers: { ...COOKIE_MODE, 'x-forwarded-proto': 'https' } },
    );
    expect(res.status).toBe(200);
    const cookies = setCookies(res.headers);
    expect(cookies.chatops_refresh.attributes).toContain('Secure');
    expect(cookies.chatops_session.attributes).toContain('Secure');
  });
});
