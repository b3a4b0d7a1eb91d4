import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  expectNoPasswordHash,
  ISO_UTC,
  TOKEN_PAIR_KEYS,
  USER_KEYS,
  UUID,
} from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { STRONG_PASSWORD } from './support/users.js';

const register = (api: TestApp, body: unknown) => api.request('POST', `${API}/auth/register`, body);
const userCount = async (api: TestApp, username: string) =>
  Number(
    (
      await api.sql('SELECT count(*) AS n FROM users WHERE lower(username) = lower($1)', [username])
    )[0].n,
  );

describe('POST /auth/register', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('accepts the ChatOps body (password_confirm, full_name): 201 with exactly the documented fields; the first user is admin', async () => {
    const res = await register(api, {
      email: 'first@example.com',
      username: 'first_user',
      password: STRONG_PASSWORD,
      password_confirm: STRONG_PASSWORD,
      full_name: 'First User',
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual([...USER_KEYS, ...TOKEN_PAIR_KEYS, 'user'].sort());
    expect(Object.keys(res.body.user).sort()).toEqual(USER_KEYS);
    expect(res.body.user).toEqual({
      id: expect.stringMatching(UUID),
      email: 'first@example.com',
      username: 'first_user',
      full_name: 'First User',
      is_active: true,
      is_admin: true,
      email_verified: false,
      created_at: expect.stringMatching(ISO_UTC),
    });
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    expect(typeof res.body.access_token).toBe('string');
    expect(typeof res.body.refresh_token).toBe('string');
    expectNoPasswordHash(res);
  });

  it('accepts the W.W.H.D. body (name) with its example password; the second user is not admin', async () => {
    const res = await register(api, {
      username: 'herman_fan',
      email: 'user@example.com',
      password: 'SecurePassword123!',
      name: 'Herman Fan',
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      username: 'herman_fan',
      email: 'user@example.com',
      full_name: 'Herman Fan',
      is_admin: false,
      is_active: true,
    });
  });

  it('returns tokens that work at once: GET /auth/me answers the new user', async () => {
    const res = await register(api, {
      username: 'token_user',
      email: 'token@example.com',
      password: STRONG_PASSWORD,
    });
    const me = await api.request('GET', `${API}/auth/me`, undefined, {
      token: res.body.access_token,
    });
    expect([me.status, me.body]).toEqual([200, res.body.user]);
  });

  it('stores full_name as null when neither full_name nor name is given', async () => {
    const res = await register(api, {
      username: 'no_name',
      email: 'noname@example.com',
      password: STRONG_PASSWORD,
    });
    expect(res.body.user.full_name).toBeNull();
  });

  it('stores a blank full_name as null, as PATCH /users/me does', async () => {
    const res = await register(api, {
      username: 'blank_name',
      email: 'blank@example.com',
      password: STRONG_PASSWORD,
      full_name: '   ',
    });
    expect([res.status, res.body.user.full_name]).toEqual([201, null]);
    expect(await api.sql('SELECT full_name FROM users WHERE id = $1', [res.body.user.id])).toEqual([
      { full_name: null },
    ]);
  });

  it('starts a session with the user agent and IP of the request', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/register`,
      { username: 'ua_user', email: 'ua@example.com', password: STRONG_PASSWORD },
      { headers: { 'user-agent': 'register-test/1.0' } },
    );
    const rows = await api.sql('SELECT user_agent, ip FROM sessions WHERE user_id = $1', [
      res.body.user.id,
    ]);
    expect(rows).toEqual([{ user_agent: 'register-test/1.0', ip: '127.0.0.1' }]);
  });

  it('ignores unknown fields, including is_admin and id', async () => {
    const res = await register(api, {
      username: 'sneaky',
      email: 'sneaky@example.com',
      password: STRONG_PASSWORD,
      is_admin: true,
      id: '00000000-0000-0000-0000-000000000001',
      role: 'admin',
    });
    expect(res.status).toBe(201);
    expect(res.body.user.is_admin).toBe(false);
    expect(res.body.user.id).not.toBe('00000000-0000-0000-0000-000000000001');
  });

  it('trims names, lower-cases the email (as stored too), and keeps the username display case', async () => {
    const res = await register(api, {
      username: '  Mixed.Case-User  ',
      email: '  Mixed.Case@Example.COM ',
      password: STRONG_PASSWORD,
      full_name: '  Ada  Lovelace \n',
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      username: 'Mixed.Case-User',
      email: 'mixed.case@example.com',
      full_name: 'Ada  Lovelace',
    });
    const rows = await api.sql('SELECT username, email, full_name FROM users WHERE id = $1', [
      res.body.user.id,
    ]);
    expect(rows).toEqual([
      { username: 'Mixed.Case-User', email: 'mixed.case@example.com', full_name: 'Ada  Lovelace' },
    ]);
  });

  it('stores only a bcrypt hash of the password', async () => {
    const res = await register(api, {
      username: 'hash_user',
      email: 'hash@example.com',
      password: STRONG_PASSWORD,
    });
    const [row] = await api.sql('SELECT password_hash FROM users WHERE id = $1', [
      res.body.user.id,
    ]);
    expect(row.password_hash).toMatch(/^\$2b\$04\$/);
    expect(row.password_hash).not.toContain(STRONG_PASSWORD);
  });
});

describe('POST /auth/register: duplicates', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
    await register(api, {
      username: 'Taken_Name',
      email: 'taken@example.com',
      password: STRONG_PASSWORD,
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 409 for a username taken in another case, and creates nothing', async () => {
    const res = await register(api, {
      username: 'taken_name',
      email: 'other@example.com',
      password: STRONG_PASSWORD,
    });
    expect([res.status, res.body]).toEqual([409, { detail: 'Username or email already exists' }]);
    expect(await api.sql('SELECT id FROM users WHERE email = $1', ['other@example.com'])).toEqual(
      [],
    );
  });

  it('answers the same 409 for an email taken in another case, and creates nothing', async () => {
    const res = await register(api, {
      username: 'another_name',
      email: 'TAKEN@Example.com',
      password: STRONG_PASSWORD,
    });
    expect([res.status, res.body]).toEqual([409, { detail: 'Username or email already exists' }]);
    expect(await userCount(api, 'another_name')).toBe(0);
  });

  it('leaves no session behind a refused registration', async () => {
    const [{ n }] = await api.sql('SELECT count(*)::int AS n FROM sessions');
    expect(n).toBe(1);
  });

  it('lets exactly one of 8 concurrent registrations of one username succeed; the rest get 409, with no half-made rows', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        register(api, {
          username: 'Race_Winner',
          email: `race${i}@example.com`,
          password: STRONG_PASSWORD,
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const loser of answers.filter((a) => a.status === 409))
      expect(loser.body).toEqual({ detail: 'Username or email already exists' });
    const winner = answers.find((a) => a.status === 201)!;
    const users = await api.sql("SELECT id FROM users WHERE email LIKE 'race%@example.com'");
    expect(users).toEqual([{ id: winner.body.user.id }]);
    const [{ orphans }] = await api.sql(
      'SELECT count(*)::int AS orphans FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE u.id IS NULL',
    );
    expect(orphans).toBe(0);
    expect(
      await api.sql('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [
        winner.body.user.id,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('makes exactly one of concurrent first registrations on an empty database admin', async () => {
    const empty = await startTestApp();
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          register(empty, {
            username: `early_${i}`,
            email: `early${i}@example.com`,
            password: STRONG_PASSWORD,
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
      expect(answers.filter((a) => a.body.user.is_admin)).toHaveLength(1);
    } finally {
      await empty.close();
    }
  });
});
