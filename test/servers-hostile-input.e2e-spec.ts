import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API, type HttpAnswer } from './support/http.js';
import { createKey, createServer } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/** Values no client should send; the servers and API-keys routes must answer each without a 500. */
const HOSTILE: [string, unknown][] = [
  ['a 100 000-character string', 'x'.repeat(100_000)],
  ['a NUL byte', 'ab\u0000cd'],
  ['control characters', '\u0001\u0007\u001b[31m\r\n'],
  ['a lone surrogate', '\ud800'],
  ['a number', 12345],
  ['a huge float', -1.5e308],
  ['a boolean', true],
  ['null', null],
  ['an empty array', []],
  ['an array with a non-string', ['a', 7, null]],
  ['a hostile tag list', ['\u0000', 'x'.repeat(100_000), '😀']],
  ['an object', { $ne: null }],
  ['emoji', '😀'.repeat(40)],
  ['SQL', "' OR 1=1; DROP TABLE servers; --"],
  ['LIKE wildcards', '%_\\'],
];

/** Query-string values (the query parser only yields strings and arrays of them). */
const HOSTILE_QUERY = [
  '%00',
  '%C0',
  'x'.repeat(5000),
  '%25_%5C',
  "'%20OR%201=1--",
  'a&{0}=b',
  '😀',
];

const LEAK =
  /QueryFailedError|\bat \S+ \(|\.ts:\d+|node_modules|\bSELECT\b|violates|syntax error|invalid input/i;

function problem(label: string, res: HttpAnswer): string {
  const shapeOk = res.status < 400 || Object.keys(res.body ?? {}).join() === 'detail';
  return res.status < 500 && shapeOk && !LEAK.test(res.text)
    ? ''
    : `${label} → ${res.status} ${res.text.slice(0, 200)}`;
}

describe('hostile input to servers and API keys never causes a 500 or leaks internals', () => {
  let api: TestApp;
  let user: RegisteredUser;
  let server: { id: string };
  let keyId: string;

  async function sweep(
    method: string,
    path: string,
    body: Record<string, unknown>,
  ): Promise<string[]> {
    const problems: string[] = [];
    for (const field of Object.keys(body)) {
      for (const [label, value] of HOSTILE) {
        const res = await api.request(
          method,
          `${API}${path}`,
          { ...body, [field]: value },
          { token: user.accessToken },
        );
        const issue = problem(`${method} ${path} ${field} = ${label}`, res);
        if (issue) problems.push(issue);
      }
    }
    return problems;
  }

  beforeAll(async () => {
    api = await startTestApp();
    user = await registerUser(api);
    server = await createServer(api, user, { name: 'target' });
    keyId = (await createKey(api, user, server.id)).id;
  });

  afterAll(async () => {
    await api.close();
  });

  it('POST /servers and PATCH /servers/{id}', async () => {
    const body = { name: 'hostile', hostname: 'h', description: 'd', tags: ['t'] };
    expect(await sweep('POST', '/servers', body)).toEqual([]);
    expect(await sweep('PATCH', `/servers/${server.id}`, body)).toEqual([]);
  });

  it('POST /servers/{id}/api-keys and .../rotate', async () => {
    expect(
      await sweep('POST', `/servers/${server.id}/api-keys`, {
        name: 'k',
        expires_at: '2099-01-01T00:00:00Z',
      }),
    ).toEqual([]);
    expect(
      await sweep('POST', `/servers/${server.id}/api-keys/${keyId}/rotate`, {
        grace_period_seconds: 86400,
      }),
    ).toEqual([]);
  });

  it('GET /servers query parameters, alone and repeated', async () => {
    const problems: string[] = [];
    for (const name of ['search', 'tag', 'status', 'all', 'limit', 'offset']) {
      for (const value of HOSTILE_QUERY) {
        for (const query of [`${name}=${value}`, `${name}=${value}&${name}=x`]) {
          const res = await api.request('GET', `${API}/servers?${query}`, undefined, {
            token: user.accessToken,
          });
          const issue = problem(`?${query.slice(0, 60)}`, res);
          if (issue) problems.push(issue);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  // Undecodable escapes (%C0) never reach a route: see framework-errors.e2e-spec.ts.
  it('path parameters that are not UUIDs are 404 on every route', async () => {
    const ids = ['x', '%00', "1'--", 'ffffffff-ffff-ffff-ffff-fffffffffffff', '😀', '..%2F..'];
    const problems: string[] = [];
    for (const id of ids) {
      for (const [method, path] of [
        ['GET', `/servers/${id}`],
        ['PATCH', `/servers/${id}`],
        ['DELETE', `/servers/${id}`],
        ['GET', `/servers/${id}/api-keys`],
        ['DELETE', `/servers/${server.id}/api-keys/${id}`],
        ['POST', `/servers/${server.id}/api-keys/${id}/rotate`],
      ]) {
        const res = await api.request(
          method,
          `${API}${path}`,
          method === 'GET' || method === 'DELETE' ? undefined : {},
          {
            token: user.accessToken,
          },
        );
        if (res.status !== 404 || problem('', res))
          problems.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
