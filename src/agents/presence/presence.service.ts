import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AgentInfo } from '../../servers/server.entity.js';
import type { AgentInfoMessage } from '../agent-protocol.js';
import type { AuthenticatedAgent } from '../agent-socket.js';
import { InstanceIdentity } from './instance-identity.js';
import { SERVER_STATUS_CHANGED, type ServerStatusChangedEvent } from './presence.events.js';
import { serverLiveCountSql } from './presence.sql.js';

/** API.md §7: last_seen_at writes are batched to at most one per server per 15 s. */
export const LAST_SEEN_WRITE_INTERVAL_SECONDS = 15;

/** Advisory-lock namespace: serialises presence changes of one server across instances. */
const PRESENCE_LOCK_CLASS = 7301;

interface ServerState {
  owner_id: string;
  last_seen_at: Date | null;
  /** Live agent connections of the server, counted under its lock. */
  live: number;
}

/**
 * The rules of presence: which agent sockets count, when a server changes status (and who hears of
 * it), and how often last_seen_at is written. Each change of one server runs under a per-server
 * advisory lock, so two instances adding and removing its last agents agree on who saw the change.
 */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger('Presence');
  /** This instance's authenticated sockets, to re-register them if our instance row was swept. */
  private readonly local = new Map<string, AuthenticatedAgent>();
  private readonly lastWrite = new Map<string, number>();
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly instance: InstanceIdentity,
    private readonly events: EventEmitter2,
  ) {}

  /** An agent socket authenticated; false when its server no longer exists (deleted meanwhile). */
  async connected(socketId: string, agent: AuthenticatedAgent): Promise<boolean> {
    if (this.stopped) return true;
    const state = await this.db.transaction(async (tx) => {
      await lock(tx, agent.serverId);
      const inserted = await tx.query(
        `INSERT INTO agent_connections (socket_id, server_id, api_key_id, instance_id, connected_at, ip)
         SELECT $1, s.id, $3, $4, $5, $6 FROM servers s WHERE s.id = $2 RETURNING socket_id`,
        [socketId, agent.serverId, agent.keyId, this.instance.id, agent.connectedAt, agent.ip],
      );
      if (inserted.length === 0) return undefined;
      await this.touchIn(tx, agent.serverId);
      return stateOf(tx, agent.serverId);
    });
    if (!state) return false;
    this.local.set(socketId, agent);
    // Ours is the only live connection: the server just came online.
    if (state.live === 1) this.announce(agent.serverId, state);
    return true;
  }

  async disconnected(socketId: string, agent: AuthenticatedAgent): Promise<void> {
    this.local.delete(socketId);
    if (this.stopped) return;
    const state = await this.db.transaction(async (tx) => {
      await lock(tx, agent.serverId);
      // TypeORM answers a DELETE with [rows, affected count].
      const [, deleted]: [unknown[], number] = await tx.query(
        `DELETE FROM agent_connections WHERE socket_id = $1`,
        [socketId],
      );
      if (deleted === 0) return undefined;
      await this.touchIn(tx, agent.serverId);
      return stateOf(tx, agent.serverId);
    });
    if (state?.live === 0) this.announce(agent.serverId, state);
  }

  /** Stores what the agent reported about itself on its server (shown by the servers API). */
  async recordAgentInfo(agent: AuthenticatedAgent, info: AgentInfoMessage): Promise<void> {
    const stored: AgentInfo = { ...info, connected_at: agent.connectedAt, ip: agent.ip };
    await this.db.query(`UPDATE servers SET agent = $2::jsonb WHERE id = $1`, [
      agent.serverId,
      JSON.stringify(stored),
    ]);
  }

  /** A heartbeat: refreshes last_seen_at, at most once per interval per server (per instance, and in SQL). */
  heartbeat(serverId: string): void {
    const last = this.lastWrite.get(serverId);
    if (last !== undefined && Date.now() - last < LAST_SEEN_WRITE_INTERVAL_SECONDS * 1000) return;
    // Not awaited: the agent's ack must not wait on the database; a lost write is retried next beat.
    this.touchIn(this.db.manager, serverId).catch((error: Error) => {
      this.lastWrite.delete(serverId);
      this.logger.warn(`last_seen_at update failed: ${error.message}`);
    });
  }

  /** After connections vanished without their sockets saying so (a swept instance, our shutdown). */
  async settle(serverIds: string[]): Promise<void> {
    if (serverIds.length === 0) return;
    const rows: (ServerState & { id: string })[] = await this.db.query(
      `SELECT s.id, s.owner_id, s.last_seen_at, ${serverLiveCountSql('s.id')} AS live FROM servers s WHERE s.id = ANY($1::uuid[])`,
      [[...new Set(serverIds)]],
    );
    for (const row of rows) if (row.live === 0) this.announce(row.id, row);
  }

  /** Puts this instance's sockets back after our instance row was swept (e.g. a long stall). */
  async restoreLocal(): Promise<void> {
    for (const [socketId, agent] of this.local) {
      await this.db.query(
        `INSERT INTO agent_connections (socket_id, server_id, api_key_id, instance_id, connected_at, ip)
         SELECT $1, s.id, $3, $4, $5, $6 FROM servers s WHERE s.id = $2 ON CONFLICT (socket_id) DO NOTHING`,
        [socketId, agent.serverId, agent.keyId, this.instance.id, agent.connectedAt, agent.ip],
      );
    }
  }

  /** Shutdown: our rows are removed wholesale by InstanceLivenessService; sockets closing next are moot. */
  stop(): void {
    this.stopped = true;
  }

  /** Drops throttle entries that can no longer suppress a write. */
  forgetStaleWrites(): void {
    const horizon = Date.now() - LAST_SEEN_WRITE_INTERVAL_SECONDS * 1000;
    for (const [serverId, at] of this.lastWrite) if (at < horizon) this.lastWrite.delete(serverId);
  }

  /** The write itself is conditional too, so instances together stay within one write per interval. */
  private async touchIn(manager: EntityManager, serverId: string): Promise<void> {
    this.lastWrite.set(serverId, Date.now());
    await manager.query(
      `UPDATE servers SET last_seen_at = now()
       WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - make_interval(secs => $2))`,
      [serverId, LAST_SEEN_WRITE_INTERVAL_SECONDS],
    );
  }

  private announce(serverId: string, state: ServerState): void {
    const event: ServerStatusChangedEvent = {
      serverId,
      ownerId: state.owner_id,
      status: state.live > 0 ? 'online' : 'offline',
      lastSeenAt: state.last_seen_at,
    };
    this.logger.debug(`server ${serverId} ${event.status}`);
    this.events.emit(SERVER_STATUS_CHANGED, event);
  }
}

async function lock(tx: EntityManager, serverId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [PRESENCE_LOCK_CLASS, serverId]);
}

async function stateOf(tx: EntityManager, serverId: string): Promise<ServerState> {
  const rows: ServerState[] = await tx.query(
    `SELECT s.owner_id, s.last_seen_at, ${serverLiveCountSql('s.id')} AS live FROM servers s WHERE s.id = $1`,
    [serverId],
  );
  return rows[0] ?? { owner_id: '', last_seen_at: null, live: 0 };
}
