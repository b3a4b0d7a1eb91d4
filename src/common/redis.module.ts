import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/**
 * The shared Redis connection when `REDIS_URL` is set (several instances), or nothing (one
 * instance: every consumer falls back to in-process state). Consumers that need a connection of
 * their own (Socket.IO's subscriber) call `duplicate()`.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | undefined;
  private readonly duplicates: Redis[] = [];

  constructor(config: AppConfig) {
    if (!config.redisUrl) return;
    this.client = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      lazyConnect: false,
    });
    // Log the reason without the URL: it may carry a password.
    this.client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
  }

  duplicate(): Redis {
    if (!this.client) throw new Error('REDIS_URL is not configured');
    const copy = this.client.duplicate();
    copy.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    this.duplicates.push(copy);
    return copy;
  }

  async ping(): Promise<boolean> {
    if (!this.client) return true;
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [this.client, ...this.duplicates].map((c) => c?.quit().catch(() => c.disconnect())),
    );
  }
}

@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
