import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../src/openapi.js';
import { type DecodedJwt, decodeJwt } from './support/auth-helpers.js';
import { API, type HttpAnswer } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { sleep } from './support/wait.js';

const TOO_MANY = { detail: 'Too many requests' };
const retryAfter = (res: HttpAnswer) => Number(res.headers.get('retry-after'));

describe('per-IP limit on the credential routes (AUTH_RATE_LIMIT=5, behind a trusted proxy)', () => {
  let api: TestApp;
  const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

  beforeAll(async () => {
    api = await startTestApp({ AUTH_RATE_LIMIT: '5', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('counts register, login, token and refresh together: the 6th request in a minute gets 429 with Retry-After', async () => {
    const ip = from('203.0.113.7');
    const credentials = { username: 'limited_user', password: 'Tr1cky-Horse-Battery!' };
    const registered = await api.request(
      'POST',
      `${API}/auth/register`,
      { ...credentials, email: 'limited@example.com' },
      ip,
    );
    expect(registered.status).toBe(201);
    expect(
      (await api.request('POST', `${API}/auth/login`, credentials, { ...ip, form: true })).status,
    ).toBe(200);
    expect(
      (
        await api.request(
          'POST',
          `${API}/auth/token`,
          { ...credentials, password: 'wrong' },
          { ...ip, form: true },
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await api.request(
          'POST',
          `${API}/auth/refresh`,
          { refresh_token: registered.body.refresh_token },
          ip,
        )
      ).status,
    ).toBe(200);
    expect(
      (await api.request('POST', `${API}/auth/refresh`, { refresh_token: 'garbage' }, ip)).status,
    ).toBe(401);

    const limited = await api.request('POST', `${API}/auth/login`, credentials, {
      ...ip,
      form: true,
    });
    expect([limited.status, limited.body]).toEqual([429, TOO_MANY]);
    expect(retryAfter(limited)).toBeGreaterThanOrEqual(1);
    expect(retryAfter(limited)).toBeLessThanOrEqual(60);
    const register = await api.request(
      'POST',
      `${API}/auth/register`,
      { ...credentials, username: 'other_name', email: 'o@example.com' },
      ip,
    );
    expect([register.status, register.body]).toEqual([429, TOO_MANY]);
    expect(register.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('does not limit another IP, nor the other routes of the limited one', async () => {
    const other = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: 'limited_user', password: 'Tr1cky-Horse-Battery!' },
      { ...from('203.0.113.8'), form: true },
    );
    expect(other.status).toBe(200);
    const me = await api.request('GET', `${API}/auth/me`, undefined, {
      token: other.body.access_token,
      ...from('203.0.113.7'),
    });
    expect(me.status).toBe(200);
    expect((await api.request('GET', '/health', undefined, from('203.0.113.7'))).status).toBe(200);
  });

  it('records the forwarded client IP on the session', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: 'limited_user', password: 'Tr1cky-Horse-Battery!' },
      { ...from('198.51.100.23'), form: true },
    );
    const { payload }: DecodedJwt = decodeJwt(res.body.access_token);
    expect(await api.sql('SELECT ip FROM sessions WHERE id = $1', [payload.sid])).toEqual([
      { ip: '198.51.100.23' },
    ]);
  });
});

describe('per-account lock-out (LOGIN_FAILURE_LIMIT=3, LOGIN_LOCKOUT=2s)', () => {
  let api: TestApp;
  const attempt = (username: string, password: string, route = 'login') =>
    api.request('POST', `${API}/auth/${route}`, { username, password }, { form: true });
  const fail = async (username: string, times: number) => {
    for (let i = 0; i < times; i++)
      expect((await attempt(username, 'Wrong-Password-1!')).status).toBe(401);
  };

  beforeAll(async () => {
    api = await startTestApp({ LOGIN_FAILURE_LIMIT: '3', LOGIN_LOCKOUT: '2s' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('locks an account after 3 failures, doubles the period on the next lock-out, and unlocks when the period is over', async () => {
    const [repeat, patient]: RegisteredUser[] = [await registerUser(api), await registerUser(api)];
    await fail(repeat.username, 3);
    await fail(patient.username, 3);

    const locked = await attempt(repeat.username, repeat.password);
    expect([locked.status, locked.body]).toEqual([429, TOO_MANY]);
    expect([1, 2]).toContain(retryAfter(locked));
    // The same account by email, through /auth/token: still locked, even with the right password.
    expect((await attempt(repeat.email.toUpperCase(), repeat.password, 'token')).status).toBe(429);
    expect((await attempt(patient.username, patient.password)).status).toBe(429);

    await sleep(2100);
    expect((await attempt(patient.username, patient.password)).status).toBe(200);

    await fail(repeat.username, 3);
    const again = await attempt(repeat.username, repeat.password);
    expect(again.status).toBe(429);
    expect([3, 4]).toContain(retryAfter(again));
  });

  it('locks only that account: another user logs in meanwhile', async () => {
    const [victim, bystander] = [await registerUser(api), await registerUser(api)];
    await fail(victim.username, 3);
    expect((await attempt(victim.username, victim.password)).status).toBe(429);
    expect((await attempt(bystander.username, bystander.password)).status).toBe(200);
  });

  it('resets the failure count on a success', async () => {
    const user = await registerUser(api);
    await fail(user.username, 2);
    expect((await attempt(user.username, user.password)).status).toBe(200);
    await fail(user.username, 2);
    expect((await attempt(user.username, user.password)).status).toBe(200);
  });

  it('locks an unknown username the same way as a known one (no enumeration)', async () => {
    await fail('ghost_user', 3);
    const res = await attempt('ghost_user', 'Wrong-Password-1!');
    expect([res.status, res.body]).toEqual([429, TOO_MANY]);
  });
});

describe('POST /users/me/password shares the lock-out (LOGIN_FAILURE_LIMIT=3, LOGIN_LOCKOUT=60s)', () => {
  let api: TestApp;
  const change = (user: RegisteredUser, current: string, token = user.accessToken) =>
    api.request(
      'POST',
      `${API}/users/me/password`,
      { current_password: current, new_password: 'Fresh-Horse-Battery-9!' },
      { token },
    );
  const login = (user: RegisteredUser, password: string) =>
    api.request('POST', `${API}/auth/login`, { username: user.username, password }, { form: true });

  beforeAll(async () => {
    api = await startTestApp({ LOGIN_FAILURE_LIMIT: '3', LOGIN_LOCKOUT: '60s' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('is no password oracle: after 3 wrong current passwords the 4th try is 429 with Retry-After, even the right one, and so is a login', async () => {
    const user = await registerUser(api);
    for (let i = 0; i < 3; i++) {
      const wrong = await change(user, 'Wrong-Password-1!');
      expect([wrong.status, wrong.body]).toEqual([
        401,
        { detail: 'Current password is incorrect' },
      ]);
    }
    const limited = await change(user, user.password);
    expect([limited.status, limited.body]).toEqual([429, TOO_MANY]);
    expect(retryAfter(limited)).toBeGreaterThanOrEqual(59);
    expect(retryAfter(limited)).toBeLessThanOrEqual(60);
    expect((await login(user, user.password)).status).toBe(429);
    // The password was not changed.
    expect(
      (
        await api.sql(
          'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
          [user.id],
        )
      )[0].n,
    ).toBe(1);
  });

  it('counts failed logins and wrong current passwords together', async () => {
    const user = await registerUser(api);
    expect((await login(user, 'Wrong-Password-1!')).status).toBe(401);
    expect((await change(user, 'Wrong-Password-1!')).status).toBe(401);
    expect((await login(user, 'Wrong-Password-1!')).status).toBe(401);
    expect((await change(user, user.password)).status).toBe(429);
  });

  it('resets the count on a correct current password, like a successful login', async () => {
    const user = await registerUser(api);
    expect((await change(user, 'Wrong-Password-1!')).status).toBe(401);
    expect((await change(user, 'Wrong-Password-1!')).status).toBe(401);
    expect((await change(user, user.password)).status).toBe(204);
    const renewed = { ...user, password: 'Fresh-Horse-Battery-9!' };
    expect((await change(renewed, 'Wrong-Password-1!')).status).toBe(401);
    expect((await change(renewed, 'Wrong-Password-1!')).status).toBe(401);
    expect((await login(renewed, renewed.password)).status).toBe(200);
  });

  it('lets no more than the limit through when the guesses come all at once', async () => {
    const user = await registerUser(api);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => change(user, 'Wrong-Password-1!')),
    );
    const counts: Record<number, number> = {};
    for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
    expect(counts).toEqual({ 401: 3, 429: 17 });
  });

  it('documents the 429 answer in OpenAPI', () => {
    const document = buildOpenApiDocument(api.app);
    const operation = document.paths[`${API}/users/me/password`].post!;
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['204', '401', '422', '429']),
    );
    expect(operation.description).toMatch(/lock-out/);
  });
});

describe('POST /users/me/password counts against the per-IP limit of the credential routes (AUTH_RATE_LIMIT=5)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ AUTH_RATE_LIMIT: '5', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers the 6th credential request of a minute from one IP with 429, password changes included', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.50' };
    const user = await registerUser(api); // from another address
    const token = user.accessToken;
    for (let i = 0; i < 5; i++) {
      const res = await api.request(
        'POST',
        `${API}/users/me/password`,
        { current_password: `Wrong-Password-${i}!`, new_password: 'Fresh-Horse-Battery-9!' },
        { token, headers: ip },
      );
      expect(res.status).toBe(401);
    }
    const limited = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: user.username, password: user.password },
      { form: true, headers: ip },
    );
    expect([limited.status, limited.body]).toEqual([429, TOO_MANY]);
    const change = await api.request(
      'POST',
      `${API}/users/me/password`,
      { current_password: user.password, new_password: 'Fresh-Horse-Battery-9!' },
      { token, headers: ip },
    );
    expect(change.status).toBe(429);
  });
});
