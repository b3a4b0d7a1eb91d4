import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEventInput } from './audit-event.js';
import { aggregationKey, INSERT_EVENTS_SQL, toAuditRow } from './audit-row.js';

/**
 * How long unchanged events gather before they are written: short enough that a failed login shows
 * up in the log within a second, long enough that a flood of them is one row per window.
 */
export const AUDIT_WINDOW_MS = 500;
/** Distinct runs held before a window is written early (a flood of many addresses or accounts). */
const MAX_PENDING = 1000;
/**
 * Windows waiting for the database at once. Beyond it (the database is far slower than the flood)
 * a window is dropped with a warning, so memory stays bounded: these events describe no change.
 */
const MAX_QUEUED_WRITES = 20;

interface Run {
  event: AuditEventInput;
  at: Date;
  lastAt: Date;
  count: number;
}

/**
 * Writes the audit log. Two ways in, because there are two kinds of event:
 * - `record(manager, event)`: an event caused by a database change, inserted by the caller's
 *   transaction, so the change and its record commit or roll back together;
 * - `recordUnchanged(event)`: an event with no change behind it (a failed login, a refused agent),
 *   never awaited by the request. Such events gather in memory for one window (AUDIT_WINDOW_MS);
 *   repeats (same action, actor, subject, address and outcome) become one run with a count and a
 *   first and last time, and the window is written as one INSERT. Rows are never updated, so
 *   aggregation lives here, not in the table: the append-only trigger has no exception for it.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private pending = new Map<string, Run>();
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private queuedWrites = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await manager.query(INSERT_EVENTS_SQL, [JSON.stringify([toAuditRow(event, undefined)])]);
  }

  recordUnchanged(event: AuditEventInput): void {
    const now = new Date();
    const key = aggregationKey(event);
    const run = this.pending.get(key);
    if (run) {
      run.count += 1;
      run.lastAt = now;
    } else {
      this.pending.set(key, { event, at: now, lastAt: now, count: 1 });
    }
    if (this.pending.size >= MAX_PENDING) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), AUDIT_WINDOW_MS);
  }

  /**
   * Writes the window gathered so far; resolves once it (and any window before it) is written.
   * A failed write is logged and dropped: the events it held described no change, and retrying
   * them while the database is down would only grow memory.
   */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const runs = [...this.pending.values()];
    this.pending = new Map();
    if (runs.length > 0 && this.queuedWrites >= MAX_QUEUED_WRITES) {
      this.logger.warn(`Dropped ${runs.length} unchanged audit event(s): the database is behind`);
    } else if (runs.length > 0) {
      const rows = runs.map((run) => toAuditRow(run.event, run));
      this.queuedWrites++;
      this.writing = this.writing.then(() =>
        this.dataSource
          .query(INSERT_EVENTS_SQL, [JSON.stringify(rows)])
          .then(() => undefined)
          .catch((error: Error) =>
            this.logger.warn(`Could not write ${rows.length} audit event(s): ${error.message}`),
          )
          .finally(() => this.queuedWrites--),
      );
    }
    return this.writing;
  }

  /** Before the database connection closes: the last window is written. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
