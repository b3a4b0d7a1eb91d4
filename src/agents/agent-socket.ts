import type { Namespace, Socket } from 'socket.io';
import { authError, type RefusalMessage } from './agent-protocol.js';

/** What an authenticated agent socket is bound to. Plain data: the Redis adapter serialises it. */
export interface AuthenticatedAgent {
  keyId: string;
  serverId: string;
  ownerId: string;
  connectedAt: string;
  ip: string | null;
}

/** A handshake (`auth: {api_key}`) verified before the connection is accepted. */
export type HandshakeOutcome =
  { ok: true; agent: AuthenticatedAgent } | { ok: false; refusal: RefusalMessage };

export interface AgentSocketData {
  agent?: AuthenticatedAgent;
  handshake?: HandshakeOutcome;
}

export type AgentSocket = Socket<any, any, any, AgentSocketData>;
export type AgentNamespace = Namespace<any, any, any, AgentSocketData>;

/** Rooms are named after what can revoke a socket, so revocation is one room-wide operation. */
export const keyRoom = (keyId: string) => `key:${keyId}`;
export const serverRoom = (serverId: string) => `server:${serverId}`;

/** The contract's refusal: `auth_error` first (and to the pending ack), then the disconnect. */
export function refuse(socket: AgentSocket, message: RefusalMessage, ack?: unknown): void {
  const body = authError(message);
  socket.emit('auth_error', body);
  if (typeof ack === 'function') ack(body);
  socket.disconnect();
}

/**
 * The same for every socket in a room, on every instance: the adapter relays both operations in
 * order, and a namespace-level disconnect ("io server disconnect") keeps clients from reconnecting
 * on their own.
 */
export function refuseRoom(namespace: AgentNamespace, room: string, message: RefusalMessage): void {
  namespace.to(room).emit('auth_error', authError(message));
  namespace.in(room).disconnectSockets();
}
