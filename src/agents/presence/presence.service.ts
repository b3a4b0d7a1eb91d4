import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgentInfo } from '../../servers/server.entity.js';
import type { AgentInfoMessage } from '../agent-protocol.js';
import type { AuthenticatedAgent } from '../agent-socket.js';
import { Batcher } from '../../common/batcher.js';
import { InstanceIdentity } from './instance-identity.js';
import { SERVER_STATUS_CHANGED, type ServerStatusChangedEvent } from './presence.events.js';
import {
  JOIN_SQL,
  LEAVE_SQL,
  PRESENT_SQL,
  RECONCILE_SQL,
  SETTLE_SQL,
  type StatusRow,
} from './presence.sql.js';

/** API.md §7: last_seen_at writes are batched to at most one per server per 15 s. */
export const LAST_SEEN_WRITE_INTERVAL_SECONDS = 15;

/** PostgreSQL 40P01: two batches locked the same flags in crossing order; one is retried. */
const DEADLOCK = '40P01';

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface Joining {
  socketId: string;
  agent: AuthenticatedAgent;
}

interface Presenting {
  socketId: string;
  keyHash: string;
  connectedAt: number;
  ip: string | null;
}

/** What the handshake statement found for a presented key (undefined: no such key). */
export interface PresentedKey {
  keyId: string;
  serverId: string;
  /** The server's owner (who reads its agents' audit events). */
  ownerId: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  /** The socket's row was written: the key was valid in that statement's snapshot. */
  recorded: boolean;
}

/**
 * The rules of presence: which agent sockets count, when a server changes status (and who hears of
 * it), and how often last_seen_at is written. Sockets joining or leaving at the same moment are
 * written together, one statement per batch (presence.sql.ts), with no lock held across round
 * trips. A removal that fails (the database blinked) is kept and retried by the upkeep, so no row
 * outlives its socket.
 */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger('Presence');
  private readonly lastWrite = new Map<string, number>();
  private readonly joins = new Batcher<Joining, boolean>((items) => this.joinBatch(items), {
    maxBatch: 1000,
    maxInFlight: 2,
  });
  /**
   * One handshake statement at a time: while it runs, the next batch gathers. Measured at 16
   * concurrent handshakes (issue #10), two in flight meant smaller batches (4.4 sockets instead of
   * 5.7), more PostgreSQL CPU per socket on the two cores everything shares, and 8–10 % fewer
   * handshakes a second.
   */
  private readonly presentations = new Batcher<Presenting, PresentedKey | undefined>(
    (items) => this.presentBatch(items),
    { maxBatch: 1000, maxInFlight: 1 },
  );
  private readonly leaves = new Batcher<string, void>((ids) => this.leaveBatch(ids), {
    maxBatch: 1000,
    maxInFlight: 2,
  });
  private unremoved = new Set<string>();
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly instance: InstanceIdentity,
    private readonly events: EventEmitter2,
  ) {}

  /** Records an authenticated socket; false when its key no longer admits it (or its server is gone). */
  join(socketId: string, agent: AuthenticatedAgent): Promise<boolean> {
    if (this.stopped) return Promise.resolve(true);
    return this.joins.add({ socketId, agent });
  }

  /**
   * The handshake in one statement: looks the presented key up by its hash and, if it is valid
   * in that snapshot, records the socket. Sockets presenting keys at the same moment share it.
   */
  present(
    socketId: string,
    keyHash: string,
    connectedAt: number,
    ip: string | null,
  ): Promise<PresentedKey | undefined> {
    return this.presentations.add({ socketId, keyHash, connectedAt, ip });
  }

  /** Removes a socket's row. Never rejects: a failed removal is retried by `retryRemovals`. */
  async leave(socketId: string): Promise<void> {
    if (this.stopped) return;
    await this.leaves.add(socketId).catch((error: Error) => {
      this.unremoved.add(socketId);
      this.logger.warn(`Presence removal failed, will retry: ${error.message}`);
    });
  }

  /** Stores what the agent reported about itself on its server (shown by the servers API). */
  async recordAgentInfo(agent: AuthenticatedAgent, info: AgentInfoMessage): Promise<void> {
    const connectedAt = new Date(agent.connectedAt).toISOString();
    const stored: AgentInfo = { ...info, connected_at: connectedAt, ip: agent.ip };
    await this.db.query(`UPDATE servers SET agent = $2::jsonb WHERE id = $1`, [
      agent.serverId,
      JSON.stringify(stored),
    ]);
  }

  /** A heartbeat: refreshes last_seen_at, at most once per interval per server (per instance, and in SQL). */
  heartbeat(serverId: string): void {
    const last = this.lastWrite.get(serverId);
    if (last !== undefined && Date.now() - last < LAST_SEEN_WRITE_INTERVAL_SECONDS * 1000) return;
    this.lastWrite.set(serverId, Date.now());
    // Not awaited: the agent's ack must not wait on the database; a lost write is retried next beat.
    this.db
      .query(
        `UPDATE servers SET last_seen_at = now()
          WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - make_interval(secs => $2))`,
        [serverId, LAST_SEEN_WRITE_INTERVAL_SECONDS],
      )
      .catch((error: Error) => {
        this.lastWrite.delete(serverId);
        this.logger.warn(`last_seen_at update failed: ${error.message}`);
      });
  }

  /**
   * After connections vanished without their sockets saying so (a swept instance, our shutdown):
   * announces the servers left without a live agent — all of them with `reportAll`, else only
   * those whose announced status flips.
   */
  async settle(serverIds: string[], reportAll: boolean): Promise<void> {
    if (serverIds.length === 0) return;
    const rows: StatusRow[] = await this.retried(() =>
      this.db.query(SETTLE_SQL, [[...new Set(serverIds)], reportAll]),
    );
    for (const row of rows) this.announce(row, 'offline');
  }

  /** Corrects announced statuses that disagree with the rows (an instance died, a lost race). */
  async reconcile(): Promise<void> {
    const rows: (StatusRow & { online: boolean })[] = await this.db.query(RECONCILE_SQL);
    for (const row of rows) this.announce(row, row.online ? 'online' : 'offline');
  }

  /** Retries removals that failed; called by the upkeep every few seconds. */
  async retryRemovals(): Promise<void> {
    if (this.unremoved.size === 0 || this.stopped) return;
    const ids = [...this.unremoved];
    this.unremoved = new Set();
    try {
      await this.leaveBatch(ids);
    } catch (error) {
      ids.forEach((id) => this.unremoved.add(id));
      throw error;
    }
  }

  /** Puts this instance's sockets back after our instance row was swept (e.g. a long stall). */
  async restore(sockets: Iterable<[string, AuthenticatedAgent]>): Promise<void> {
    const items = [...sockets].map(([socketId, agent]) => ({ socketId, agent }));
    for (let i = 0; i < items.length; i += 1000) await this.joinBatch(items.slice(i, i + 1000));
  }

  /** Shutdown: this instance's rows are removed wholesale; sockets closing meanwhile are moot. */
  stop(): void {
    this.stopped = true;
  }

  /** Drops throttle entries that can no longer suppress a write. */
  forgetStaleWrites(): void {
    const horizon = Date.now() - LAST_SEEN_WRITE_INTERVAL_SECONDS * 1000;
    for (const [serverId, at] of this.lastWrite) if (at < horizon) this.lastWrite.delete(serverId);
  }

  private async joinBatch(items: Joining[]): Promise<boolean[]> {
    const rows: (StatusRow & { socket_id: string; came_online: boolean })[] = await this.retried(
      () =>
        this.hot('agent_presence_join', JOIN_SQL, [
          this.instance.id,
          items.map((i) => i.socketId),
          items.map((i) => i.agent.serverId),
          items.map((i) => i.agent.keyId),
          items.map((i) => new Date(i.agent.connectedAt).toISOString()),
          items.map((i) => i.agent.ip),
        ]),
    );
    const joined = new Set<string>();
    const announced = new Set<string>();
    for (const row of rows) {
      joined.add(row.socket_id);
      this.lastWrite.set(row.server_id, Date.now());
      if (row.came_online && !announced.has(row.server_id)) {
        announced.add(row.server_id);
        this.announce(row, 'online');
      }
    }
    return items.map((item) => joined.has(item.socketId));
  }

  private async presentBatch(items: Presenting[]): Promise<(PresentedKey | undefined)[]> {
    type Row = StatusRow & {
      socket_id: string;
      key_id: string;
      revoked_at: Date | null;
      expires_at: Date | null;
      recorded: boolean;
      came_online: boolean;
    };
    const rows = await this.retried(() =>
      this.hot<Row>('agent_presence_present', PRESENT_SQL, [
        this.instance.id,
        items.map((i) => i.socketId),
        items.map((i) => i.keyHash),
        items.map((i) => new Date(i.connectedAt).toISOString()),
        items.map((i) => i.ip),
      ]),
    );
    const bySocket = new Map<string, PresentedKey>();
    const announced = new Set<string>();
    for (const row of rows) {
      bySocket.set(row.socket_id, {
        keyId: row.key_id,
        serverId: row.server_id,
        ownerId: row.owner_id,
        revokedAt: row.revoked_at,
        expiresAt: row.expires_at,
        recorded: row.recorded,
      });
      if (!row.recorded) continue;
      this.lastWrite.set(row.server_id, Date.now());
      if (row.came_online && !announced.has(row.server_id)) {
        announced.add(row.server_id);
        this.announce(row, 'online');
      }
    }
    return items.map((item) => bySocket.get(item.socketId));
  }

  private async leaveBatch(socketIds: string[]): Promise<void[]> {
    const rows: StatusRow[] = await this.retried(() =>
      this.hot('agent_presence_leave', LEAVE_SQL, [socketIds]),
    );
    for (const row of rows) this.announce(row, 'offline');
    return socketIds.map(() => undefined);
  }

  /**
   * The statements on every agent's path, straight through the driver's pool as named prepared
   * statements: PostgreSQL parses and plans them once per connection, and TypeORM's per-query
   * bookkeeping (a query runner per call) is skipped.
   */
  private async hot<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.db.driver as unknown as { master: PgPool }).master;
    return (await pool.query({ name, text, values })).rows as T[];
  }

  private async retried<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const code =
        (error as { code?: string }).code ??
        (error as { driverError?: { code?: string } }).driverError?.code;
      if (code !== DEADLOCK) throw error;
      return run();
    }
  }

  private announce(row: StatusRow, status: 'online' | 'offline'): void {
    const event: ServerStatusChangedEvent = {
      serverId: row.server_id,
      ownerId: row.owner_id,
      status,
      lastSeenAt: row.last_seen_at,
    };
    this.logger.debug(`server ${row.server_id} ${status}`);
    this.events.emit(SERVER_STATUS_CHANGED, event);
  }
}
