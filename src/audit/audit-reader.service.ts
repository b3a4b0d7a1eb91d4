import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ADMIN_REQUIRED, type Principal } from '../common/access.js';
import { page, type Page } from '../common/pagination.js';
import { forbidden } from '../common/problem.js';
import {
  AUDIT_COLUMNS,
  type AuditEventDto,
  type AuditEventRow,
  toAuditEventDto,
} from './dto/audit-event.dto.js';
import type { AuditFilterDto, AuditQueryDto } from './dto/audit-query.dto.js';

/** Rows read per round trip while exporting: the export holds one batch at a time. */
const EXPORT_BATCH = 1000;

/** Which rows a view walks: a user's own (through their readers rows), or everyone's. */
interface Scope {
  /** The table walked, its alias's time and id columns, and the conditions, with parameters. */
  from: string;
  at: string;
  id: string;
  where: string[];
  params: unknown[];
  /** What a count reads: the readers rows alone when no condition names an event column. */
  countFrom: string;
}

/**
 * Reads the audit log (API.md §12). A user sees the events that name them as actor or subject and
 * those of their servers (audit_event_readers, written with each event); an admin may read
 * everyone's (`all`), or filter on any actor or subject.
 */
@Injectable()
export class AuditReaderService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(caller: Principal, query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    const scope = this.scope(caller, query, false);
    const where = scope.where.length ? `WHERE ${scope.where.join(' AND ')}` : '';
    const n = scope.params.length;
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT ${AUDIT_COLUMNS} FROM ${scope.from} ${where}
          ORDER BY ${scope.at} DESC, ${scope.id} DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...scope.params, query.limit, query.offset],
      ) as Promise<AuditEventRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM ${scope.countFrom} ${where}`,
        scope.params,
      ) as Promise<{ total: number }[]>,
    ]);
    return page(rows.map(toAuditEventDto), counted[0].total, query);
  }

  /**
   * The filtered log, oldest first, one event at a time, read in batches by key (time, id) so the
   * export holds one batch whatever its size. Users export their own events; admins everyone's.
   * Events written after the export began are left out (`until` is capped at its start).
   */
  export(caller: Principal, filter: AuditFilterDto): AsyncGenerator<AuditEventDto> {
    // The scope first: a 403 must be answered before the stream (and its 200) begins.
    return this.walk(this.scope(caller, filter, true));
  }

  private async *walk(scope: Scope): AsyncGenerator<AuditEventDto> {
    const [{ now }] = (await this.dataSource.query(
      `SELECT statement_timestamp()::text AS now`,
    )) as {
      now: string;
    }[];
    const n = scope.params.length;
    const where = [
      ...scope.where,
      `${scope.at} < $${n + 1}::timestamptz`,
      `(${scope.at}, ${scope.id}) > ($${n + 2}::timestamptz, $${n + 3}::uuid)`,
    ].join(' AND ');
    let after = ['-infinity', '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT ${AUDIT_COLUMNS}, ${scope.at}::text AS key_at, ${scope.id} AS key_id
           FROM ${scope.from} WHERE ${where}
          ORDER BY ${scope.at}, ${scope.id} LIMIT ${EXPORT_BATCH}`,
        [...scope.params, now, ...after],
      )) as (AuditEventRow & { key_at: string; key_id: string })[];
      for (const row of rows) yield toAuditEventDto(row);
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1];
      after = [last.key_at, last.key_id];
    }
  }

  /** The rows a caller may read with these filters; 403 for a non-admin using admin filters. */
  private scope(caller: Principal, filter: AuditFilterDto, exporting: boolean): Scope {
    const adminFilter =
      filter.all === true || filter.actor !== undefined || filter.subject !== undefined;
    if (adminFilter && !caller.isAdmin) throw forbidden(ADMIN_REQUIRED);
    const everyone = adminFilter || (exporting && caller.isAdmin);
    const scope: Scope = everyone
      ? { from: 'audit_events e', at: 'e.at', id: 'e.id', where: [], params: [], countFrom: '' }
      : {
          from: 'audit_event_readers r JOIN audit_events e ON e.id = r.event_id',
          at: 'r.at',
          id: 'r.event_id',
          where: ['r.reader_id = $1'],
          params: [caller.id],
          countFrom: 'audit_event_readers r',
        };
    const add = (condition: (p: string) => string, value: unknown) => {
      scope.params.push(value);
      scope.where.push(condition(`$${scope.params.length}`));
    };
    // The readers row carries the action and time too: a user's filtered page reads one index.
    const table = everyone ? 'e' : 'r';
    if (filter.actor) add((p) => `e.actor_id = ${p}::uuid`, filter.actor);
    if (filter.subject) add((p) => `e.subject_id = ${p}::uuid`, filter.subject);
    if (filter.server) {
      add(
        (p) => `(e.subject_id = ${p}::uuid OR e.details->>'server_id' = ${p}::uuid::text)`,
        filter.server,
      );
    }
    if (filter.action) {
      // `_` is a LIKE wildcard: a kind matches only what it names.
      add(
        (p) => `(${table}.action = ${p} OR ${table}.action LIKE replace(${p}, '_', '\\_') || '.%')`,
        filter.action,
      );
    }
    if (filter.since) add((p) => `${scope.at} >= ${p}::timestamptz`, filter.since);
    if (filter.until) add((p) => `${scope.at} < ${p}::timestamptz`, filter.until);
    if (everyone || scope.where.some((condition) => /\be\./.test(condition))) {
      scope.countFrom = scope.from;
    }
    return scope;
  }
}
