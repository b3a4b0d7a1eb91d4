import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Namespace } from 'socket.io';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/uuid-param.js';
import type { CapabilitiesMessage, JobOutputMessage, JobResultMessage } from './job-protocol.js';
import { JobCatalog } from './job-catalog.service.js';
import { JobDispatcher } from './job-dispatcher.service.js';
import { ACTIVE_SQL, jobFromRow } from './job-rows.js';
import { agentActor, JobTransitions } from './job-transitions.service.js';
import { JOB_OUTPUT_RECEIVED, type JobOutputReceivedEvent } from './jobs.events.js';

/** A job keeps at most this much output (API.md §13); the rest is dropped and `truncated` set. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;
/** Job ids a heartbeat may list. */
const MAX_RUNNING_IDS = 100;

/** The authenticated agent a message came from (the gateway's socket.data.agent). */
export interface SendingAgent {
  keyId: string;
  serverId: string;
}

/**
 * What agents say about jobs on /agents (API.md §13), behind the gateway's thin handlers: the
 * catalog, output, results, and the running jobs their heartbeats list. Every message is
 * acknowledged; a repeated one (same seq, a second result) changes nothing and is acknowledged
 * the same, so an agent that retries until acknowledged stores exactly one of each.
 */
@Injectable()
export class JobAgentService {
  private readonly logger = new Logger('Jobs');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalog: JobCatalog,
    private readonly dispatcher: JobDispatcher,
    private readonly transitions: JobTransitions,
    private readonly events: EventEmitter2,
  ) {}

  /** The gateway hands over /agents at start-up (job_run and job_cancel go through it). */
  bind(namespace: Namespace): void {
    this.dispatcher.bind(namespace);
  }

  async capabilities(socketId: string, agent: SendingAgent, body: CapabilitiesMessage) {
    await this.catalog.declare(socketId, agent, body.actions);
    return { type: 'capabilities_ack', actions: body.actions.length };
  }

  /**
   * Stores a chunk unless its seq is already stored, keeping the job's output within
   * OUTPUT_CAP_BYTES (the part that fits is kept, then `truncated`), and relays what was stored
   * to the requester's /events.
   */
  async output(agent: SendingAgent, body: JobOutputMessage) {
    const ack = { type: 'job_output_ack', job_id: body.job_id, seq: body.seq };
    const outcome = await this.db.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT * FROM jobs WHERE id = $1 AND server_id = $2 FOR UPDATE`,
        [body.job_id, agent.serverId],
      );
      if (!row) return null;
      const started = await this.transitions.start(
        manager,
        body.job_id,
        agentActor(agent.keyId),
        agent.serverId,
      );
      const job = started ?? jobFromRow(row);
      const room = OUTPUT_CAP_BYTES - job.outputBytes;
      const data = room > 0 ? fitting(body.data, room) : '';
      const cut = data.length < body.data.length;
      if (data === '' && body.data !== '') {
        if (cut && !job.truncated)
          await manager.query(`UPDATE jobs SET truncated = true WHERE id = $1`, [job.id]);
        return { started, stored: null };
      }
      const inserted: unknown[] = await manager.query(
        `INSERT INTO job_output (job_id, seq, stream, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING seq`,
        [job.id, body.seq, body.stream, data],
      );
      if (inserted.length === 0) return { started, stored: null };
      await manager.query(
        `UPDATE jobs SET output_bytes = output_bytes + $2, truncated = truncated OR $3
          WHERE id = $1`,
        [job.id, Buffer.byteLength(data), cut],
      );
      return { started, stored: { job, data } };
    });
    if (outcome) {
      this.transitions.announce(outcome.started);
      const stored = outcome.stored;
      if (stored?.job.requestedBy) {
        const relayed: JobOutputReceivedEvent = {
          userId: stored.job.requestedBy,
          output: {
            job_id: stored.job.id,
            server_id: stored.job.serverId,
            seq: body.seq,
            stream: body.stream,
            data: stored.data,
          },
        };
        this.events.emit(JOB_OUTPUT_RECEIVED, relayed);
      }
    }
    return ack;
  }

  /** The one result of a job: the first one ends it, any later one is acknowledged and ignored. */
  async result(agent: SendingAgent, body: JobResultMessage) {
    const actor = agentActor(agent.keyId);
    const ended = await this.db.transaction(async (manager) => {
      await this.transitions.start(manager, body.job_id, actor, agent.serverId);
      const finished = await this.transitions.finish(
        manager,
        body.job_id,
        { status: body.status, exitCode: body.exit_code },
        actor,
        agent.serverId,
      );
      return finished;
    });
    this.transitions.announce(ended);
    return { type: 'job_result_ack', job_id: body.job_id };
  }

  /**
   * A heartbeat's `running_jobs`: the agent still runs these, through this socket now (after a
   * reconnection, perhaps to another instance), so they are no longer waiting to be lost.
   * Entries that are not job ids are ignored: the heartbeat itself is the gateway's to check.
   */
  heartbeat(socketId: string, agent: SendingAgent, payload: unknown): void {
    const listed = (payload as { running_jobs?: unknown } | undefined)?.running_jobs;
    if (!Array.isArray(listed) || listed.length === 0) return;
    const ids = listed.filter(isUuid).slice(0, MAX_RUNNING_IDS);
    if (ids.length === 0) return;
    this.db
      .query(
        `UPDATE jobs SET agent_socket_id = $1, api_key_id = $2, detached_at = NULL
          WHERE id = ANY($3::uuid[]) AND server_id = $4 AND ${ACTIVE_SQL}`,
        [socketId, agent.keyId, ids, agent.serverId],
      )
      .catch((error: Error) =>
        this.logger.warn(`Could not record an agent's running jobs: ${error.message}`),
      );
  }
}

/** The longest prefix of `text` that is at most `bytes` bytes of UTF-8 (never half a character). */
export function fitting(text: string, bytes: number): string {
  const buffer = new Uint8Array(bytes);
  const { read } = new TextEncoder().encodeInto(text, buffer);
  return text.slice(0, read);
}
