import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RedisConnection } from './redis.module.js';

export interface RateLimiterOptions {
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}

/**
 * A Redis-backed limiter that never fails for Redis (API.md §8 v1.1): while the connection is not
 * ready, every operation runs at once against this process's memory instead (rate-limiter-flexible's
 * insurance limiter, without waiting on a dead connection), and Redis takes over again when it
 * is back. Counts made during the outage stay in that instance.
 */
class InsuredRedisLimiter extends RateLimiterRedis {
  constructor(
    private readonly connection: Redis,
    private readonly local: RateLimiterMemory,
    options: RateLimiterOptions,
  ) {
    super({
      ...options,
      storeClient: connection,
      insuranceLimiter: local,
      rejectIfRedisNotReady: true,
    });
  }

  /** rate-limiter-flexible checks readiness on every operation but this one. */
  override async delete(key: string | number, options?: Record<string, unknown>): Promise<boolean> {
    const [shared, local] = await Promise.all([
      this.connection.status === 'ready' ? super.delete(key, options) : false,
      // What was counted here during an outage must not come back at the next one.
      this.local.delete(key),
    ]);
    return shared || local;
  }
}

/**
 * A rate limiter shared by every instance through Redis when `REDIS_URL` is set (falling back to
 * this process's memory while Redis is unreachable), in memory otherwise.
 */
export function createRateLimiter(
  redis: RedisConnection,
  options: RateLimiterOptions,
): RateLimiterAbstract {
  const local = new RateLimiterMemory(options);
  if (!redis.client) return local;
  return new InsuredRedisLimiter(redis.client, local, {
    ...options,
    keyPrefix: `chatops:${options.keyPrefix}`,
  });
}
