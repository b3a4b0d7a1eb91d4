import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API, type HttpAnswer, type RequestOptions } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/**
 * Values no client should send, and every one of them must be answered without a 500. (Requests
 * refused below the application — oversized headers, undecodable percent-escapes — are covered by
 * framework-errors.e2e-spec.ts.)
 */
const HOSTILE: [string, unknown][] = [
  ['a 100 000-character string', 'x'.repeat(100_000)],
  ['a NUL byte inside a string', 'ab\u0000cd'],
  ['a lone NUL byte', '\u0000'],
  ['control characters', '\u0001\u0007\u001b[31m\r\n'],
  ['a number', 12345],
  ['a negative float', -1.5e308],
  ['a boolean', true],
  ['null', null],
  ['an empty array', []],
  ['an array of strings', ['a', 'b']],
  ['an empty object', {}],
  ['a query operator object', { $ne: null }],
  ['a nested object', { deep: { deeper: ['x', { deepest: 1 }] } }],
  ['emoji', '😀'.repeat(40)],
  ['right-to-left and combining marks', '\u202eadmin\u0301\u0336'],
  ['a lone surrogate', '\ud800'],
  ['SQL', "' OR 1=1; DROP TABLE users; --"],
  ['HTML', '<script>alert(1)</script>'],
  ['a format string', '%s%s%n%x'],
];

/** Every text that would betray internals: stack frames, source paths, SQL, driver errors. */
const LEAK =
  /QueryFailedError|\bat \S+ \(|\.ts:\d+|node_modules|\bSELECT\b|\bINSERT\b|\bUPDATE\b|violates|syntax error|invalid input|stack/i;

/** "" when the answer is acceptable, else a one-line description of what is wrong with it. */
function problem(label: string, res: HttpAnswer): string {
  const shapeOk =
    res.body &&
    typeof res.body === 'object' &&
    !Array.isArray(res.body) &&
    Object.keys(res.body).join() === 'detail';
  const ok = res.status < 500 && (res.status < 400 ? true : shapeOk) && !LEAK.test(res.text);
  return ok ? '' : `${label} → ${res.status} ${res.text.slice(0, 200)}`;
}

describe('hostile input never causes a 500, a stack trace or SQL in an answer', () => {
  let api: TestApp;
  let user: RegisteredUser;
  let admin: RegisteredUser;

  /** Sends `body` with each field in turn replaced by each hostile value; returns what went wrong. */
  async function sweep(
    method: string,
    path: string,
    body: Record<string, unknown>,
    options: () => RequestOptions = () => ({}),
  ): Promise<string[]> {
    const problems: string[] = [];
    for (const field of Object.keys(body)) {
      for (const [label, value] of HOSTILE) {
        const res = await api.request(method, path, { ...body, [field]: value }, options());
        const issue = problem(`${field} = ${label}`, res);
        if (issue) problems.push(issue);
      }
    }
    return problems;
  }

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api);
    user = await registerUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('POST /auth/register', async () => {
    expect(
      await sweep('POST', `${API}/auth/register`, {
        email: 'hostile@example.com',
        username: 'hostile_user',
        password: 'Tr1cky-Horse-Battery!',
        password_confirm: 'Tr1cky-Horse-Battery!',
        full_name: 'H',
        name: 'H',
      }),
    ).toEqual([]);
  });

  it('POST /auth/login (JSON) and POST /auth/token (JSON)', async () => {
    expect(
      await sweep('POST', `${API}/auth/login`, {
        username: user.username,
        password: user.password,
      }),
    ).toEqual([]);
    expect(
      await sweep('POST', `${API}/auth/token`, {
        username: user.email,
        password: user.password,
        grant_type: 'password',
      }),
    ).toEqual([]);
  });

  it('POST /auth/login (form)', async () => {
    const problems: string[] = [];
    for (const [label, value] of HOSTILE.filter(([, v]) => typeof v === 'string')) {
      for (const field of ['username', 'password']) {
        const body = { username: user.username, password: user.password, [field]: value as string };
        const issue = problem(
          `${field} = ${label}`,
          await api.request('POST', `${API}/auth/login`, body, { form: true }),
        );
        if (issue) problems.push(issue);
      }
    }
    expect(problems).toEqual([]);
  });

  it('POST /auth/refresh and POST /auth/logout', async () => {
    expect(
      await sweep('POST', `${API}/auth/refresh`, { refresh_token: user.refreshToken }),
    ).toEqual([]);
    const fresh = await registerUser(api);
    expect(
      await sweep('POST', `${API}/auth/logout`, { refresh_token: 'x' }, () => ({
        token: fresh.accessToken,
      })),
    ).toEqual([]);
  });

  it('PATCH /users/me', async () => {
    const victim = await registerUser(api);
    expect(
      await sweep(
        'PATCH',
        `${API}/users/me`,
        { email: victim.email, username: victim.username, full_name: 'V' },
        () => ({ token: victim.accessToken }),
      ),
    ).toEqual([]);
  });

  it('POST /users/me/password', async () => {
    const victim = await registerUser(api);
    expect(
      await sweep(
        'POST',
        `${API}/users/me/password`,
        { current_password: 'Wrong-Password-1!', new_password: 'Another-Password-2!' },
        () => ({ token: victim.accessToken }),
      ),
    ).toEqual([]);
  });

  it('PATCH /users/{id} (admin)', async () => {
    expect(
      await sweep('PATCH', `${API}/users/${user.id}`, { is_active: true, is_admin: false }, () => ({
        token: admin.accessToken,
      })),
    ).toEqual([]);
  });

  it('GET /users query strings (admin)', async () => {
    const problems: string[] = [];
    for (const [label, value] of HOSTILE.filter(
      ([, v]) => typeof v === 'string' && v.length < 5000,
    )) {
      for (const field of ['search', 'limit', 'offset']) {
        const query = new URLSearchParams({ [field]: value as string }).toString();
        const issue = problem(
          `${field} = ${label}`,
          await api.request('GET', `${API}/users?${query}`, undefined, {
            token: admin.accessToken,
          }),
        );
        if (issue) problems.push(issue);
      }
    }
    expect(problems).toEqual([]);
  });

  it('path ids that are not UUIDs', async () => {
    const problems: string[] = [];
    for (const id of ['%00', 'x'.repeat(99), '..%2F..%2Fetc', "1'%20OR%201%3D1", '%F0%9F%98%80']) {
      const patch = await api.request(
        'PATCH',
        `${API}/users/${id}`,
        { is_active: true },
        { token: admin.accessToken },
      );
      const del = await api.request('DELETE', `${API}/auth/sessions/${id}`, undefined, {
        token: admin.accessToken,
      });
      for (const [label, res] of [
        [`PATCH /users/${id.slice(0, 20)}`, patch],
        [`DELETE /auth/sessions/${id.slice(0, 20)}`, del],
      ] as const) {
        const issue = problem(label, res);
        if (issue) problems.push(issue);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses a NUL byte in a name or password with 422 at its loc (not stored, not a 500)', async () => {
    const base = {
      email: 'nul@example.com',
      username: 'nul_user',
      password: 'Tr1cky-Horse-Battery!',
    };
    const name = await api.request('POST', `${API}/auth/register`, {
      ...base,
      full_name: 'Ada\u0000',
    });
    expect([name.status, name.body]).toEqual([
      422,
      {
        detail: [
          {
            type: 'string_pattern_mismatch',
            loc: ['body', 'full_name'],
            msg: 'String should not contain NUL characters',
            input: 'Ada\u0000',
          },
        ],
      },
    ]);
    const password = await api.request('POST', `${API}/auth/register`, {
      ...base,
      password: 'Tr1cky-Horse\u0000Battery!',
    });
    expect([password.status, password.body]).toEqual([
      422,
      {
        detail: [
          {
            type: 'string_pattern_mismatch',
            loc: ['body', 'password'],
            msg: 'String should not contain NUL characters',
          },
        ],
      },
    ]);
    const login = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: 'nul\u0000user', password: 'x' },
      { form: true },
    );
    expect([login.status, login.body.detail[0].loc]).toEqual([422, ['body', 'username']]);
    const search = await api.request('GET', `${API}/users?search=a%00b`, undefined, {
      token: admin.accessToken,
    });
    expect([search.status, search.body.detail[0].loc]).toEqual([422, ['query', 'search']]);
    expect(await api.sql("SELECT id FROM users WHERE username = 'nul_user'")).toEqual([]);
  });

  it('refuses an unpaired surrogate with 422 instead of storing a replacement character, and never 500s on one in an email', async () => {
    const base = {
      email: 'lone@example.com',
      username: 'lone_user',
      password: 'Tr1cky-Horse-Battery!',
    };
    const name = await api.request('POST', `${API}/auth/register`, {
      ...base,
      full_name: 'Ada \ud800',
    });
    expect([name.status, name.body.detail]).toEqual([
      422,
      [expect.objectContaining({ type: 'string_unicode', loc: ['body', 'full_name'] })],
    ]);
    const email = await api.request('POST', `${API}/auth/register`, {
      ...base,
      email: 'lone\ud800@example.com',
    });
    expect([email.status, email.body.detail[0].loc]).toEqual([422, ['body', 'email']]);
    expect(await api.sql("SELECT id FROM users WHERE username = 'lone_user'")).toEqual([]);
  });
});
