import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/**
 * Reconnection while Redis is away: after 50 ms, then 100, 150, then every 200 ms — so an instance
 * is back within a fifth of a second of Redis's return (API.md §7: revocations made during the
 * outage apply within 1 s of it). A handful of connection attempts a second is nothing to Redis.
 */
const retryStrategy = (attempt: number) => Math.min(attempt * 50, 200);

/**
 * The shared Redis connection when `REDIS_URL` is set (several instances), or nothing (one
 * instance: every consumer falls back to in-process state). Consumers that need a connection of
 * their own (Socket.IO's publisher and subscriber) call `duplicate()`, with their own options.
 * An outage is logged once when it starts and once when it ends, and `onRecovered` listeners run
 * whenever a connection comes back after having failed (also at a start made while Redis was down).
 */
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | undefined;
  private readonly connections: Redis[] = [];
  private readonly recoveryListeners: (() => void)[] = [];
  private recoveryScheduled = false;

  /** ioredis is imported only when REDIS_URL is set: a single instance never loads it. */
  static async create(config: AppConfig): Promise<RedisConnection> {
    return new RedisConnection(
      config,
      config.redisUrl ? (await import('ioredis')).Redis : undefined,
    );
  }

  private constructor(config: AppConfig, RedisClient: typeof Redis | undefined) {
    if (!config.redisUrl || !RedisClient) return;
    this.client = this.track(
      new RedisClient(config.redisUrl, {
        maxRetriesPerRequest: 2,
        enableOfflineQueue: true,
        lazyConnect: false,
        retryStrategy,
      }),
      'main',
    );
  }

  duplicate(options: Partial<RedisOptions> = {}, role = 'duplicate'): Redis {
    if (!this.client) throw new Error('REDIS_URL is not configured');
    return this.track(this.client.duplicate(options), role);
  }

  /** Runs `listener` each time a Redis connection is restored (at most once per moment). */
  onRecovered(listener: () => void): void {
    this.recoveryListeners.push(listener);
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
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private track(connection: Redis, role: string): Redis {
    let failed = false;
    // Log the reason without the URL: it may carry a password.
    connection.on('error', (error: Error) => {
      if (failed) return;
      failed = true;
      this.logger.warn(`Redis (${role}) unreachable: ${error.message}`);
    });
    connection.on('ready', () => {
      if (!failed) return;
      failed = false;
      this.logger.log(`Redis (${role}) connection restored`);
      this.recovered();
    });
    this.connections.push(connection);
    return connection;
  }

  private recovered(): void {
    if (this.recoveryScheduled) return;
    this.recoveryScheduled = true;
    setTimeout(() => {
      this.recoveryScheduled = false;
      for (const listener of this.recoveryListeners) listener();
    }, 50).unref();
  }
}

@Global()
@Module({
  providers: [
    { provide: RedisConnection, inject: [AppConfig], useFactory: RedisConnection.create },
  ],
  exports: [RedisConnection],
})
export class RedisModule {}
