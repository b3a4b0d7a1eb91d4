import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, loginRequest } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { sleep } from './support/wait.js';

/**
 * Ended sessions do not pile up: 5,000 login/logout cycles used to leave 5,000 rows forever. They are
 * deleted SESSION_RETENTION after they ended (API.md §8 "Retention"); live sessions are kept.
 */

describe('session retention', () => {
  let app: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    app = await startTestApp({ SESSION_RETENTION: '2s' });
    user = await registerUser(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  const login = async () => {
    const res = await loginRequest(app, user.username, user.password);
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  };
  const sessionCount = async () =>
    Number((await app.sql('SELECT count(*) FROM sessions WHERE user_id = $1', [user.id]))[0].count);

  it('deletes sessions that ended more than SESSION_RETENTION ago, and only those', async () => {
    let lastSessionId = '';
    for (let i = 0; i < 20; i++) {
      const token = await login();
      lastSessionId = decodeJwt(token).payload.sid as string;
      expect((await app.request('POST', '/api/v1/auth/logout', undefined, { token })).status).toBe(
        204,
      );
    }
    // A session that has just ended is kept until its retention is over.
    expect(await app.sql('SELECT id FROM sessions WHERE id = $1', [lastSessionId])).toHaveLength(1);

    let remaining = await sessionCount();
    for (let i = 0; i < 100 && remaining > 1; i++) {
      await sleep(100);
      remaining = await sessionCount();
    }
    expect(remaining).toBe(1);
    const live = await app.request('GET', `${API}/users/me`, undefined, {
      token: user.accessToken,
    });
    expect(live.status).toBe(200);
  }, 30_000);

  it('deletes an expired session too, once it has been expired for SESSION_RETENTION', async () => {
    await app.sql(
      `INSERT INTO sessions (user_id, refresh_token_hash, last_used_at, expires_at)
       VALUES ($1, repeat('a', 64), now() - interval '8 days', now() - interval '1 day'),
              ($1, repeat('b', 64), now(), now() + interval '7 days')`,
      [user.id],
    );
    const expired = async () =>
      Number(
        (
          await app.sql(
            "SELECT count(*) FROM sessions WHERE user_id = $1 AND expires_at < now() - interval '1 hour'",
            [user.id],
          )
        )[0].count,
      );
    let left = await expired();
    for (let i = 0; i < 50 && left > 0; i++) {
      await sleep(100);
      left = await expired();
    }
    expect(left).toBe(0);
    expect(await sessionCount()).toBe(2);
  }, 30_000);
});
