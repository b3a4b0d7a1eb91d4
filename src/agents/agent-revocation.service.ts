import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { API_KEY_REVOKED, type ApiKeyRevokedEvent } from '../api-keys/api-key.events.js';
import { ApiKeyVerifier, type KeyState } from '../api-keys/api-key-verifier.service.js';
import { RedisConnection } from '../common/redis.module.js';
import { AppConfig } from '../config/app-config.js';
import { SERVER_DELETED, type ServerDeletedEvent } from '../servers/server.events.js';
import { protocolError, REFUSAL_BY_REASON, type RefusalMessage } from './agent-protocol.js';
import {
  type AgentNamespace,
  type AgentSocket,
  keyRoom,
  refuse,
  refuseRoom,
} from './agent-socket.js';
import { SocketTimers } from './socket-timers.js';

/** Instance-to-instance message (Socket.IO serverSideEmit): "key K stops working at time T". */
const KEY_ENDS_AT = 'agents:key-ends-at';
/** Instance-to-instance message: "these keys / servers have ended now". */
const ENDED = 'agents:ended';
/**
 * How long an ended key or server (or a key's announced end) is remembered for the handshakes
 * that were in flight when it happened: far longer than any presence statement takes.
 */
const MEMORY_MS = 5 * 60_000;

/**
 * Applies revocations (API key revoked or rotated out, server deleted) and the end of a key's
 * validity (expiry, a rotation's grace period) to connected agents, on every instance.
 *
 * - An immediate revocation cuts this instance's sockets of the key at once, and the others'
 *   through the adapter (`auth_error`, then the disconnect).
 * - A later end (grace period, expiry) is a timer per socket, set when the socket attaches
 *   (`watch`) or when a rotation is announced; when it fires the key is read again.
 * - A handshake reads the key in the same statement that records the socket, and joins the rooms
 *   only when that statement returns. A revocation that lands in between is remembered here
 *   (locally, and announced to the other instances before the room-wide cut), and `admit` refuses
 *   the socket: either the socket is in its rooms when the cut arrives, or the cut is remembered
 *   when the socket comes to join them.
 * - Redis carries the cluster half. Messages lost while it was away are made up for when it
 *   returns: every instance re-reads the keys of all its sockets (`recheckAll`), so a key revoked
 *   during the outage is cut everywhere within a second of Redis's return.
 */
@Injectable()
export class AgentRevocationService implements OnApplicationShutdown {
  private readonly logger = new Logger('Agents');
  private readonly validity = new SocketTimers();
  private readonly endedKeys = new Map<string, number>();
  private readonly endedServers = new Map<string, number>();
  private readonly keyEnds = new Map<string, { at: number; forgetAt: number }>();
  private namespace?: AgentNamespace;

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly config: AppConfig,
    redis: RedisConnection,
  ) {
    redis.onRecovered(() => void this.recheckAll());
  }

  bind(namespace: AgentNamespace): void {
    this.namespace = namespace;
    namespace.on(KEY_ENDS_AT, (keyId: unknown, at: unknown) => {
      if (typeof keyId === 'string' && typeof at === 'number') this.recheckKeyAt(keyId, at);
    });
    namespace.on(ENDED, (keys: unknown, servers: unknown) => {
      if (Array.isArray(keys)) this.remember(this.endedKeys, keys.filter(isString));
      if (Array.isArray(servers)) {
        const ended = servers.filter(isString);
        this.remember(this.endedServers, ended);
        this.cutAgentsOf(ended);
      }
    });
  }

  /**
   * A handshake's statement recorded this agent: false if its key or server ended since (the
   * caller refuses it); else the caller joins its rooms in this same turn of the event loop, and
   * its key's end of validity (from the statement, or announced since) is watched.
   */
  admit(socket: AgentSocket, keyId: string, serverId: string, validUntil: Date | null): boolean {
    const now = Date.now();
    if ((this.endedKeys.get(keyId) ?? 0) > now || (this.endedServers.get(serverId) ?? 0) > now)
      return false;
    const announced = this.keyEnds.get(keyId);
    const ends = [
      validUntil?.getTime(),
      announced && announced.forgetAt > now ? announced.at : undefined,
    ].filter((t): t is number => t !== undefined);
    if (ends.length > 0) this.schedule(socket, Math.min(...ends), false);
    return true;
  }

  @OnEvent(API_KEY_REVOKED)
  onKeyRevoked(event: ApiKeyRevokedEvent): void {
    if (!this.namespace) return;
    const at = new Date(event.effectiveAt).getTime();
    if (at <= Date.now()) {
      this.ended([event.keyId], []);
      return refuseRoom(this.namespace, keyRoom(event.keyId), 'API key revoked');
    }
    this.recheckKeyAt(event.keyId, at);
    // serverSideEmit needs a cluster adapter; a single instance has just handled it above.
    if (this.config.redisUrl) this.namespace.serverSideEmit(KEY_ENDS_AT, event.keyId, at);
  }

  @OnEvent(SERVER_DELETED)
  onServerDeleted(event: ServerDeletedEvent): void {
    if (!this.namespace) return;
    // Its keys can only be presented with its id: remembering the server refuses them all. The
    // other instances hear it through ENDED and cut their own agents of it the same way.
    this.ended([], [event.serverId]);
    this.cutAgentsOf([event.serverId]);
  }

  /** The key of this socket stops working by itself at `at`: read it again then. */
  watch(socket: AgentSocket, at: number): void {
    this.schedule(socket, at, false);
  }

  forget(socket: AgentSocket): void {
    this.validity.clear(socket.id);
  }

  /** Why a key no longer admits agents, or undefined while it does. */
  async refusalFor(keyId: string): Promise<RefusalMessage | undefined> {
    const state = (await this.verifier.keyStates([keyId])).get(keyId)!;
    return state.status === 'active' ? undefined : REFUSAL_BY_REASON[state.status];
  }

  /** Re-reads the keys of every socket on this instance (one query) and cuts the ended ones. */
  async recheckAll(): Promise<void> {
    const sockets = [...(this.namespace?.sockets.values() ?? [])].filter((s) => s.data.agent);
    if (sockets.length === 0) return;
    try {
      const states = await this.verifier.keyStates(sockets.map((s) => s.data.agent!.keyId));
      for (const socket of sockets) this.apply(socket, states.get(socket.data.agent!.keyId));
    } catch (error) {
      this.logger.warn(`Could not re-check agents' keys: ${(error as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    this.validity.clearAll();
  }

  /**
   * This instance's agents of these servers. Found by a pass over the sockets rather than through a
   * room per server: a deletion is rare, and a room is a Set, a table and a name per agent that
   * every connected agent would carry for its life (~0.25 KiB; issue #18's 10,000-agent budget).
   */
  private cutAgentsOf(serverIds: string[]): void {
    if (serverIds.length === 0) return;
    const ended = new Set(serverIds);
    for (const socket of this.namespace!.sockets.values()) {
      const serverId = socket.data.agent?.serverId;
      if (serverId !== undefined && ended.has(serverId)) refuse(socket, 'API key revoked');
    }
  }

  /** Remembers ended keys/servers here, and tells the other instances before the cut itself. */
  private ended(keys: string[], servers: string[]): void {
    this.remember(this.endedKeys, keys);
    this.remember(this.endedServers, servers);
    if (this.config.redisUrl) this.namespace!.serverSideEmit(ENDED, keys, servers);
  }

  private remember(into: Map<string, number>, ids: string[]): void {
    const now = Date.now();
    for (const [id, until] of into) if (until <= now) into.delete(id);
    for (const id of ids) into.set(id, now + MEMORY_MS);
  }

  /** A key's validity now ends at `at` (rotation grace): check this instance's sockets then. */
  private recheckKeyAt(keyId: string, at: number): void {
    const now = Date.now();
    for (const [id, end] of this.keyEnds) if (end.forgetAt <= now) this.keyEnds.delete(id);
    const known = this.keyEnds.get(keyId);
    if (!known || at < known.at) this.keyEnds.set(keyId, { at, forgetAt: now + MEMORY_MS });
    const ids = this.namespace?.adapter.rooms.get(keyRoom(keyId)) ?? new Set<string>();
    for (const id of ids) {
      const socket = this.namespace!.sockets.get(id);
      if (socket) this.schedule(socket, at, true);
    }
  }

  private schedule(socket: AgentSocket, at: number, keepEarlier: boolean): void {
    // A socket gone while its key was being read has had its timers cleared already.
    if (!socket.connected) return;
    const check = () => void this.recheck(socket);
    if (keepEarlier) this.validity.setEarliest(socket.id, at, check);
    else this.validity.set(socket.id, at, check);
  }

  private async recheck(socket: AgentSocket): Promise<void> {
    const agent = socket.data.agent;
    if (!agent || !socket.connected) return;
    try {
      this.apply(socket, (await this.verifier.keyStates([agent.keyId])).get(agent.keyId));
    } catch (error) {
      this.logger.error(`Agent key re-check failed: ${(error as Error).message}`);
      socket.emit('error', protocolError('Internal server error'));
      socket.disconnect();
    }
  }

  /** Refuses the socket if its key ended, else waits for the key's next end. */
  private apply(socket: AgentSocket, state: KeyState | undefined): void {
    if (!state) return;
    if (!socket.connected) return;
    if (state.status !== 'active') return refuse(socket, REFUSAL_BY_REASON[state.status]);
    if (state.validUntil) this.schedule(socket, state.validUntil.getTime(), false);
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
