import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { type AppProcess, type InstancePair, startInstancePair } from './support/app-process.js';
import { lockoutEnv } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { STRONG_PASSWORD } from './support/users.js';
import { eventually } from './support/wait.js';
import { countStatuses, postOnOwnConnection } from './support/own-connection.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { describeNeeding } from './support/required-programs.js';

/**
 * API.md §8 v1.1, Redis outage: no instance fails for it; the rate limits fall back to each
 * instance's memory while Redis is away, and are shared again once it is back. Two instances of
 * the real entry point, each in its own process, share a real redis-server that is stopped and
 * started again on the same port under them.
 */
const describeWithRedis = describeNeeding(['redis-server'], 'REDIS OUTAGE TESTS');

const LIMIT = 3;
const WRONG = 'Wrong-Password-1!';

interface Account {
  username: string;
  password: string;
  refreshToken: string;
}

async function register(app: AppProcess): Promise<Account> {
  const username = `user_${randomBytes(4).toString('hex')}`;
  const res = await app.request('POST', `${API}/auth/register`, {
    username,
    email: `${username}@example.com`,
    password: STRONG_PASSWORD,
  });
  expect(res.status).toBe(201);
  return { username, password: STRONG_PASSWORD, refreshToken: res.body.refresh_token };
}

const login = (app: AppProcess, username: string, password: string) =>
  app.request('POST', `${API}/auth/login`, { username, password }, { form: true });

/** 30 wrong passwords for `username` at once, one connection each, dealt round the instances. */
const burst = (apps: AppProcess[], username: string) =>
  Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      postOnOwnConnection(apps[i % apps.length].baseUrl, `${API}/auth/login`, {
        username,
        password: WRONG,
      }),
    ),
  );

describeWithRedis('credential routes through a Redis outage', () => {
  let pair: InstancePair | undefined;
  let redis: RedisServer;
  let port: number;
  let a: AppProcess;
  let b: AppProcess;

  beforeAll(async () => {
    pair = await startInstancePair(lockoutEnv(LIMIT));
    ({ a, b, redis } = pair);
    port = Number(new URL(redis.url).port);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await pair?.database.drop();
    // The redis-server running now: the test restarts it on the same port.
    await redis?.stop();
  }, 30_000);

  it('shares the lock-out between the instances before the outage (the baseline)', async () => {
    const victim = await register(a);
    for (let i = 0; i < LIMIT; i++)
      expect((await login(a, victim.username, WRONG)).status).toBe(401);
    expect((await login(b, victim.username, victim.password)).status).toBe(429);
  });

  describe('while Redis is down', () => {
    let user: Account;

    beforeAll(async () => {
      user = await register(a);
      await redis.stop();
      for (const app of [a, b]) {
        const down = await eventually(
          () => app.request('GET', '/health/ready'),
          (res) => res.status === 503,
          10_000,
        );
        expect(down.status).toBe(503);
      }
    }, 30_000);

    it('registers, logs in, refuses a wrong password and refreshes on both instances, never a 500', async () => {
      for (const app of [a, b]) {
        const account = await register(app);
        expect((await login(app, account.username, account.password)).status).toBe(200);
        expect((await login(app, account.username, WRONG)).status).toBe(401);
        const refreshed = await app.request('POST', `${API}/auth/refresh`, {
          refresh_token: account.refreshToken,
        });
        expect(refreshed.status).toBe(200);
        const bad = await app.request('POST', `${API}/auth/refresh`, { refresh_token: 'garbage' });
        expect(bad.status).toBe(401);
      }
    });

    it('locks an account out per instance, in memory, with Retry-After', async () => {
      for (let i = 0; i < LIMIT; i++)
        expect((await login(a, user.username, WRONG)).status).toBe(401);
      const locked = await login(a, user.username, user.password);
      expect([locked.status, locked.body]).toEqual([429, { detail: 'Too many requests' }]);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
      // B keeps its own count meanwhile: the account works there, as on a lone instance.
      expect((await login(b, user.username, user.password)).status).toBe(200);
    });

    it(`still reserves each check before bcrypt: 30 wrong passwords at once on one instance → ${LIMIT} × 401`, async () => {
      const victim = await register(b);
      expect(countStatuses(await burst([b], victim.username))).toEqual({
        401: LIMIT,
        429: 30 - LIMIT,
      });
    });

    it('keeps both instances running, and logged no 500 (the [Errors] log) for these requests', () => {
      expect([a.running(), b.running()]).toEqual([true, true]);
      for (const app of [a, b]) expect(app.output()).not.toMatch(/\[Errors\]|RateLimiter/);
    });
  });

  describe('once Redis is back', () => {
    beforeAll(async () => {
      redis = await startRedisServer(port);
      for (const app of [a, b]) {
        const up = await eventually(
          () => app.request('GET', '/health/ready'),
          (res) => res.status === 200,
          15_000,
        );
        expect(up.status).toBe(200);
      }
    }, 30_000);

    it('shares the lock-out between the instances again', async () => {
      const victim = await register(a);
      for (let i = 0; i < LIMIT; i++)
        expect((await login(a, victim.username, WRONG)).status).toBe(401);
      expect((await login(b, victim.username, victim.password)).status).toBe(429);
    });

    it(`counts a burst spread over both instances together again: 30 wrong passwords → ${LIMIT} × 401`, async () => {
      const victim = await register(b);
      expect(countStatuses(await burst([a, b], victim.username))).toEqual({
        401: LIMIT,
        429: 30 - LIMIT,
      });
    });
  });
});
