import {
  type Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Rows deleted per statement, and statements per run: a large backlog is worked off over runs. */
export const PURGE_BATCH = 5000;
const MAX_BATCHES_PER_RUN = 20;

/**
 * A retention purge: rows past a retention period are deleted in batches, at start-up and then
 * every hour (sooner for a short retention), on every instance — concurrent runs are harmless,
 * each deletes what is still there. A subclass says what to delete (`deleteBatch`) and for how long
 * rows are kept (`retentionSeconds`).
 */
export abstract class RetentionPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  protected abstract readonly logger: Logger;
  /** What the log line calls the rows, e.g. "ended session(s)". */
  protected abstract readonly rows: string;
  protected abstract retentionSeconds(): number;
  /** Deletes at most `limit` rows past retention; resolves with how many went. */
  protected abstract deleteBatch(limit: number): Promise<number>;

  onApplicationBootstrap(): void {
    const everyMs = Math.min(3600, Math.max(1, this.retentionSeconds() / 2)) * 1000;
    this.timer = setInterval(() => void this.purge(), everyMs);
    this.timer.unref();
    void this.purge();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes rows past retention; returns how many. Never throws (retried next run). */
  async purge(): Promise<number> {
    let deleted = 0;
    try {
      for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
        const count = await this.deleteBatch(PURGE_BATCH);
        deleted += count;
        if (count < PURGE_BATCH) break;
      }
      if (deleted) this.logger.log(`Purged ${deleted} ${this.rows}`);
    } catch (error) {
      this.logger.warn(`Purge of ${this.rows} failed (retried later): ${(error as Error).message}`);
    }
    return deleted;
  }
}
