import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, login } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { createKey, createServer } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/**
 * Many frontend fetch wrappers send `Content-Type: application/json` on every call, with no body on
 * a DELETE or a bodyless POST. An empty body is no body: routes that take none (or an optional one)
 * work as without the header, and a route that needs a body reports its missing fields (422).
 */
describe('an empty body sent with Content-Type: application/json', () => {
  let api: TestApp;
  let user: RegisteredUser;

  /** `Content-Type: application/json`, `Content-Length: 0`. */
  const bare = (method: string, path: string, token?: string, type = 'application/json') =>
    api.request(method, `${API}${path}`, undefined, {
      raw: '',
      token,
      headers: { 'content-type': type },
    });

  beforeAll(async () => {
    api = await startTestApp();
    user = await registerUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('revokes an API key (DELETE /servers/{id}/api-keys/{key_id} → 204)', async () => {
    const server = await createServer(api, user, { name: 'revoke-me' });
    const key = await createKey(api, user, server.id);
    const res = await bare('DELETE', `/servers/${server.id}/api-keys/${key.id}`, user.accessToken);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(
      await api.sql('SELECT revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = $1', [
        key.id,
      ]),
    ).toEqual([{ revoked: true }]);
  });

  it('rotates an API key with the default grace period (optional body → 201)', async () => {
    const server = await createServer(api, user, { name: 'rotate-me' });
    const key = await createKey(api, user, server.id);
    const res = await bare(
      'POST',
      `/servers/${server.id}/api-keys/${key.id}/rotate`,
      user.accessToken,
      'application/json; charset=utf-8',
    );
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^chatops_/);
  });

  it('deletes a server (DELETE /servers/{id} → 204)', async () => {
    const server = await createServer(api, user, { name: 'delete-me' });
    const res = await bare('DELETE', `/servers/${server.id}`, user.accessToken);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(await api.sql('SELECT id FROM servers WHERE id = $1', [server.id])).toEqual([]);
  });

  it('ends one session (DELETE /auth/sessions/{id}), the current one (POST /auth/logout) and all (POST /auth/logout-all)', async () => {
    const other = await login(api, user.username, user.password);
    const sid = decodeJwt(other.access_token).payload.sid;
    expect((await bare('DELETE', `/auth/sessions/${sid}`, user.accessToken)).status).toBe(204);

    const current = await login(api, user.username, user.password);
    expect((await bare('POST', '/auth/logout', current.access_token)).status).toBe(204);

    const everywhere = await login(api, user.username, user.password);
    expect((await bare('POST', '/auth/logout-all', everywhere.access_token)).status).toBe(204);
    expect(
      await api.sql(
        'SELECT count(*)::int AS live FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
        [user.id],
      ),
    ).toEqual([{ live: 0 }]);
  });

  it('changes nothing on PATCH /users/me (every field optional → 200)', async () => {
    const fresh = await registerUser(api);
    const res = await bare('PATCH', '/users/me', fresh.accessToken);
    expect([res.status, res.body.username]).toEqual([200, fresh.username]);
  });

  it.each([
    ['/auth/refresh', [['body', 'refresh_token']]],
    [
      '/auth/register',
      [
        ['body', 'email'],
        ['body', 'username'],
        ['body', 'password'],
      ],
    ],
    [
      '/auth/login',
      [
        ['body', 'username'],
        ['body', 'password'],
      ],
    ],
  ])('answers POST %s, which needs a body, with 422 for its missing fields', async (path, loc) => {
    const res = await bare('POST', path);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual(
      loc.map((l) => ({ type: 'missing', loc: l, msg: 'Field required' })),
    );
  });

  it('still answers a body of white space, or malformed JSON, with 400', async () => {
    for (const raw of [' ', '\n', '{']) {
      const res = await api.request('POST', `${API}/auth/refresh`, undefined, { raw });
      expect([JSON.stringify(raw), res.status, res.body]).toEqual([
        JSON.stringify(raw),
        400,
        { detail: 'Malformed request body' },
      ]);
    }
  });
});
