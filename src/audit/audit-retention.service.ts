import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RetentionPurge } from '../common/retention-purge.js';
import { AppConfig } from '../config/app-config.js';

/**
 * The retention purge: the one way an audit event is ever deleted. Events that happened more than
 * AUDIT_RETENTION ago go, with their readers rows (RetentionPurge: in batches, hourly, on every
 * instance).
 *
 * The append-only trigger (migration 1732300010000) refuses every UPDATE and DELETE unless the
 * transaction has set `audit.purge_before`, and even then deletes only rows older than it: this
 * service sets it to now − AUDIT_RETENTION for its own transaction (set_config(…, true)), so a
 * bug elsewhere, or a DELETE typed by hand, cannot remove a recent event.
 */
@Injectable()
export class AuditRetentionService extends RetentionPurge {
  protected readonly logger = new Logger('Audit');
  protected readonly rows = 'audit event(s) past retention';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected retentionSeconds(): number {
    return this.config.auditRetention;
  }

  protected deleteBatch(limit: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ cutoff }] = (await manager.query(
        `SELECT set_config('audit.purge_before',
                  (now() - make_interval(secs => $1))::text, true) AS cutoff`,
        [this.config.auditRetention],
      )) as { cutoff: string }[];
      const [{ count }] = (await manager.query(
        `WITH gone AS (
           DELETE FROM audit_events
            WHERE id IN (SELECT id FROM audit_events WHERE at < $1::timestamptz
                          ORDER BY at LIMIT $2)
           RETURNING id, at, actor_type, actor_id, subject_type, subject_id, owner_ids),
         readers AS (
           DELETE FROM audit_event_readers r
            USING (SELECT g.id, g.at, x.reader_id FROM gone g CROSS JOIN LATERAL unnest(
                     array_remove(ARRAY[CASE WHEN g.actor_type = 'user' THEN g.actor_id END,
                                        CASE WHEN g.subject_type = 'user' THEN g.subject_id END]
                                  || g.owner_ids, NULL)) AS x(reader_id)) d
            WHERE r.reader_id = d.reader_id AND r.at = d.at AND r.event_id = d.id
           RETURNING 1)
         SELECT (SELECT count(*) FROM gone)::int AS count, (SELECT count(*) FROM readers) AS readers`,
        [cutoff, limit],
      )) as { count: number }[];
      return count;
    });
  }
}
