import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { API_KEY_REVOKED, type ApiKeyRevokedEvent } from '../api-keys/api-key.events.js';
import { AppConfig } from '../config/app-config.js';
import { liveSocketSql } from './job-catalog.service.js';
import { ACTIVE_SQL } from './job-rows.js';
import { JobTransitions } from './job-transitions.service.js';

const SWEEP_MS = 2_000;
/** A job still `queued` this long after it was requested was never accepted (its ack is long overdue). */
const UNACCEPTED_SECONDS = 60;

/**
 * Lost jobs (API.md §13): a job is never `running` forever, and never retried.
 * - A job whose agent socket is gone — disconnected, or its instance stopped beating (died) — is
 *   marked detached; unless an agent's heartbeat lists it again within JOB_LOST_GRACE (30 s), it
 *   ends `lost`. Every instance sweeps; each job is ended by exactly one of them.
 * - A job that stayed `queued` (the instance waiting for the agent's ack died) ends `lost`.
 * - Revoking a key ends the jobs its agents were running as `lost` at once.
 */
@Injectable()
export class JobUpkeepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transitions: JobTransitions,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  @OnEvent(API_KEY_REVOKED)
  async keyRevoked(event: ApiKeyRevokedEvent): Promise<void> {
    // A rotation's old key keeps working through its grace period: its agents are cut (and
    // their jobs detached) when it ends.
    if (event.reason !== 'revoked') return;
    try {
      await this.transitions.loseAll('api_key_id = $2', [event.keyId], 'The API key was revoked');
    } catch (error) {
      this.logger.warn(`Could not end a revoked key's jobs: ${(error as Error).message}`);
    }
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.db.query(
        `UPDATE jobs SET detached_at = now()
          WHERE ${ACTIVE_SQL} AND detached_at IS NULL AND agent_socket_id IS NOT NULL
            AND NOT ${liveSocketSql('jobs.agent_socket_id')}`,
      );
      await this.transitions.loseAll(
        `detached_at < now() - make_interval(secs => $2)`,
        [this.config.jobLostGrace],
        'The agent disconnected and did not report the job again in time',
      );
      await this.transitions.loseAll(
        `status = 'queued' AND created_at < now() - make_interval(secs => $2)`,
        [UNACCEPTED_SECONDS],
        'The agent never accepted the job',
      );
    } catch (error) {
      this.logger.warn(`Job upkeep failed: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }
}
