import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgentSessionsService } from '../agent-sessions.service.js';
import { InstanceIdentity } from './instance-identity.js';
import { INSTANCE_BEAT_MS, INSTANCE_TTL_SECONDS } from './presence.sql.js';
import { PresenceService } from './presence.service.js';

/**
 * Keeps this instance's app_instances row fresh, and cleans up after instances that died without
 * saying so: their connections already stopped counting (presence.sql.ts); the sweep deletes them
 * and tells owners of servers left without an agent that those went offline. Every instance sweeps;
 * DELETE … RETURNING hands each dead row to exactly one of them. Each beat also retries failed
 * removals and corrects announced statuses that disagree with the rows.
 *
 * On shutdown (inside app.close(), while the database is still open) it releases the instance's
 * agents: every Socket.IO connection is closed at the transport level — no `disconnect` packet —
 * so socket.io-client and the agent CLI reconnect by themselves, through the load balancer, to
 * another instance; then this instance's rows go, and its servers left without an agent are
 * announced offline on every instance.
 */
@Injectable()
export class InstanceLivenessService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly instance: InstanceIdentity,
    private readonly presence: PresenceService,
    private readonly sessions: AgentSessionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.tick(), INSTANCE_BEAT_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.presence.stop();
    this.sessions.closeAllTransports();
    try {
      // TypeORM answers a DELETE … RETURNING with [rows, affected count].
      const [gone]: [{ server_id: string }[], number] = await this.db.query(
        `DELETE FROM agent_connections WHERE instance_id = $1 RETURNING server_id`,
        [this.instance.id],
      );
      await this.db.query(`DELETE FROM app_instances WHERE id = $1`, [this.instance.id]);
      await this.presence.settle(
        gone.map((row) => row.server_id),
        false,
      );
    } catch (error) {
      // Never block a shutdown: the other instances' sweep will do this after the TTL.
      this.logger.warn(`Could not deregister this instance: ${(error as Error).message}`);
    }
  }

  private async tick(): Promise<void> {
    try {
      if (await this.beat()) {
        this.logger.warn('This instance had been taken for dead; re-registering its agents');
        await this.presence.restore(this.sessions.localAgents());
      }
      await this.presence.retryRemovals();
      await this.sweep();
      await this.presence.reconcile();
      this.presence.forgetStaleWrites();
    } catch (error) {
      this.logger.warn(`Presence upkeep failed: ${(error as Error).message}`);
    }
  }

  /** True when our row had to be created again (another instance swept us during a stall). */
  private async beat(): Promise<boolean> {
    const rows: { created: boolean }[] = await this.db.query(
      `INSERT INTO app_instances (id) VALUES ($1)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
       RETURNING (xmax = 0) AS created`,
      [this.instance.id],
    );
    return this.timer !== undefined && rows[0]?.created === true;
  }

  private async sweep(): Promise<void> {
    const stale = `now() - interval '${INSTANCE_TTL_SECONDS} seconds'`;
    const [gone]: [{ server_id: string }[], number] = await this.db.query(
      `DELETE FROM agent_connections ac USING app_instances ai
       WHERE ai.id = ac.instance_id AND ai.heartbeat_at < ${stale} RETURNING ac.server_id`,
    );
    await this.db.query(`DELETE FROM app_instances WHERE heartbeat_at < ${stale}`);
    await this.presence.settle(
      gone.map((row) => row.server_id),
      true,
    );
  }
}
