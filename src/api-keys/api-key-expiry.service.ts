import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';

const EVERY_MS = 60_000;
/** Any number will do as long as it is only used here: one instance sweeps at a time. */
const SWEEP_LOCK = 727_017;
/** Keys that expired longer ago than this (e.g. while every instance was down) are not recorded. */
const LOOK_BACK = '7 days';

/**
 * `api_key.expired` (API.md §12): a key's expiry is no change anyone makes, so it is noticed.
 * Every minute (and at start-up) one instance records, for each key whose `expires_at` passed
 * without its being revoked first, one event by the system, dated at the expiry, that the
 * server's owner reads. "Not recorded yet" is read from the log itself, under a lock, in the
 * transaction that records it: each expiry is recorded once, whatever the number of instances.
 */
@Injectable()
export class ApiKeyExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ApiKeys');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
    void this.sweep();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Records the expiries not recorded yet; returns how many. Never throws (retried next run). */
  async sweep(): Promise<number> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [{ locked }] = (await manager.query(
          `SELECT pg_try_advisory_xact_lock($1) AS locked`,
          [SWEEP_LOCK],
        )) as { locked: boolean }[];
        if (!locked) return 0;
        const due = (await manager.query(
          `SELECT k.id, k.name, k.prefix, k.server_id, k.expires_at, s.name AS server_name, s.owner_id
             FROM api_keys k JOIN servers s ON s.id = k.server_id
            WHERE k.expires_at <= now() AND k.expires_at > now() - interval '${LOOK_BACK}'
              AND (k.revoked_at IS NULL OR k.revoked_at > k.expires_at)
              AND NOT EXISTS (SELECT 1 FROM audit_events e
                               WHERE e.subject_id = k.id AND e.action = 'api_key.expired')
            ORDER BY k.expires_at LIMIT 500`,
        )) as {
          id: string;
          name: string;
          prefix: string;
          server_id: string;
          expires_at: Date;
          server_name: string;
          owner_id: string;
        }[];
        for (const key of due) {
          await this.audit.record(manager, {
            action: 'api_key.expired',
            actor: SYSTEM_ACTOR,
            subject: { type: 'api_key', id: key.id, name: key.name },
            outcome: 'success',
            details: { prefix: key.prefix, server_id: key.server_id, server_name: key.server_name },
            ownerIds: [key.owner_id],
            at: key.expires_at,
          });
        }
        return due.length;
      });
    } catch (error) {
      this.logger.warn(`API key expiry sweep failed (retried later): ${(error as Error).message}`);
      return 0;
    }
  }
}
