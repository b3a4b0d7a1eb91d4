import { Injectable, Logger } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { RedisConnection } from '../common/redis.module.js';
import { AppConfig } from '../config/app-config.js';

const WINDOW_SECONDS = 60;
/** API.md §7 v1.2: a key that authenticated within this long is not throttled with its address. */
export const RECENT_KEY_SECONDS = 24 * 60 * 60;
const RECENT_PREFIX = 'chatops:agent_key_ok:';

/**
 * API.md §7: failed agent authentications per client IP, AGENT_AUTH_FAILURE_LIMIT a minute,
 * checked before any database lookup. v1.2: agents share addresses (a NAT, a Kubernetes node), so
 * a key that authenticated within the last 24 h is not throttled with its address — it still goes
 * through the full check (revoked, expired and rotated-out keys are refused there), while keys not
 * seen to work recently stay throttled. Both records are shared through Redis when configured;
 * while Redis is away (or not ready yet) each instance counts failures in memory instead of failing
 * or waiting, and a key's recent success is not known (it is throttled like any other).
 */
@Injectable()
export class AgentAuthLimiter {
  private readonly logger = new Logger('Agents');
  private readonly failures: RateLimiterAbstract;
  /**
   * Without Redis: a key's recent success, as small integers (V8 keeps them unboxed: ~30 bytes a
   * key, where the hash strings cost ~150 — times a fleet). The key is 28 bits of its hash: a
   * stranger's key that shares them is only let through to the full check, never in.
   */
  private readonly recent = new Map<number, number>();
  private nextSweep = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {
    const options = {
      keyPrefix: 'chatops:agent_auth_fail',
      points: config.agentAuthFailureLimit,
      duration: WINDOW_SECONDS,
    };
    const memory = new RateLimiterMemory(options);
    this.failures = redis.client
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis.client,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        })
      : memory;
  }

  /**
   * Whether an attempt from `ip` with the key of `keyHash` (undefined: not even a well-formed key)
   * is refused "Too many attempts" before any lookup.
   */
  async isBlocked(ip: string | null, keyHash?: string): Promise<boolean> {
    try {
      const state = await this.failures.get(ip ?? 'unknown');
      if (state === null || state.consumedPoints < this.config.agentAuthFailureLimit) return false;
    } catch (error) {
      this.logger.warn(`Agent auth limiter unavailable: ${(error as Error).message}`);
      return false;
    }
    return !(keyHash && (await this.authenticatedRecently(keyHash)));
  }

  async recordFailure(ip: string | null): Promise<void> {
    // consume() rejects with the limiter's state once over the limit: that is not an error here.
    await this.failures.consume(ip ?? 'unknown').catch(() => undefined);
  }

  /** The key of `keyHash` was just accepted (never awaited by the handshake). */
  recordSuccess(keyHash: string, now = Date.now()): void {
    const client = this.redis.client;
    if (client) {
      if (client.status !== 'ready') return;
      client.set(RECENT_PREFIX + keyHash, '1', 'EX', RECENT_KEY_SECONDS).catch(() => undefined);
      return;
    }
    const minute = Math.floor(now / 60_000);
    this.recent.set(shortId(keyHash), minute + RECENT_KEY_SECONDS / 60);
    if (now >= this.nextSweep) {
      this.nextSweep = now + 60 * 60 * 1000;
      for (const [known, until] of this.recent) if (until <= minute) this.recent.delete(known);
    }
  }

  private async authenticatedRecently(keyHash: string): Promise<boolean> {
    const client = this.redis.client;
    if (!client) return (this.recent.get(shortId(keyHash)) ?? 0) > Date.now() / 60_000;
    // As the failure counter: an outage answers at once rather than queueing the handshake.
    if (client.status !== 'ready') return false;
    return client.exists(RECENT_PREFIX + keyHash).then(
      (found) => found === 1,
      () => false,
    );
  }
}

/** 28 bits of a key's SHA-256 (hex): an integer V8 stores without allocating. */
const shortId = (keyHash: string) => parseInt(keyHash.slice(0, 7), 16);
