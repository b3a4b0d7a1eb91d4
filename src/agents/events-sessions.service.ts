import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import {
  AccessTokenAuthenticator,
  type Authentication,
} from '../auth/access-token.authenticator.js';
import { SocketTimers } from './socket-timers.js';

export interface UserSocketData {
  user?: Authentication;
}

export type UserSocket = Socket<any, any, any, UserSocketData>;
export type UserNamespace = Namespace<any, any, any, UserSocketData>;

export const userRoom = (userId: string) => `user:${userId}`;

/** An /events connection refused at the handshake: the client's `connect_error` carries this. */
export class EventsAuthError extends Error {
  readonly data = { type: 'error', message: 'Not authenticated' };
  constructor() {
    super('Not authenticated');
  }
}

/**
 * Who may listen on /events: the holder of a valid access token of a live session, checked by the
 * same AccessTokenAuthenticator as HTTP's bearer tokens (revoked sessions and disabled users are
 * refused). A connection outlives neither its token's expiry nor its session: each socket is
 * disconnected at `exp`, and sessions are re-checked every RECHECK_MS (API.md: a revoked session
 * stops working within 5 s).
 */
@Injectable()
export class EventsSessionsService implements OnApplicationShutdown {
  static readonly RECHECK_MS = 3_000;
  private readonly expiries = new SocketTimers();
  private namespace?: UserNamespace;
  private timer?: NodeJS.Timeout;

  constructor(private readonly authenticator: AccessTokenAuthenticator) {}

  bind(namespace: UserNamespace): void {
    this.namespace = namespace;
    this.timer = setInterval(() => void this.recheckAll(), EventsSessionsService.RECHECK_MS);
    this.timer.unref();
  }

  /** Handshake: `io(url + '/events', {auth: {token}})`. */
  async authenticate(socket: UserSocket): Promise<void> {
    const raw: unknown = socket.handshake.auth?.token;
    const bearer = typeof raw === 'string' ? raw.replace(/^Bearer\s+/i, '') : '';
    const authentication = await this.authenticator.authenticate(bearer);
    if (!authentication) throw new EventsAuthError();
    socket.data.user = authentication;
  }

  onConnection(socket: UserSocket): void {
    const user = socket.data.user!;
    void socket.join(userRoom(user.principal.id));
    this.expiries.set(socket.id, user.expiresAt, () => this.cut(socket, 'Token expired'));
  }

  onDisconnect(socket: UserSocket): void {
    this.expiries.clear(socket.id);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.expiries.clearAll();
  }

  private async recheckAll(): Promise<void> {
    for (const socket of this.namespace?.sockets.values() ?? []) {
      const user = socket.data.user;
      // A failed check (the database is down) is no revocation: the socket stays.
      const live = user && (await this.authenticator.stillLive(user.principal).catch(() => true));
      if (!live) this.cut(socket, 'Not authenticated');
    }
  }

  private cut(socket: UserSocket, message: string): void {
    socket.emit('error', { type: 'error', message });
    socket.disconnect();
  }
}
