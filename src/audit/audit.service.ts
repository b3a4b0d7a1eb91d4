import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEventInput } from './audit-event.js';

/**
 * Writes the audit log. Two ways in, because there are two kinds of event:
 * - `record(manager, event)`: an event caused by a database change, inserted by the caller's
 *   transaction, so the change and its record commit or roll back together;
 * - `recordUnchanged(event)`: an event with no change behind it (a failed login, a refused agent),
 *   never awaited by the request, written in batches and aggregated so a flood does not amplify
 *   writes.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await manager.query(INSERT_SQL, parameters(event));
  }

  recordUnchanged(event: AuditEventInput): void {
    this.dataSource.query(INSERT_SQL, parameters(event)).catch(() => undefined);
  }
}

const INSERT_SQL = `
  INSERT INTO audit_events (action, actor_type, actor_id, actor_name, subject_type, subject_id,
                            subject_name, owner_ids, ip, user_agent, outcome, details)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;

function parameters(event: AuditEventInput): unknown[] {
  return [
    event.action,
    event.actor.type,
    event.actor.id,
    event.actor.username ?? null,
    event.subject.type,
    event.subject.id,
    event.subject.name ?? null,
    event.ownerIds ?? [],
    event.origin?.ip?.slice(0, 64) ?? null,
    event.origin?.userAgent?.slice(0, 512) ?? null,
    event.outcome,
    JSON.stringify(event.details ?? {}),
  ];
}
