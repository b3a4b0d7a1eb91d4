import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { API } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';

/**
 * A flood of logins (API.md §8 "Login floods"): bcrypt runs on at most one thread per core and a
 * bounded queue; logins beyond it are refused at once with 503 + Retry-After instead of piling up,
 * and other requests keep being served meanwhile.
 */
const FLOOD = 150;

describe('login flood', () => {
  let app: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    // A realistic cost, so the queue fills before it drains; the per-account lock-out (which also
    // bounds one account's checks in flight) out of the way: this is about the bcrypt queue.
    app = await startTestApp({ BCRYPT_COST: '10', LOGIN_FAILURE_LIMIT: '1000' });
    user = await registerUser(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it(`${FLOOD} logins at once: each answers 200 or 503 + Retry-After (never 500), and other requests are served meanwhile`, async () => {
    const login = () =>
      app.request(
        'POST',
        `${API}/auth/login`,
        { username: user.username, password: user.password },
        { form: true },
      );
    const flood = Promise.all(Array.from({ length: FLOOD }, login));
    const meDuringFlood = await app.request('GET', `${API}/users/me`, undefined, {
      token: user.accessToken,
    });
    const answers = await flood;

    expect(meDuringFlood.status).toBe(200);
    const byStatus = (status: number) => answers.filter((a) => a.status === status);
    expect(byStatus(200).length + byStatus(503).length).toBe(FLOOD);
    // The queue holds 32 logins per thread (plus one running on each): the rest were refused.
    expect(byStatus(200).length).toBeGreaterThanOrEqual(availableParallelism() * 33);
    expect(byStatus(503).length).toBeGreaterThan(0);
    for (const refused of byStatus(503)) {
      expect(refused.body).toEqual({ detail: 'Service unavailable' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Once the queue has drained, logins are accepted again.
    expect((await login()).status).toBe(200);
  }, 120_000);
});
