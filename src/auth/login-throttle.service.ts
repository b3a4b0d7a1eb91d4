import { Injectable } from '@nestjs/common';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { tooManyRequests } from '../common/problem.js';
import { createRateLimiter } from '../common/rate-limiter.js';
import { RedisConnection } from '../common/redis.module.js';
import { AppConfig } from '../config/app-config.js';

const DAY = 86_400;

/** The attempt count of a locked account: far above any number of attempts in flight. */
const LOCKED = 1_000_000_000;

/**
 * One password check of an account, reserved before the (slow) hash comparison runs. Settle it
 * exactly once with the outcome, or release it when the check could not be made.
 */
export interface PasswordAttempt {
  /** The password was right: the account's failure count and lock-out history are reset. */
  succeeded(): Promise<void>;
  /**
   * It was wrong: the attempt stays counted; the one that filled the limit locks the account
   * (resolves true for that one).
   */
  failed(): Promise<boolean>;
  /** The check never happened (an error): the reservation is given back. */
  release(): Promise<void>;
}

/**
 * Brute-force guard (API.md §8). Per IP: AUTH_RATE_LIMIT requests a minute to the credential
 * routes. Per account: LOGIN_FAILURE_LIMIT consecutive failures lock it for LOGIN_LOCKOUT, doubling
 * with each further lock-out within a day; a success resets both counts. In Redis when configured,
 * so every instance sees the same counts; while Redis is unreachable, in each instance's memory
 * (never an error for it).
 *
 * A password check is counted *before* it runs, by one atomic increment (rate-limiter-flexible's
 * `consume`, a Lua script in Redis): however many requests arrive at once, on however many
 * connections or instances, at most LOGIN_FAILURE_LIMIT of them get a reservation, and only
 * those reach bcrypt. A lock-out is the same counter set far above the limit for the lock period,
 * so there is no gap between "locked" and "counted" for a concurrent request to slip through.
 */
@Injectable()
export class LoginThrottleService {
  private readonly perIp: RateLimiterAbstract;
  private readonly attempts: RateLimiterAbstract;
  private readonly lockouts: RateLimiterAbstract;

  constructor(
    private readonly config: AppConfig,
    redis: RedisConnection,
  ) {
    const make = (keyPrefix: string, points: number, duration: number) =>
      createRateLimiter(redis, { keyPrefix, points, duration });
    this.perIp = make('auth_ip', config.authRateLimit, 60);
    this.attempts = make('login_attempts', config.loginFailureLimit, DAY);
    this.lockouts = make('login_lockouts', 1_000_000, DAY);
  }

  /** Counts one request to a credential route from this IP; throws 429 past the limit. */
  async hitFromIp(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (rejection) {
      throw this.asTooManyRequests(rejection);
    }
  }

  /**
   * Reserves one password check of `account`, or throws 429 when the account is locked or as
   * many checks as the limit allows are already counted (failed, or still running).
   */
  async reserveAttempt(account: string): Promise<PasswordAttempt> {
    const key = accountKey(account);
    let reservation: RateLimiterRes;
    try {
      reservation = await this.attempts.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // Locked: for what is left of the lock. Full of checks still running: they decide, soon.
      throw tooManyRequests(
        rejection.consumedPoints >= LOCKED
          ? rejection.msBeforeNext / 1000
          : this.config.loginLockoutSeconds,
      );
    }
    let settled = false;
    const once =
      <T>(settle: () => Promise<T>, otherwise: T) =>
      async (): Promise<T> => {
        if (settled) return otherwise;
        settled = true;
        return settle();
      };
    return {
      succeeded: once(() => this.reset(key), undefined),
      failed: once(async () => {
        if (reservation.consumedPoints < this.config.loginFailureLimit) return false;
        await this.lock(key);
        return true;
      }, false),
      release: once(async () => {
        const after = await this.attempts.reward(key, 1);
        // A reset or a lock-out that expired meanwhile: never leave a credit behind.
        if (after.consumedPoints < 0) await this.attempts.delete(key);
      }, undefined),
    };
  }

  /** Clears `account`'s failure count and lock-out (a password reset: the owner proved themselves). */
  async clearAccount(account: string): Promise<void> {
    await this.reset(accountKey(account));
  }

  private async lock(key: string): Promise<void> {
    const lockout = await this.lockouts.penalty(key, 1);
    const seconds = Math.min(
      DAY,
      this.config.loginLockoutSeconds * 2 ** (lockout.consumedPoints - 1),
    );
    await this.attempts.set(key, LOCKED, seconds);
  }

  private async reset(key: string): Promise<void> {
    await Promise.all([this.attempts.delete(key), this.lockouts.delete(key)]);
  }

  private asTooManyRequests(rejection: unknown) {
    if (rejection instanceof RateLimiterRes) return tooManyRequests(rejection.msBeforeNext / 1000);
    throw rejection; // the store itself failed: let the 500 path log it
  }
}

/** Runs a reserved password check; if it fails to run at all, the reservation is given back. */
export async function checked<T>(attempt: PasswordAttempt, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    await attempt.release();
    throw error;
  }
}

/** Usernames and emails name the same account whatever their case. */
function accountKey(account: string): string {
  return account.trim().toLowerCase();
}
