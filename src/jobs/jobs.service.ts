import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor, AuditOrigin } from '../audit/audit-event.js';
import type { Principal } from '../common/access.js';
import { page, type Page, type PageQueryDto } from '../common/pagination.js';
import { conflict, notFound, tooManyRequests, unprocessable } from '../common/problem.js';
import { ServerPresence } from '../servers/server-presence.js';
import { ServersService } from '../servers/servers.service.js';
import { type ActionDefinition, MAX_PARAMS_BYTES, paramsProblems } from './action-schema.js';
import { JobCatalog } from './job-catalog.service.js';
import { JobDispatcher } from './job-dispatcher.service.js';
import { JobTransitions } from './job-transitions.service.js';
import type { CreateJobDto } from './dto/create-job.dto.js';
import {
  type ActionListDto,
  type JobDto,
  type JobSummaryDto,
  toJobSummaryDto,
} from './dto/job.dto.js';
import type { Job } from './job.entity.js';
import { ACTIVE_SQL, jobFromRow, returnedRows } from './job-rows.js';

/** At most this many queued or running jobs per server (API.md §13): the next one is a 429. */
export const MAX_ACTIVE_JOBS_PER_SERVER = 4;
/** An Idempotency-Key answers the same job for this long. */
const IDEMPOTENCY_HOURS = 24;
export const AGENT_NOT_CONNECTED = 'Agent not connected';
export const JOB_NOT_ACTIVE = 'Job is not running';

/**
 * Jobs as users see them over HTTP (API.md §13): request, list, read, cancel. Owner only: every
 * lookup is scoped to the caller's servers, so another user's job is simply not found.
 */
@Injectable()
export class JobsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly servers: ServersService,
    private readonly presence: ServerPresence,
    private readonly catalog: JobCatalog,
    private readonly dispatcher: JobDispatcher,
    private readonly transitions: JobTransitions,
  ) {}

  async actions(ownerId: string, serverId: string): Promise<ActionListDto> {
    await this.servers.findOwned(ownerId, serverId);
    return { items: await this.catalog.actionsOf(serverId) };
  }

  /**
   * Checks, in order: the server is the caller's (404); an Idempotency-Key already used for it
   * within 24 h answers that job; the params' size (422); an agent is connected (409); one of its
   * agents declares the action (422) and the params pass its schema (422); fewer than 4 jobs are
   * active (429). Then the job is stored with its audit event, and sent to the agent.
   */
  async create(
    caller: Principal,
    serverId: string,
    body: CreateJobDto,
    idempotencyKey: string | undefined,
    origin: AuditOrigin,
  ): Promise<JobSummaryDto> {
    await this.servers.findOwned(caller.id, serverId);
    if (idempotencyKey) {
      const earlier = await this.byIdempotencyKey(caller.id, serverId, idempotencyKey);
      if (earlier) return toJobSummaryDto(earlier);
    }
    const params = body.params ?? {};
    if (Buffer.byteLength(JSON.stringify(params)) > MAX_PARAMS_BYTES) {
      throw unprocessable([
        {
          type: 'too_long',
          loc: ['body', 'params'],
          msg: `Params should be at most ${MAX_PARAMS_BYTES} bytes as JSON`,
        },
      ]);
    }
    const online = await this.presence.onlineAmong([serverId]);
    if (!online.has(serverId)) throw conflict(AGENT_NOT_CONNECTED);
    const agent = await this.catalog.agentFor(serverId, body.action);
    if (!agent) {
      throw unprocessable([
        {
          type: 'unknown_action',
          loc: ['body', 'action'],
          msg: 'Unknown action',
          input: body.action,
        },
      ]);
    }
    checkParams(agent.action, params);

    const actor: AuditActor = { type: 'user', id: caller.id, username: caller.username };
    const job = await this.db.transaction(async (manager) => {
      // The server's row is the lock every request for it takes turns on: the count is exact.
      await manager.query(`SELECT 1 FROM servers WHERE id = $1 FOR UPDATE`, [serverId]);
      const [{ active }] = await manager.query(
        `SELECT count(*)::int AS active FROM jobs WHERE server_id = $1 AND ${ACTIVE_SQL}`,
        [serverId],
      );
      if (active >= MAX_ACTIVE_JOBS_PER_SERVER) throw tooManyRequests(5);
      if (idempotencyKey) {
        const earlier = await this.byIdempotencyKey(caller.id, serverId, idempotencyKey, manager);
        if (earlier) return { replay: earlier, created: earlier };
        // A key older than 24 h is free again.
        await manager.query(
          `UPDATE jobs SET idempotency_key = NULL
            WHERE requested_by = $1 AND server_id = $2 AND idempotency_key = $3`,
          [caller.id, serverId, idempotencyKey],
        );
      }
      const [row] = await manager.query(
        `INSERT INTO jobs (server_id, requested_by, action, params, timeout_s, idempotency_key,
                           api_key_id, agent_socket_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          serverId,
          caller.id,
          agent.action.name,
          JSON.stringify(params),
          agent.action.timeout_s,
          idempotencyKey ?? null,
          agent.keyId,
          agent.socketId,
        ],
      );
      const created = jobFromRow(row);
      await this.transitions.recordRequested(manager, created, actor, origin);
      return { replay: null, created };
    });
    if (job.replay) return toJobSummaryDto(job.replay);
    this.dispatcher.run(job.created, agent.socketId, agent.keyId);
    return toJobSummaryDto(job.created);
  }

  async list(ownerId: string, serverId: string, query: PageQueryDto): Promise<Page<JobSummaryDto>> {
    await this.servers.findOwned(ownerId, serverId);
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT *, count(*) OVER () AS total FROM jobs WHERE server_id = $1
        ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [serverId, query.limit, query.offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await this.db.query(`SELECT count(*)::int AS n FROM jobs WHERE server_id = $1`, [
              serverId,
            ])
          )[0].n,
        );
    return page(
      rows.map((row) => toJobSummaryDto(jobFromRow(row))),
      total,
      query,
    );
  }

  async get(ownerId: string, jobId: string): Promise<JobDto> {
    const job = await this.findOwned(ownerId, jobId);
    const output: { seq: number; stream: 'stdout' | 'stderr'; data: string }[] =
      await this.db.query(
        `SELECT seq, stream, data FROM job_output WHERE job_id = $1 ORDER BY seq`,
        [jobId],
      );
    return { ...toJobSummaryDto(job), output };
  }

  /**
   * Asks the agent to stop the job (API.md §13: SIGTERM, then SIGKILL after 5 s); its result says
   * `cancelled`. A job the agent has not accepted yet ends `cancelled` here and now. 409 once the
   * job has ended.
   */
  async cancel(caller: Principal, jobId: string, origin: AuditOrigin): Promise<JobSummaryDto> {
    const actor: AuditActor = { type: 'user', id: caller.id, username: caller.username };
    const { job, ended } = await this.db.transaction(async (manager) => {
      const found = await this.findOwned(caller.id, jobId, manager, true);
      if (found.status !== 'queued' && found.status !== 'running') throw conflict(JOB_NOT_ACTIVE);
      await this.transitions.recordCancelRequested(manager, found, actor, origin);
      const ended =
        found.status === 'queued'
          ? await this.transitions.finish(manager, jobId, { status: 'cancelled' }, actor)
          : null;
      return { job: found, ended };
    });
    this.dispatcher.cancel(job);
    this.transitions.announce(ended);
    return toJobSummaryDto(ended ?? job);
  }

  private async findOwned(
    ownerId: string,
    jobId: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<Job> {
    const [row] = await manager.query(
      `SELECT j.* FROM jobs j JOIN servers s ON s.id = j.server_id
        WHERE j.id = $1 AND s.owner_id = $2 ${lock ? 'FOR UPDATE OF j' : ''}`,
      [jobId, ownerId],
    );
    if (!row) throw notFound();
    return jobFromRow(row);
  }

  private async byIdempotencyKey(
    ownerId: string,
    serverId: string,
    key: string,
    manager: EntityManager = this.db.manager,
  ): Promise<Job | null> {
    const rows = returnedRows(
      await manager.query(
        `SELECT * FROM jobs WHERE requested_by = $1 AND server_id = $2 AND idempotency_key = $3
            AND created_at > now() - make_interval(hours => $4)`,
        [ownerId, serverId, key, IDEMPOTENCY_HOURS],
      ),
    );
    return rows[0] ? jobFromRow(rows[0]) : null;
  }
}

/** The params against the action's schema: one 422 item per problem, at body.params.<name>. */
function checkParams(action: ActionDefinition, params: Record<string, unknown>): void {
  const problems = paramsProblems(action.params, params);
  if (problems.length === 0) return;
  throw unprocessable(
    problems.map((problem) => ({
      type: `json_schema.${problem.keyword}`,
      loc: ['body', 'params', ...problem.path],
      msg: problem.message,
      ...(problem.value === undefined ? {} : { input: problem.value }),
    })),
  );
}
