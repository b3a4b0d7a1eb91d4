import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier.service.js';
import { AppConfig } from '../config/app-config.js';
import { AgentAuthLimiter } from './agent-auth-limiter.js';
import { AgentBusyError, AgentRefusedError } from './agent-errors.js';
import {
  authSuccess,
  MAX_API_KEY_LENGTH,
  protocolError,
  REFUSAL_BY_REASON,
  type RefusalMessage,
} from './agent-protocol.js';
import { AgentRevocationService } from './agent-revocation.service.js';
import {
  type AgentNamespace,
  type AgentSocket,
  type AuthenticatedAgent,
  type HandshakeOutcome,
  keyRoom,
  refuse,
  serverRoom,
} from './agent-socket.js';
import { clientIp } from './client-ip.js';
import { PresenceService } from './presence/presence.service.js';
import { SocketTimers } from './socket-timers.js';

/**
 * The life of an agent socket: authentication (handshake or first message, one attempt at a time,
 * per-IP failure limit first), the auth deadline, the rooms revocation targets, presence. Key
 * validity over time is AgentRevocationService's.
 */
@Injectable()
export class AgentSessionsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Agents');
  private readonly authDeadlines = new SocketTimers();
  private namespace?: AgentNamespace;

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly presence: PresenceService,
    private readonly revocations: AgentRevocationService,
    private readonly limiter: AgentAuthLimiter,
    private readonly config: AppConfig,
  ) {}

  bind(namespace: AgentNamespace): void {
    this.namespace = namespace;
  }

  /** Handshake middleware: `io(url, {auth: {api_key}})` is verified before the connection opens. */
  async verifyHandshake(socket: AgentSocket): Promise<void> {
    const presented: unknown = socket.handshake.auth?.api_key;
    if (presented === undefined) return;
    socket.data.handshake = await this.check(socket, presented);
  }

  onConnection(socket: AgentSocket): void {
    const handshake = socket.data.handshake;
    delete socket.data.handshake;
    if (!handshake) {
      const deadline = Date.now() + this.config.agentAuthTimeout * 1000;
      this.authDeadlines.set(socket.id, deadline, () => this.timeOut(socket));
      return;
    }
    if (!handshake.ok) return refuse(socket, handshake.refusal);
    void this.attach(socket, handshake.agent, handshake.validUntil)
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
    if (socket.data.authenticating) throw new AgentBusyError('Authentication already in progress');
    socket.data.authenticating = true;
    try {
      const result = await this.check(socket, apiKey);
      if (!result.ok) throw new AgentRefusedError(result.refusal);
      if (!socket.connected) return undefined;
      return (await this.attach(socket, result.agent, result.validUntil))
        ? authSuccess(result.agent.serverId)
        : undefined;
    } finally {
      delete socket.data.authenticating;
    }
  }

  onDisconnect(socket: AgentSocket): void {
    this.authDeadlines.clear(socket.id);
    this.revocations.forget(socket);
    const written = socket.data.presence;
    if (written === true) void this.presence.leave(socket.id);
    else if (written instanceof Promise) {
      // A failed join left no row; a failed leave is retried by the upkeep.
      void written.then((recorded) => (recorded ? this.presence.leave(socket.id) : undefined));
    }
  }

  onApplicationShutdown(): void {
    this.authDeadlines.clearAll();
  }

  /** The failure limit, then the key: refusals count against the client's address. */
  private async check(socket: AgentSocket, presented: unknown): Promise<HandshakeOutcome> {
    const ip = clientIp(socket.request, this.config.trustProxy);
    if (await this.limiter.isBlocked(ip)) return refusal('Too many attempts');
    const verification =
      typeof presented === 'string' && presented.length <= MAX_API_KEY_LENGTH
        ? await this.verifier.verify(presented)
        : ({ ok: false, reason: 'invalid' } as const);
    if (!verification.ok) {
      await this.limiter.recordFailure(ip);
      return refusal(REFUSAL_BY_REASON[verification.reason]);
    }
    const agent: AuthenticatedAgent = {
      keyId: verification.keyId,
      serverId: verification.serverId,
      connectedAt: Date.now(),
      ip,
    };
    return { ok: true, agent, validUntil: verification.validUntil };
  }

  /**
   * Binds the socket to its key. The rooms are joined before the presence write, which reads the
   * key again in the same statement: a revocation committed after that read reaches the socket
   * through its room, and one committed before it keeps the row out — no window in which a
   * revoked key keeps a connection.
   */
  private async attach(
    socket: AgentSocket,
    agent: AuthenticatedAgent,
    validUntil: Date | null,
  ): Promise<boolean> {
    socket.data.agent = agent;
    this.authDeadlines.clear(socket.id);
    void socket.join([keyRoom(agent.keyId), serverRoom(agent.serverId)]);
    if (!socket.connected) return false;
    const write = this.presence.join(socket.id, agent);
    socket.data.presence = write.then(
      (recorded) => (socket.data.presence = recorded),
      () => (socket.data.presence = false),
    );
    if (!(await write)) {
      // Revoked, expired or deleted between the two reads: say which.
      refuse(socket, (await this.revocations.refusalFor(agent.keyId)) ?? 'API key revoked');
      return false;
    }
    if (!socket.connected) return false;
    if (validUntil) this.revocations.watch(socket, validUntil.getTime());
    return true;
  }

  private timeOut(socket: AgentSocket): void {
    if (socket.data.agent) return;
    socket.emit('error', protocolError('Authentication timeout'));
    socket.disconnect();
  }

  private fail(socket: AgentSocket, error: Error): void {
    this.logger.error(`Agent socket failed: ${error.message}`);
    socket.emit('error', protocolError('Internal server error'));
    socket.disconnect();
  }

  /**
   * Shutdown: closes every Socket.IO connection of this process (both namespaces) at the transport
   * level. A `disconnect` packet ("io server disconnect") would tell socket.io-client not to
   * reconnect; a closed transport ("transport close") makes it — and the agent CLI — reconnect.
   */
  closeAllTransports(): void {
    const engine = this.namespace?.server.engine as
      { clients: Record<string, { close(): void }> } | undefined;
    for (const client of Object.values(engine?.clients ?? {})) client.close();
  }

  /** This instance's authenticated sockets (for presence upkeep and shutdown). */
  *localAgents(): Iterable<[string, AuthenticatedAgent]> {
    for (const [id, socket] of this.namespace?.sockets ?? []) {
      if (socket.data.agent && socket.data.presence) yield [id, socket.data.agent];
    }
  }
}

function refusal(message: RefusalMessage): HandshakeOutcome {
  return { ok: false, refusal: message };
}
