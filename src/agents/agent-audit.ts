import { Injectable } from '@nestjs/common';
import type { AuditEventInput } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AgentSocket, AuthenticatedAgent } from './agent-socket.js';

/**
 * Who the audit log names as an agent: its key (id once known, display prefix when the key was
 * well-formed), the key's server and that server's owner (who reads the event), and the address.
 * An authenticated socket's `socket.data.agent` is one; a refusal is described with what the
 * handshake knew at that moment.
 */
export interface AgentActor {
  prefix: string | null;
  keyId?: string;
  serverId?: string;
  ownerId?: string;
  ip: string | null;
}

/**
 * The `/agents` gateway's audit events (API.md §12): agent.connected, agent.disconnected,
 * agent.refused. None is a business change (the presence row is bookkeeping, written by the
 * handshake's shared statement), so all go through the batched, aggregating path: a reconnect storm
 * or a key-guessing flood is a few rows per window, and the handshake never waits for the log.
 * Nothing is kept per socket here: an authenticated socket's identity is its `socket.data.agent`
 * (a fleet is tens of thousands of sockets).
 */
@Injectable()
export class AgentAudit {
  constructor(private readonly audit: AuditService) {}

  connected(socket: AgentSocket, agent: AuthenticatedAgent): void {
    this.audit.recordUnchanged(event(socket, agent, 'agent.connected', 'success', {}));
  }

  disconnected(socket: AgentSocket, agent: AuthenticatedAgent): void {
    this.audit.recordUnchanged(
      event(socket, agent, 'agent.disconnected', 'success', {
        connected_seconds: Math.round((Date.now() - agent.connectedAt) / 1000),
      }),
    );
  }

  refused(socket: AgentSocket, actor: AgentActor, reason: string): void {
    this.audit.recordUnchanged(event(socket, actor, 'agent.refused', 'failure', { reason }));
  }
}

function event(
  socket: AgentSocket,
  actor: AgentActor,
  action: 'agent.connected' | 'agent.disconnected' | 'agent.refused',
  outcome: 'success' | 'failure',
  details: Record<string, unknown>,
): AuditEventInput {
  const userAgent = socket.handshake.headers['user-agent'];
  return {
    action,
    actor: { type: 'agent', id: actor.keyId ?? null, username: actor.prefix },
    subject: { type: 'server', id: actor.serverId ?? null },
    origin: { ip: actor.ip, userAgent: typeof userAgent === 'string' ? userAgent : null },
    outcome,
    details,
    ownerIds: actor.ownerId ? [actor.ownerId] : [],
  };
}
