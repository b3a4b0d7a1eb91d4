import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { captureOutput, type CapturedOutput } from './support/captured-output.js';
import { API } from './support/http.js';
import { createKey, createServer } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser, STRONG_PASSWORD } from './support/users.js';

/**
 * JSON nested deeper than 32 levels is refused with a 422 before anything walks it (API.md §1):
 * class-transformer recurses once per level, and ~3,000 levels used to overflow the stack (a 500,
 * with the stack trace logged for every such request).
 */
const TOO_DEEP = {
  detail: [
    {
      type: 'json_too_deep',
      loc: ['body'],
      msg: 'JSON should be nested at most 32 levels deep',
    },
  ],
};

const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** `fields` as a JSON object with one more field, `extra`, making the whole body `depth` deep. */
function bodyOfDepth(fields: Record<string, unknown>, depth: number): string {
  return JSON.stringify({ ...fields, extra: 0 }).replace(/0\}$/, `${arrays(depth - 1)}}`);
}

/** A stack frame, or the error a too-deep walk throws. */
const STACK = /RangeError|Maximum call stack|^\s+at \S+/m;

describe('deeply nested JSON bodies', () => {
  let api: TestApp;
  let output: CapturedOutput;
  let user: RegisteredUser;
  let admin: RegisteredUser;
  let serverId: string;
  let keyId: string;

  beforeAll(async () => {
    // LOG_LEVEL=log, as in production, and every line the app writes is kept for the log checks.
    output = captureOutput();
    api = await startTestApp({ LOG_LEVEL: 'log' });
    admin = await registerUser(api);
    user = await registerUser(api);
    serverId = (await createServer(api, user, { name: 'deep' })).id;
    keyId = (await createKey(api, user, serverId)).id;
  });
  afterAll(async () => {
    await api?.close();
    output?.stop();
  });

  /** Every route that takes a JSON body, with a body it would otherwise accept. */
  const routes = (): [string, string, Record<string, unknown>, string | undefined][] => [
    [
      'POST',
      `${API}/auth/register`,
      { email: 'deep@example.com', username: 'deep_user', password: STRONG_PASSWORD },
      undefined,
    ],
    ['POST', `${API}/auth/login`, { username: user.username, password: user.password }, undefined],
    ['POST', `${API}/auth/token`, { username: user.username, password: user.password }, undefined],
    ['POST', `${API}/auth/refresh`, { refresh_token: user.refreshToken }, undefined],
    ['PATCH', `${API}/users/me`, { full_name: 'Deep' }, user.accessToken],
    [
      'POST',
      `${API}/users/me/password`,
      { current_password: user.password, new_password: 'An0ther-Secret-Pass!' },
      user.accessToken,
    ],
    ['PATCH', `${API}/users/${user.id}`, { is_active: true }, admin.accessToken],
    ['POST', `${API}/servers`, { name: 'deeper' }, user.accessToken],
    ['PATCH', `${API}/servers/${serverId}`, { description: 'd' }, user.accessToken],
    ['POST', `${API}/servers/${serverId}/api-keys`, { name: 'k' }, user.accessToken],
    ['POST', `${API}/servers/${serverId}/api-keys/${keyId}/rotate`, {}, user.accessToken],
    // Last: were it accepted, it would end the session the others use.
    ['POST', `${API}/auth/logout`, {}, user.accessToken],
  ];

  it('accepts a body nested exactly 32 levels deep (the unknown deep field is ignored)', async () => {
    const res = await api.request('POST', `${API}/auth/register`, undefined, {
      raw: bodyOfDepth(
        { email: 'deep32@example.com', username: 'deep_32', password: STRONG_PASSWORD },
        32,
      ),
    });
    expect(res.status).toBe(201);
  });

  it('refuses 33 levels with 422 json_too_deep on every body route, before anything else', async () => {
    const wrong: string[] = [];
    for (const [method, path, fields, token] of routes()) {
      const res = await api.request(method, path, undefined, {
        raw: bodyOfDepth(fields, 33),
        token,
      });
      if (res.status !== 422 || JSON.stringify(res.body) !== JSON.stringify(TOO_DEEP))
        wrong.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    // Nothing was done: the password is unchanged, the server not created.
    expect(
      (
        await api.request('POST', '/api/v1/auth/login', {
          username: user.username,
          password: user.password,
        })
      ).status,
    ).toBe(200);
    expect(await api.sql("SELECT id FROM servers WHERE name = 'deeper'")).toEqual([]);
  });

  it.each([
    ['3,000 nested arrays', arrays(3000)],
    ['3,000 nested objects (18 KB)', objects(3000)],
    ['100,000 nested arrays (200 KB)', arrays(100_000)],
    ['40,000 nested objects (200 KB)', objects(40_000)],
    ['a register body with 100,000 levels in one field', bodyOfDepth({ email: 'x@y.z' }, 100_000)],
  ])('answers %s with 422 json_too_deep, unauthenticated, and logs no stack', async (_, raw) => {
    const logged = output.text().length;
    for (const path of [`${API}/auth/register`, `${API}/auth/login`, `${API}/auth/refresh`]) {
      const res = await api.request('POST', path, undefined, { raw });
      expect([path, res.status, res.body]).toEqual([path, 422, TOO_DEEP]);
    }
    const authenticated = await api.request('PATCH', `${API}/users/me`, undefined, {
      raw,
      token: user.accessToken,
    });
    expect([authenticated.status, authenticated.body]).toEqual([422, TOO_DEEP]);
    expect(output.text().slice(logged)).not.toMatch(STACK);
  });

  it('still answers malformed deep JSON with 400 and a prototype-poisoning body with 400', async () => {
    const unclosed = await api.request('POST', `${API}/auth/register`, undefined, {
      raw: '['.repeat(3000),
    });
    expect([unclosed.status, unclosed.body]).toEqual([400, { detail: 'Malformed request body' }]);
    for (const raw of [
      `{"__proto__": {"is_admin": true}, "deep": ${arrays(40)}}`,
      `{"a": ${'{"b":'.repeat(10)}{"constructor": {"prototype": {"is_admin": true}}}${'}'.repeat(10)}}`,
    ]) {
      const poisoned = await api.request('POST', `${API}/auth/register`, undefined, { raw });
      expect([poisoned.status, poisoned.body]).toEqual([400, { detail: 'Malformed request body' }]);
    }
  });

  it('wrote nothing like a stack trace to the log during the whole suite', () => {
    expect(output.text()).toContain('Nest application successfully started');
    expect(output.text()).not.toMatch(STACK);
  });
});
