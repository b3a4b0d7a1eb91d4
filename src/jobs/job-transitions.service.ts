import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor, AuditEventInput } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { toJobSummaryDto } from './dto/job.dto.js';
import type { Job, JobStatus } from './job.entity.js';
import { ACTIVE_SQL, jobFromRow, returnedRows } from './job-rows.js';
import { JOB_STATUS_CHANGED, type JobStatusChangedEvent } from './jobs.events.js';

export const SYSTEM: AuditActor = { type: 'system', id: null };
export const agentActor = (keyId: string): AuditActor => ({ type: 'agent', id: keyId });

/**
 * Every change of a job's status, in one place: each is one conditional UPDATE (so of two
 * instances, two deliveries of one message or a result racing a sweep, exactly one wins), its
 * audit event in the same transaction, and the `job_status` announcement after the commit.
 */
@Injectable()
export class JobTransitions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  /** queued → running (the agent accepted it, or already sends output or a result). */
  async start(
    manager: EntityManager,
    jobId: string,
    actor: AuditActor,
    serverId?: string,
  ): Promise<Job | null> {
    const [row] = returnedRows(
      await manager.query(
        `UPDATE jobs SET status = 'running', started_at = now()
          WHERE id = $1 AND status = 'queued' AND ($2::uuid IS NULL OR server_id = $2)
          RETURNING *`,
        [jobId, serverId ?? null],
      ),
    );
    if (!row) return null;
    const job = jobFromRow(row);
    await this.audit.record(manager, event('job.started', job, actor));
    return job;
  }

  /**
   * An active job ends with `status` (the agent's result, or the API's `lost` / `failed`).
   * Returns the job if this call ended it, null if it had ended already (or is not `serverId`'s).
   */
  async finish(
    manager: EntityManager,
    jobId: string,
    end: { status: JobStatus; exitCode?: number | null; error?: string | null },
    actor: AuditActor,
    serverId?: string,
  ): Promise<Job | null> {
    const [row] = returnedRows(
      await manager.query(
        `UPDATE jobs SET status = $2::varchar, exit_code = $3::int, error = $4::varchar,
                finished_at = now(),
                started_at = CASE WHEN $2::varchar IN ('lost', 'cancelled') THEN started_at
                                  ELSE coalesce(started_at, now()) END
          WHERE id = $1 AND ${ACTIVE_SQL} AND ($5::uuid IS NULL OR server_id = $5)
          RETURNING *`,
        [jobId, end.status, end.exitCode ?? null, end.error ?? null, serverId ?? null],
      ),
    );
    if (!row) return null;
    const job = jobFromRow(row);
    const action = job.status === 'lost' ? 'job.lost' : 'job.finished';
    await this.audit.record(manager, event(action, job, actor));
    return job;
  }

  /** Ends many active jobs as `lost` at once (a revoked key; the upkeep's sweep). */
  async loseAll(whereSql: string, params: unknown[], error: string): Promise<Job[]> {
    const lost = await this.db.transaction(async (manager) => {
      const rows = returnedRows(
        await manager.query(
          `UPDATE jobs SET status = 'lost', error = $1::varchar, finished_at = now()
            WHERE id IN (SELECT id FROM jobs WHERE ${ACTIVE_SQL} AND (${whereSql})
                          ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)
              AND ${ACTIVE_SQL}
            RETURNING *`,
          [error, ...params],
        ),
      );
      const jobs = rows.map(jobFromRow);
      for (const job of jobs) await this.audit.record(manager, event('job.lost', job, SYSTEM));
      return jobs;
    });
    lost.forEach((job) => this.announce(job));
    return lost;
  }

  /** `job_status` to the requester, wherever connected (after the change committed). */
  announce(job: Job | null): void {
    if (!job?.requestedBy) return;
    const changed: JobStatusChangedEvent = { userId: job.requestedBy, job: toJobSummaryDto(job) };
    this.events.emit(JOB_STATUS_CHANGED, changed);
  }

  /** job.requested, in the transaction that stores the job. */
  recordRequested(
    manager: EntityManager,
    job: Job,
    actor: AuditActor,
    origin: AuditEventInput['origin'],
  ) {
    return this.audit.record(manager, { ...event('job.requested', job, actor), origin });
  }

  /** job.cancelled: the user asked (the agent's `cancelled` result is a job.finished). */
  recordCancelRequested(
    manager: EntityManager,
    job: Job,
    actor: AuditActor,
    origin: AuditEventInput['origin'],
  ) {
    return this.audit.record(manager, { ...event('job.cancelled', job, actor), origin });
  }
}

function event(action: AuditEventInput['action'], job: Job, actor: AuditActor): AuditEventInput {
  return {
    action,
    actor,
    subject: { type: 'job', id: job.id, name: job.action },
    outcome: ['failed', 'timed_out', 'lost'].includes(job.status) ? 'failure' : 'success',
    ownerIds: job.requestedBy ? [job.requestedBy] : [],
    details: {
      server_id: job.serverId,
      action: job.action,
      params: job.params,
      status: job.status,
      ...(job.exitCode === null ? {} : { exit_code: job.exitCode }),
      ...(job.error ? { error: job.error } : {}),
    },
  };
}
