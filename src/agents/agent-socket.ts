import type { Namespace, Socket } from 'socket.io';
import { authError, type RefusalMessage } from './agent-protocol.js';

/**
 * What an authenticated agent socket is bound to, and all the audit log names it by (AgentAudit
 * keeps nothing of its own per socket). Plain data: the Redis adapter serialises it.
 */
export interface AuthenticatedAgent {
  keyId: string;
  serverId: string;
  /** The server's owner, who reads its agents' audit events. */
  ownerId: string;
  /** The key's display prefix (12 characters, shown in the audit log): never the key itself. */
  prefix: string;
  /** Epoch milliseconds (a number is 8 bytes where an ISO string is ~40, times a fleet). */
  connectedAt: number;
  ip: string | null;
}

/**
 * A presented key checked without the database (limit, form): the handshake's (`auth: {api_key}`)
 * is checked before the connection is accepted, its lookup made once it is.
 */
export type HandshakeOutcome =
  | { ok: true; keyHash: string; prefix: string; ip: string | null }
  | { ok: false; refusal: RefusalMessage };

/**
 * Per-socket state, kept small on purpose (a fleet is tens of thousands of sockets): no maps in
 * services keyed by socket, no timers unless a deadline is near.
 */
export interface AgentSocketData {
  agent?: AuthenticatedAgent;
  handshake?: HandshakeOutcome;
  /** An `auth` message is being checked. */
  authenticating?: true;
  /**
   * This socket's presence row: the write while it is in flight (its removal waits for it, so it
   * never comes first), then whether it was recorded.
   */
  presence?: Promise<boolean> | boolean;
  /** Bad payloads from an authenticated socket in the current window (API.md §7 v1.1). */
  strikes?: { count: number; since: number };
}

export type AgentSocket = Socket<any, any, any, AgentSocketData>;
export type AgentNamespace = Namespace<any, any, any, AgentSocketData>;

/**
 * An agent's one room is its key's, so a key's revocation is one room-wide operation across the
 * instances. A server's deletion passes over the sockets instead (AgentRevocationService): no
 * second room per agent.
 */
export const keyRoom = (keyId: string) => `key:${keyId}`;

/** The contract's refusal: `auth_error` first (and to the pending ack), then the disconnect. */
export function refuse(socket: AgentSocket, message: RefusalMessage, ack?: unknown): void {
  const body = authError(message);
  socket.emit('auth_error', body);
  if (typeof ack === 'function') ack(body);
  socket.disconnect();
}

/**
 * The same for every socket in a room: on this instance at once, then on every other one through
 * the adapter (which relays both operations in order; while Redis is away that part is lost, and
 * AgentRevocationService re-checks every socket's key when Redis returns). A
 * namespace-level disconnect ("io server disconnect") keeps clients from reconnecting on their own.
 */
export function refuseRoom(namespace: AgentNamespace, room: string, message: RefusalMessage): void {
  namespace.local.to(room).emit('auth_error', authError(message));
  namespace.local.in(room).disconnectSockets();
  // Our own sockets have left the room by now: these reach only the other instances.
  namespace.to(room).emit('auth_error', authError(message));
  namespace.in(room).disconnectSockets();
}
