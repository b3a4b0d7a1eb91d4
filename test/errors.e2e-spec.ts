import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { decodeJwt, expectNotAuthenticated, signJwt } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('401 "Not authenticated" for every bad bearer token', () => {
  let api: TestApp;
  let user: RegisteredUser;
  let claims: Record<string, unknown>;
  const me = (headers: Record<string, string>) =>
    api.request('GET', `${API}/users/me`, undefined, { headers });
  const bearer = (token: string) => me({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    api = await startTestApp();
    user = await registerUser(api);
    claims = decodeJwt(user.accessToken).payload;
  });
  afterAll(async () => {
    await api.close();
  });

  it('accepts the real token (so each refusal below is about what was changed)', async () => {
    expect((await bearer(user.accessToken)).status).toBe(200);
    expect((await bearer(signJwt(claims))).status).toBe(200);
  });

  it.each([
    ['no Authorization header', {}],
    ['an empty Bearer', { authorization: 'Bearer ' }],
    ['a garbage token', { authorization: 'Bearer garbage' }],
    ['Basic credentials', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('refuses %s, with WWW-Authenticate: Bearer', async (_, headers) => {
    const res = await me(headers as Record<string, string>);
    expectNotAuthenticated(res);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses the token without the "Bearer" scheme', async () => {
    expectNotAuthenticated(await me({ authorization: user.accessToken }));
  });

  it('refuses an expired access token', async () => {
    expectNotAuthenticated(
      await bearer(signJwt({ ...claims, iat: now() - 3600, exp: now() - 60 })),
    );
  });

  it('refuses a token signed with another secret', async () => {
    expectNotAuthenticated(
      await bearer(signJwt(claims, 'an-attacker-secret-of-at-least-32-bytes!!')),
    );
  });

  it('refuses an unsigned (alg "none") token', async () => {
    expectNotAuthenticated(await bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`));
  });

  it('refuses a token with a wrong issuer or audience', async () => {
    expectNotAuthenticated(await bearer(signJwt({ ...claims, iss: 'elsewhere' })));
    expectNotAuthenticated(await bearer(signJwt({ ...claims, aud: 'elsewhere' })));
  });

  it('refuses a refresh token used as a bearer token', async () => {
    expectNotAuthenticated(await bearer(user.refreshToken));
  });

  it('refuses a well-signed token naming a session that does not exist, or another user', async () => {
    expectNotAuthenticated(await bearer(signJwt({ ...claims, sid: randomUUID() })));
    expectNotAuthenticated(await bearer(signJwt({ ...claims, sub: randomUUID() })));
  });

  it('refuses (never 500) a well-signed token whose sid or sub is not a UUID', async () => {
    expectNotAuthenticated(await bearer(signJwt({ ...claims, sid: 'not-a-uuid' })));
    expectNotAuthenticated(await bearer(signJwt({ ...claims, sub: "x' OR '1'='1" })));
    expectNotAuthenticated(await bearer(signJwt({ ...claims, sid: 12345 })));
  });

  it('refuses (never 500) a well-signed refresh token whose sid is not a UUID', async () => {
    const refreshClaims = decodeJwt(user.refreshToken).payload;
    const res = await api.request('POST', `${API}/auth/refresh`, {
      refresh_token: signJwt({ ...refreshClaims, sid: 'not-a-uuid' }, TEST_JWT_SECRET),
    });
    expectNotAuthenticated(res);
  });
});

describe('framework-level errors keep the {"detail"} shape', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['GET', `${API}/no-such-route`],
    ['POST', `${API}/users/me/nothing`],
    ['GET', `${API}/auth/login`],
    ['PUT', `${API}/users/me`],
  ])('answers %s %s with 404 {"detail": "Not Found"}', async (method, path) => {
    const res = await api.request(method, path);
    expect([res.status, res.body]).toEqual([404, { detail: 'Not Found' }]);
  });

  it.each([`${API}/auth/register`, `${API}/auth/login`, `${API}/auth/refresh`])(
    'answers malformed JSON at %s with 400 "Malformed request body"',
    async (path) => {
      const res = await api.request('POST', path, undefined, { raw: '{"username": "a", ' });
      expect([res.status, res.body]).toEqual([400, { detail: 'Malformed request body' }]);
    },
  );

  it('answers an empty JSON body where a body is needed with 422 for the missing fields', async () => {
    const res = await api.request('POST', `${API}/auth/refresh`, undefined, { raw: '' });
    expect([res.status, res.body]).toEqual([
      422,
      { detail: [{ type: 'missing', loc: ['body', 'refresh_token'], msg: 'Field required' }] },
    ]);
  });

  it('answers a JSON body poisoning __proto__ with 400', async () => {
    const res = await api.request('POST', `${API}/auth/register`, undefined, {
      raw: '{"__proto__": {"is_admin": true}, "username": "x"}',
    });
    expect([res.status, res.body]).toEqual([400, { detail: 'Malformed request body' }]);
  });

  it('answers a text/plain body where an object is expected with 422 model_attributes_type', async () => {
    const res = await api.request('POST', `${API}/auth/register`, undefined, {
      raw: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect([res.status, res.body]).toEqual([
      422,
      {
        detail: [
          { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid object' },
        ],
      },
    ]);
  });

  it('answers an unsupported content type with 415 in the {"detail"} shape', async () => {
    const res = await api.request('POST', `${API}/auth/register`, undefined, {
      raw: '<user/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect([res.status, res.body]).toEqual([415, { detail: 'Unsupported media type' }]);
  });

  it('answers a body over the size limit with 413 in the {"detail"} shape', async () => {
    const res = await api.request('POST', `${API}/auth/register`, {
      full_name: 'x'.repeat(300 * 1024),
    });
    expect([res.status, res.body]).toEqual([413, { detail: 'Request body too large' }]);
  });
});
