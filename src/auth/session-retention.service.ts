import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';

/** Rows deleted per statement, and statements per run: a large backlog is worked off over runs. */
const BATCH = 5000;
const MAX_BATCHES_PER_RUN = 20;

/**
 * Deletes sessions that ended (logged out, revoked, or expired) more than SESSION_RETENTION ago, so
 * the table holds the live sessions plus a bounded history instead of one row per login forever.
 * Runs at start-up and then every hour (sooner for a short retention); every instance does it, and
 * concurrent runs are harmless (each deletes what is still there).
 */
@Injectable()
export class SessionRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = Math.min(3600, Math.max(1, this.config.sessionRetention / 2)) * 1000;
    this.timer = setInterval(() => void this.purge(), everyMs);
    this.timer.unref();
    void this.purge();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes ended sessions past retention; returns how many. Never throws (retried next run). */
  async purge(): Promise<number> {
    let deleted = 0;
    try {
      for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
        // LEAST skips a NULL revoked_at: a session ends at its revocation or its expiry.
        const [, count] = (await this.dataSource.query(
          `DELETE FROM sessions WHERE id IN (
             SELECT id FROM sessions
             WHERE LEAST(revoked_at, expires_at) < now() - make_interval(secs => $1)
             LIMIT $2)`,
          [this.config.sessionRetention, BATCH],
        )) as [unknown, number];
        deleted += count;
        if (count < BATCH) break;
      }
      if (deleted) this.logger.log(`Purged ${deleted} ended session(s)`);
    } catch (error) {
      this.logger.warn(`Session purge failed (retried later): ${(error as Error).message}`);
    }
    return deleted;
  }
}
