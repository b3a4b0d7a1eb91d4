import { Injectable, Logger } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { RedisConnection } from '../common/redis.module.js';
import { AppConfig } from '../config/app-config.js';

const WINDOW_SECONDS = 60;

/**
 * API.md §7 v1.1: failed agent authentications per client IP, AGENT_AUTH_FAILURE_LIMIT a minute.
 * Checked before any database lookup. Shared through Redis when configured; while Redis is away
 * (or not ready yet) each instance counts in memory instead of failing or waiting.
 */
@Injectable()
export class AgentAuthLimiter {
  private readonly logger = new Logger('Agents');
  private readonly failures: RateLimiterAbstract;

  constructor(
    private readonly config: AppConfig,
    redis: RedisConnection,
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

  async isBlocked(ip: string | null): Promise<boolean> {
    try {
      const state = await this.failures.get(ip ?? 'unknown');
      return state !== null && state.consumedPoints >= this.config.agentAuthFailureLimit;
    } catch (error) {
      this.logger.warn(`Agent auth limiter unavailable: ${(error as Error).message}`);
      return false;
    }
  }

  async recordFailure(ip: string | null): Promise<void> {
    // consume() rejects with the limiter's state once over the limit: that is not an error here.
    await this.failures.consume(ip ?? 'unknown').catch(() => undefined);
  }
}
