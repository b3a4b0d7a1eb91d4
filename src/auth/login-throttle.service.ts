import { Injectable } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { tooManyRequests } from '../common/problem.js';
import { RedisConnection } from '../common/redis.module.js';
import { AppConfig } from '../config/app-config.js';

const DAY = 86_400;

/**
 * Brute-force guard (API.md §8). Per IP: AUTH_RATE_LIMIT requests a minute to the credential
 * routes. Per account: LOGIN_FAILURE_LIMIT consecutive failures lock it for LOGIN_LOCKOUT, doubling
 * with each further lock-out within a day; a success resets both counts. In Redis when configured,
 * so every instance sees the same counts.
 */
@Injectable()
export class LoginThrottleService {
  private readonly perIp: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;
  private readonly lockouts: RateLimiterAbstract;
  private readonly locks: RateLimiterAbstract;

  constructor(
    private readonly config: AppConfig,
    redis: RedisConnection,
  ) {
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
      redis.client
        ? new RateLimiterRedis({
            storeClient: redis.client,
            keyPrefix: `chatops:${keyPrefix}`,
            points,
            duration,
          })
        : new RateLimiterMemory({ keyPrefix, points, duration });
    this.perIp = make('auth_ip', config.authRateLimit, 60);
    this.failures = make('login_fail', config.loginFailureLimit, DAY);
    this.lockouts = make('login_lockouts', 1_000_000, DAY);
    this.locks = make('login_lock', 1, DAY);
  }

  /** Counts one request to a credential route from this IP; throws 429 past the limit. */
  async hitFromIp(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (rejection) {
      throw this.asTooManyRequests(rejection);
    }
  }

  /** Throws 429 while the account is locked out. Called before the password is even checked. */
  async assertNotLocked(account: string): Promise<void> {
    const lock = await this.locks.get(accountKey(account));
    if (lock && lock.consumedPoints > 1) throw tooManyRequests(lock.msBeforeNext / 1000);
  }

  async recordFailure(account: string): Promise<void> {
    const key = accountKey(account);
    const count = await this.failures.penalty(key, 1);
    if (count.consumedPoints < this.config.loginFailureLimit) return;
    const lockout = await this.lockouts.penalty(key, 1);
    const seconds = Math.min(
      DAY,
      this.config.loginLockoutSeconds * 2 ** (lockout.consumedPoints - 1),
    );
    await this.locks.block(key, seconds);
    await this.failures.delete(key);
  }

  async recordSuccess(account: string): Promise<void> {
    const key = accountKey(account);
    await Promise.all([this.failures.delete(key), this.lockouts.delete(key)]);
  }

  private asTooManyRequests(rejection: unknown) {
    if (rejection instanceof RateLimiterRes) return tooManyRequests(rejection.msBeforeNext / 1000);
    throw rejection; // the store itself failed: let the 500 path log it
  }
}

/** Usernames and emails name the same account whatever their case. */
function accountKey(account: string): string {
  return account.trim().toLowerCase();
}
