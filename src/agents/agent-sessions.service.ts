import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { apiKeyStatus, apiKeyValidUntil } from '../api-keys/api-key-status.js';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier.service.js';
import { ApiKey } from '../api-keys/api-key.entity.js';
import { AppConfig } from '../config/app-config.js';
import {
  AgentProtocolError,
  authSuccess,
  KNOWN_AGENT_EVENTS,
  MAX_API_KEY_LENGTH,
  protocolError,
  REFUSAL_BY_REASON,
  type RefusalMessage,
} from './agent-protocol.js';
import {
  type AgentNamespace,
  type AgentSocket,
  type AuthenticatedAgent,
  keyRoom,
  refuse,
  serverRoom,
} from './agent-socket.js';
import { AgentRefusedError } from './agents-exception.filter.js';
import { clientIp } from './client-ip.js';
import { PresenceService } from './presence/presence.service.js';
import { SocketTimers } from './socket-timers.js';

type Verified =
  | { ok: true; keyId: string; serverId: string; ownerId: string }
  | { ok: false; refusal: RefusalMessage };

/**
 * The life of an agent socket: authentication (handshake or first message, one attempt at a time),
 * the auth deadline, the rooms revocation targets, the key's own end of validity, presence.
 */
@Injectable()
export class AgentSessionsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Agents');
  private readonly authDeadlines = new SocketTimers();
  private readonly validityChecks = new SocketTimers();
  private readonly authenticating = new Set<string>();
  /** Presence writes in flight, so a socket's disconnect is never recorded before its connect. */
  private readonly presenceWrites = new Map<string, Promise<unknown>>();
  private namespace?: AgentNamespace;

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly presence: PresenceService,
    private readonly config: AppConfig,
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
  ) {}

  bind(namespace: AgentNamespace): void {
    this.namespace = namespace;
  }

  /** Handshake middleware: `io(url, {auth: {api_key}})` is verified before the connection opens. */
  async verifyHandshake(socket: AgentSocket): Promise<void> {
    const presented: unknown = socket.handshake.auth?.api_key;
    if (presented === undefined) return;
    const result = await this.verify(presented);
    socket.data.handshake = result.ok
      ? { ok: true, agent: this.describe(socket, result) }
      : { ok: false, refusal: result.refusal };
  }

  onConnection(socket: AgentSocket): void {
    socket.onAny((event: string) => this.onAnyEvent(socket, event));
    const handshake = socket.data.handshake;
    delete socket.data.handshake;
    if (!handshake) {
      const deadline = Date.now() + this.config.agentAuthTimeout * 1000;
      this.authDeadlines.set(socket.id, deadline, () => this.timeOut(socket));
      return;
    }
    if (!handshake.ok) return refuse(socket, handshake.refusal);
    void this.attach(socket, handshake.agent)
      .then(
        (attached) =>
          attached && socket.emit('auth_success', authSuccess(handshake.agent.serverId)),
      )
      .catch((error: Error) => this.fail(socket, error));
  }

  /**
   * The `auth` message. A socket's identity is fixed once authenticated: a repeated `auth` gets the
   * same success again (clients that missed the answer may retry) without looking at its key.
   */
  async authenticate(
    socket: AgentSocket,
    apiKey: string,
  ): Promise<ReturnType<typeof authSuccess> | undefined> {
    if (socket.data.agent) return authSuccess(socket.data.agent.serverId);
    if (this.authenticating.has(socket.id))
      throw new AgentProtocolError('Authentication already in progress');
    this.authenticating.add(socket.id);
    try {
      const result = await this.verify(apiKey);
      if (!result.ok) throw new AgentRefusedError(result.refusal);
      if (!socket.connected) return undefined;
      return (await this.attach(socket, this.describe(socket, result)))
        ? authSuccess(result.serverId)
        : undefined;
    } finally {
      this.authenticating.delete(socket.id);
    }
  }

  onDisconnect(socket: AgentSocket): void {
    this.authDeadlines.clear(socket.id);
    this.validityChecks.clear(socket.id);
    const agent = socket.data.agent;
    if (!agent) return;
    const pending = this.presenceWrites.get(socket.id) ?? Promise.resolve();
    this.presenceWrites.delete(socket.id);
    void pending
      .then(() => this.presence.disconnected(socket.id, agent))
      .catch((error: Error) => this.logger.warn(`Presence update failed: ${error.message}`));
  }

  /** A key's validity now ends at `at` (rotation grace): check this instance's sockets then. */
  recheckKeyAt(keyId: string, at: number): void {
    for (const socket of this.localSocketsIn(keyRoom(keyId)))
      this.scheduleRecheck(socket, at, true);
  }

  onApplicationShutdown(): void {
    this.authDeadlines.clearAll();
    this.validityChecks.clearAll();
  }

  private async verify(presented: unknown): Promise<Verified> {
    if (typeof presented !== 'string' || presented.length > MAX_API_KEY_LENGTH)
      return { ok: false, refusal: 'Invalid API key' };
    const verification = await this.verifier.verify(presented);
    return verification.ok
      ? verification
      : { ok: false, refusal: REFUSAL_BY_REASON[verification.reason] };
  }

  private describe(
    socket: AgentSocket,
    key: { keyId: string; serverId: string; ownerId: string },
  ): AuthenticatedAgent {
    return {
      keyId: key.keyId,
      serverId: key.serverId,
      ownerId: key.ownerId,
      connectedAt: new Date().toISOString(),
      ip: clientIp(socket.request, this.config.trustProxy),
    };
  }

  /**
   * Binds the socket to its key. The rooms are joined before the key is read again: a revocation
   * committed after that read reaches the socket through its room, and one committed before it is
   * seen by the read — no window in which a revoked key keeps a connection.
   */
  private async attach(socket: AgentSocket, agent: AuthenticatedAgent): Promise<boolean> {
    socket.data.agent = agent;
    this.authDeadlines.clear(socket.id);
    await socket.join([keyRoom(agent.keyId), serverRoom(agent.serverId)]);
    if (!(await this.recheck(socket)) || !socket.connected) return false;
    const write = this.presence.connected(socket.id, agent);
    this.presenceWrites.set(
      socket.id,
      write.catch(() => undefined),
    );
    if (!(await write)) {
      refuse(socket, 'API key revoked'); // the server was deleted meanwhile
      return false;
    }
    return socket.connected;
  }

  /** Reads the key's state now: refuses the socket if it ended, else waits for its next end. */
  private async recheck(socket: AgentSocket): Promise<boolean> {
    const agent = socket.data.agent;
    if (!agent) return false;
    const key = await this.keys.findOne({
      where: { id: agent.keyId },
      select: { id: true, revokedAt: true, expiresAt: true },
    });
    const status = key ? apiKeyStatus(key) : 'revoked';
    if (status !== 'active') {
      refuse(socket, REFUSAL_BY_REASON[status]);
      return false;
    }
    const until = apiKeyValidUntil(key!);
    if (until) this.scheduleRecheck(socket, until.getTime(), false);
    return true;
  }

  private scheduleRecheck(socket: AgentSocket, at: number, keepEarlier: boolean): void {
    // A socket gone while its key was being read has had its timers cleared already.
    if (!socket.connected) return;
    const check = () => void this.recheck(socket).catch((error: Error) => this.fail(socket, error));
    if (keepEarlier) this.validityChecks.setEarliest(socket.id, at, check);
    else this.validityChecks.set(socket.id, at, check);
  }

  private localSocketsIn(room: string): AgentSocket[] {
    const ids = this.namespace?.adapter.rooms.get(room) ?? new Set<string>();
    return [...ids]
      .map((id) => this.namespace!.sockets.get(id))
      .filter((s): s is AgentSocket => s !== undefined);
  }

  private timeOut(socket: AgentSocket): void {
    if (socket.data.agent) return;
    socket.emit('error', protocolError('Authentication timeout'));
    socket.disconnect();
  }

  /** Events nobody handles: refused like any other when unauthenticated, reported otherwise. */
  private onAnyEvent(socket: AgentSocket, event: string): void {
    if (KNOWN_AGENT_EVENTS.has(event)) return;
    if (!socket.data.agent) {
      socket.emit('error', protocolError('Not authenticated'));
      socket.disconnect();
      return;
    }
    socket.emit('error', protocolError('Unknown event'));
  }

  private fail(socket: AgentSocket, error: Error): void {
    this.logger.error(`Agent socket failed: ${error.message}`);
    socket.emit('error', protocolError('Internal server error'));
    socket.disconnect();
  }
}
