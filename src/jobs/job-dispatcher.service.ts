import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Namespace } from 'socket.io';
import { DataSource } from 'typeorm';
import { agentActor, JobTransitions, SYSTEM } from './job-transitions.service.js';
import type { Job } from './job.entity.js';

/** How long an agent has to acknowledge `job_run` / `job_cancel`. */
export const AGENT_ACK_MS = 10_000;

/** The agent's answer to job_run. */
interface RunAck {
  status?: unknown;
  message?: unknown;
}

/**
 * API → agent (API.md §13): `job_run` and `job_cancel` go to the one agent socket chosen for the
 * job, on whichever instance holds it — each socket is in a room of its own id, which the
 * Socket.IO adapter (Redis) reaches on every instance — and wait for its acknowledgement. The
 * /agents namespace is handed over by the gateway at start-up (`bind`).
 */
@Injectable()
export class JobDispatcher {
  private readonly logger = new Logger('Jobs');
  private namespace?: Namespace;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transitions: JobTransitions,
  ) {}

  bind(namespace: Namespace): void {
    this.namespace = namespace;
  }

  /**
   * Sends the job to its agent. "accepted" makes it `running`; a refusal makes it `failed` (the
   * agent's reason in `error`); no answer in time makes it `lost` — the agent may have started it,
   * and nothing is retried behind the user's back.
   */
  run(job: Job, socketId: string, keyId: string): void {
    const payload = {
      job_id: job.id,
      action: job.action,
      params: job.params,
      timeout_s: job.timeoutS,
    };
    if (!this.namespace) {
      void this.settle(job.id, keyId, undefined, 'The agent could not be reached');
      return;
    }
    this.namespace
      .to(socketId)
      .timeout(AGENT_ACK_MS)
      .emit('job_run', payload, (error: Error | null, answers: RunAck[]) => {
        const answer = answers?.[0];
        const problem = answer
          ? undefined
          : error
            ? 'The agent did not accept the job in time'
            : 'The agent could not be reached';
        void this.settle(job.id, keyId, answer, problem);
      });
  }

  /** Tells the agent holding the job to stop it (SIGTERM, then SIGKILL after 5 s). */
  cancel(job: Job): void {
    if (!this.namespace || !job.agentSocketId) return;
    this.namespace
      .to(job.agentSocketId)
      .timeout(AGENT_ACK_MS)
      .emit('job_cancel', { job_id: job.id }, () => undefined);
  }

  /**
   * The job was cancelled while its job_run was on the way (its job_cancel may have reached the
   * agent first, for a job it did not know yet): tell the agent again, now that it runs it.
   */
  private async stopIfCancelled(jobId: string): Promise<void> {
    const [row] = await this.db.query(
      `SELECT id, status, agent_socket_id FROM jobs WHERE id = $1`,
      [jobId],
    );
    if (row?.status === 'cancelled')
      this.cancel({ id: row.id, agentSocketId: row.agent_socket_id } as Job);
  }

  private async settle(
    jobId: string,
    keyId: string,
    answer: RunAck | undefined,
    problem: string | undefined,
  ): Promise<void> {
    try {
      const job = await this.db.transaction(async (manager) => {
        if (answer?.status === 'accepted')
          return this.transitions.start(manager, jobId, agentActor(keyId));
        const message =
          problem ??
          `The agent refused the job: ${typeof answer?.message === 'string' ? answer.message.slice(0, 150) : 'no reason given'}`;
        return this.transitions.finish(
          manager,
          jobId,
          { status: answer ? 'failed' : 'lost', error: message },
          answer ? agentActor(keyId) : SYSTEM,
        );
      });
      this.transitions.announce(job);
      if (answer?.status === 'accepted' && !job) await this.stopIfCancelled(jobId);
    } catch (error) {
      // The upkeep's sweep ends a job left queued (API.md §13: never running forever).
      this.logger.warn(`Could not record the agent's answer to a job: ${(error as Error).message}`);
    }
  }
}
