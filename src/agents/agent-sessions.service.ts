import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { displayPrefixOf, hashApiKey, isWellFormedApiKey } from '../api-keys/api-key-format.js';
import { apiKeyStatus, apiKeyValidUntil } from '../api-keys/api-key-status.js';
import { ApiKeyUsageRecorder } from '../api-keys/api-key-usage.recorder.js';
import { AppConfig } from '../config/app-config.js';
import { AgentAudit } from './agent-audit.js';
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
} from './agent-socket.js';
import { clientIp } from './client-ip.js';
import { PresenceService } from './presence/presence.service.js';
import { SocketTimers } from './socket-timers.js';

/** What the handshake's `auth` becomes once its API key was read (shared, never written). */
const WITHOUT_KEY = Object.freeze({});

/**
 * The life of an agent socket: authentication (handshake or first message, one attempt at a time,
 * per-IP failure limit first), the auth deadline, the key room revocation targets, presence. Key
 * validity over time is AgentRevocationService's.
 */
@Injectable()
export class AgentSessionsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Agents');
  private readonly authDeadlines = new SocketTimers();
  private namespace?: AgentNamespace;

  constructor(
    private readonly usage: ApiKeyUsageRecorder,
    private readonly presence: PresenceService,
    private readonly revocations: AgentRevocationService,
    private readonly limiter: AgentAuthLimiter,
    private readonly config: AppConfig,
    private readonly audit: AgentAudit,
  ) {}

  bind(namespace: AgentNamespace): void {
    this.namespace = namespace;
  }

  /** Handshake middleware: `io(url, {auth: {api_key}})` is verified before the connection opens. */
  async verifyHandshake(socket: AgentSocket): Promise<void> {
    const presented: unknown = socket.handshake.auth?.api_key;
    if (presented === undefined) return;
    // Read once: the socket does not carry the whole key (a secret, and ~0.1 KiB per agent) for
    // the rest of its life. The key's prefix and id stay in socket.data.agent.
    socket.handshake.auth = WITHOUT_KEY;
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
    void this.attach(socket, handshake)
      .then((serverId) => serverId && socket.emit('auth_success', authSuccess(serverId)))
      .catch((error: Error) =>
        error instanceof AgentRefusedError
          ? refuse(socket, error.refusal)
          : this.fail(socket, error),
      );
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
      const serverId = await this.attach(socket, result);
      return serverId ? authSuccess(serverId) : undefined;
    } finally {
      delete socket.data.authenticating;
    }
  }

  onDisconnect(socket: AgentSocket): void {
    this.authDeadlines.clear(socket.id);
    if (socket.data.agent) this.audit.disconnected(socket, socket.data.agent);
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

  /**
   * The key's form (length, characters, checksum), then the failure limit of the client's address,
   * which a key that authenticated within the last 24 h passes (API.md §7 v1.2): no database yet.
   * A refusal counts against the address.
   */
  private async check(socket: AgentSocket, presented: unknown): Promise<HandshakeOutcome> {
    const ip = clientIp(socket.request, this.config.trustProxy);
    const wellFormed =
      typeof presented === 'string' &&
      presented.length <= MAX_API_KEY_LENGTH &&
      isWellFormedApiKey(presented);
    // Only a well-formed key's display prefix is ever kept (the audit log names the key by it).
    const prefix = wellFormed ? displayPrefixOf(presented) : null;
    const keyHash = wellFormed ? hashApiKey(presented) : undefined;
    if (await this.limiter.isBlocked(ip, keyHash)) {
      this.audit.refused(socket, { prefix, ip }, 'Too many attempts');
      return refusal('Too many attempts');
    }
    if (!keyHash) {
      await this.limiter.recordFailure(ip);
      this.audit.refused(socket, { prefix, ip }, 'Invalid API key');
      return refusal('Invalid API key');
    }
    return { ok: true, keyHash, prefix: prefix!, ip };
  }

  /**
   * Looks the key up and records the socket in one statement (shared with every handshake of the
   * moment). The rooms revocation targets are joined when it returns, in the same turn as
   * AgentRevocationService.admit checks that nothing ended meanwhile: a revocation committed
   * before the statement's snapshot keeps the row out, one committed after it either finds the
   * socket in its rooms or is remembered by `admit` — no window in which a revoked key keeps a
   * connection. Resolves with the server id (undefined if the socket left meanwhile); a refusal is
   * an AgentRefusedError.
   */
  private async attach(
    socket: AgentSocket,
    { keyHash, prefix, ip }: { keyHash: string; prefix: string; ip: string | null },
  ): Promise<string | undefined> {
    const connectedAt = Date.now();
    const statement = this.presence.present(socket.id, keyHash, connectedAt, ip);
    socket.data.presence = statement.then(
      (found) => (socket.data.presence = found?.recorded ?? false),
      () => (socket.data.presence = false),
    );
    const found = await statement;
    const key = found && { revokedAt: found.revokedAt, expiresAt: found.expiresAt };
    const status = key ? apiKeyStatus(key) : 'invalid';
    if (!found?.recorded || status !== 'active') {
      if (status !== 'active') await this.limiter.recordFailure(ip);
      const refusal = status === 'active' ? 'API key revoked' : REFUSAL_BY_REASON[status];
      this.audit.refused(socket, { prefix, ip, ...found }, refusal);
      throw new AgentRefusedError(refusal);
    }
    if (!socket.connected) return undefined;
    const { keyId, serverId, ownerId } = found;
    if (!this.revocations.admit(socket, keyId, serverId, apiKeyValidUntil(key!))) {
      this.audit.refused(socket, { prefix, ip, keyId, serverId, ownerId }, 'API key revoked');
      throw new AgentRefusedError('API key revoked');
    }
    const agent: AuthenticatedAgent = { keyId, serverId, ownerId, prefix, connectedAt, ip };
    socket.data.agent = agent;
    this.audit.connected(socket, agent);
    this.authDeadlines.clear(socket.id);
    void socket.join(keyRoom(keyId));
    this.usage.touch(keyId, connectedAt);
    this.limiter.recordSuccess(keyHash, connectedAt);
    return serverId;
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
