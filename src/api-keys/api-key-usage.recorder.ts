import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Records `last_used_at` without a database write per authentication: uses are remembered in
 * memory (latest time per key) and written in one batched UPDATE every minute, so each key is
 * written at most once per FLUSH_INTERVAL_MS. Pending uses are written on shutdown too.
 */
@Injectable()
export class ApiKeyUsageRecorder implements OnModuleDestroy {
  static readonly FLUSH_INTERVAL_MS = 60_000;
  private readonly logger = new Logger('ApiKeyUsage');
  /** Key id → epoch milliseconds: a number is ~16 bytes where a Date is ~90, times a fleet's keys. */
  private pending = new Map<string, number>();
  // unref(): a pending flush must never keep the process (or a test run) alive.
  private readonly timer = setInterval(
    () => void this.flush(),
    ApiKeyUsageRecorder.FLUSH_INTERVAL_MS,
  ).unref();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  touch(keyId: string, at: Date | number): void {
    this.pending.set(keyId, typeof at === 'number' ? at : at.getTime());
  }

  /** Writes every pending use in one statement; never moves a stored time backwards. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.dataSource.query(
        `UPDATE api_keys AS k SET last_used_at = u.used_at
           FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, used_at)
          WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)`,
        [[...batch.keys()], [...batch.values()].map((at) => new Date(at).toISOString())],
      );
    } catch (error) {
      // Usage times are informative only: keep the newest for the next attempt and carry on.
      for (const [keyId, at] of batch) if (!this.pending.has(keyId)) this.pending.set(keyId, at);
      this.logger.warn(`Could not record API key usage: ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
