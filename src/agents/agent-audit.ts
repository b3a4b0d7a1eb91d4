import { Injectable } from '@nestjs/common';
import { displayPrefixOf, isWellFormedApiKey } from '../api-keys/api-key-format.js';
import type { AuditEventInput } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AgentSocket } from './agent-socket.js';

/** What the audit log names an agent by: its key (id once known, 12-character prefix) and owner. */
interface AgentIdentity {
  prefix: string | null;
  keyId?: string;
  serverId?: string;
  ownerId?: string;
}

/**
 * The `/agents` gateway's audit events (API.md §12): agent.connected, agent.disconnected,
 * agent.refused. None is a business change (the presence row is bookkeeping, written by the
 * handshake's shared statement), so all go through the batched, aggregating path: a reconnect storm
 * or a key-guessing flood is a few rows per window, and the handshake never waits for the log.
 * The identity is kept beside the socket (a WeakMap: gone with it), not in socket.data, which the
 * cluster adapter serialises.
 */
@Injectable()
export class AgentAudit {
  private readonly identities = new WeakMap<AgentSocket, AgentIdentity>();

  constructor(private readonly audit: AuditService) {}

  /** A key was presented: only a well-formed one's display prefix is ever kept. */
  presented(socket: AgentSocket, key: unknown): void {
    const prefix = isWellFormedApiKey(key) ? displayPrefixOf(key) : null;
    this.identities.set(socket, { prefix });
  }

  /** The key was found: its id, server and the server's owner (who reads these events). */
  found(socket: AgentSocket, key: { keyId: string; serverId: string; ownerId: string }): void {
    this.identities.set(socket, { prefix: this.identities.get(socket)?.prefix ?? null, ...key });
  }

  connected(socket: AgentSocket): void {
    this.audit.recordUnchanged(this.event(socket, 'agent.connected', 'success', {}));
  }

  disconnected(socket: AgentSocket, connectedAt: number): void {
    this.audit.recordUnchanged(
      this.event(socket, 'agent.disconnected', 'success', {
        connected_seconds: Math.round((Date.now() - connectedAt) / 1000),
      }),
    );
    this.identities.delete(socket);
  }

  refused(socket: AgentSocket, ip: string | null, reason: string): void {
    this.audit.recordUnchanged(this.event(socket, 'agent.refused', 'failure', { reason }, ip));
  }

  private event(
    socket: AgentSocket,
    action: 'agent.connected' | 'agent.disconnected' | 'agent.refused',
    outcome: 'success' | 'failure',
    details: Record<string, unknown>,
    ip: string | null = socket.data.agent?.ip ?? null,
  ): AuditEventInput {
    const identity = this.identities.get(socket) ?? { prefix: null };
    const userAgent = socket.handshake.headers['user-agent'];
    return {
      action,
      actor: { type: 'agent', id: identity.keyId ?? null, username: identity.prefix },
      subject: { type: 'server', id: identity.serverId ?? null },
      origin: { ip, userAgent: typeof userAgent === 'string' ? userAgent : null },
      outcome,
      details,
      ownerIds: identity.ownerId ? [identity.ownerId] : [],
    };
  }
}
