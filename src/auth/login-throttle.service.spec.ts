import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/problem.js';
import type { RedisConnection } from '../common/redis.module.js';
import { loadConfig } from '../config/app-config.js';
import { checked, LoginThrottleService, type PasswordAttempt } from './login-throttle.service.js';

/** In memory (no REDIS_URL): the same rules as in Redis, which the e2e suites cover. */
function throttle(limit = 3) {
  const config = loadConfig({ LOGIN_FAILURE_LIMIT: String(limit), LOGIN_LOCKOUT: '60s' });
  return new LoginThrottleService(config, { client: undefined } as RedisConnection);
}

/** The Retry-After of the 429 `promise` rejects with (fails the test on anything else). */
async function retryAfter(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).getStatus()).toBe(429);
  return Number((error as ApiError).headers['Retry-After']);
}

describe('LoginThrottleService password attempts', () => {
  it('reserves no more checks than the limit, even before any of them is decided', async () => {
    const service = throttle(3);
    const attempts = await Promise.all([1, 2, 3].map(() => service.reserveAttempt('user:a')));
    // The limit is taken by checks still running: wait about one lock-out period.
    expect(await retryAfter(service.reserveAttempt('user:a'))).toBe(60);
    // Another account is not concerned.
    await expect(service.reserveAttempt('user:b')).resolves.toBeDefined();
    await Promise.all(attempts.map((attempt) => attempt.failed()));
    expect(await retryAfter(service.reserveAttempt('USER:A'))).toBe(60);
  });

  it('doubles the lock-out each time within a day', async () => {
    const service = throttle(1);
    await (await service.reserveAttempt('user:a')).failed();
    expect(await retryAfter(service.reserveAttempt('user:a'))).toBe(60);
    // Pretend the first lock-out is over: its counter is gone, the lock-out history is not.
    await (
      service as unknown as { attempts: { delete(k: string): Promise<boolean> } }
    ).attempts.delete('user:a');
    await (await service.reserveAttempt('user:a')).failed();
    expect(await retryAfter(service.reserveAttempt('user:a'))).toBe(120);
  });

  it('resets the count on a success, locked or not', async () => {
    const service = throttle(2);
    const [first, second] = [
      await service.reserveAttempt('user:a'),
      await service.reserveAttempt('user:a'),
    ];
    await second.failed(); // the one that filled the limit: locked
    await retryAfter(service.reserveAttempt('user:a'));
    await first.succeeded(); // reserved before the lock, and right
    const again = [await service.reserveAttempt('user:a'), await service.reserveAttempt('user:a')];
    expect(again).toHaveLength(2);
  });

  it('gives the reservation back when the check cannot run, and settles each attempt once', async () => {
    const service = throttle(1);
    const attempt: PasswordAttempt = await service.reserveAttempt('user:a');
    await expect(
      checked(attempt, () => Promise.reject(new Error('hashing queue full'))),
    ).rejects.toThrow('hashing queue full');
    await attempt.failed(); // too late: it was released
    const next = await service.reserveAttempt('user:a');
    await next.release();
    await next.release(); // no second credit
    await (await service.reserveAttempt('user:a')).failed();
    expect(await retryAfter(service.reserveAttempt('user:a'))).toBe(60);
  });
});
