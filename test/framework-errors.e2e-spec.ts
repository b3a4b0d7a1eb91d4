import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/**
 * Requests refused before any route runs — by Fastify's URL decoding or Node's HTTP parser — are
 * still answered in the contract's `{"detail"}` shape, without echoing the request.
 */
describe('errors raised below the application', () => {
  let api: TestApp;
  let user: RegisteredUser;
  beforeAll(async () => {
    api = await startTestApp();
    user = await registerUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers an undecodable percent-escape in the path with 400 {"detail"}', async () => {
    const res = await api.request('GET', `${API}/servers/%C0`, undefined, {
      token: user.accessToken,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Malformed request URL' });
  });

  it('lets a 500-character path parameter reach the route, which answers 404', async () => {
    const res = await api.request('GET', `${API}/servers/${'a'.repeat(500)}`, undefined, {
      token: user.accessToken,
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
  });

  it('answers headers over the 16 KB limit with 431 {"detail"} and no echo', async () => {
    const res = await api.request('GET', `${API}/users/me`, undefined, {
      headers: { 'x-padding': 'p'.repeat(20_000) },
    });
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ detail: 'Request header fields too large' });
  });
});
