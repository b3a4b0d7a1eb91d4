import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RetentionPurge } from '../common/retention-purge.js';
import { AppConfig } from '../config/app-config.js';

/**
 * Deletes sessions that ended (logged out, revoked, or expired) more than SESSION_RETENTION ago, so
 * the table holds the live sessions plus a bounded history instead of one row per login forever.
 */
@Injectable()
export class SessionRetentionService extends RetentionPurge {
  protected readonly logger = new Logger('Sessions');
  protected readonly rows = 'ended session(s)';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected retentionSeconds(): number {
    return this.config.sessionRetention;
  }

  protected async deleteBatch(limit: number): Promise<number> {
    // LEAST skips a NULL revoked_at: a session ends at its revocation or its expiry.
    const [, count] = (await this.dataSource.query(
      `DELETE FROM sessions WHERE id IN (
         SELECT id FROM sessions
         WHERE LEAST(revoked_at, expires_at) < now() - make_interval(secs => $1)
         LIMIT $2)`,
      [this.config.sessionRetention, limit],
    )) as [unknown, number];
    return count;
  }
}
