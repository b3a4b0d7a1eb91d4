import { io, type Socket } from 'socket.io-client';
import { currentAccessToken, refresh } from './session';

/** A `server_status` event of `/events` (API.md §7). */
export interface ServerStatus {
  server_id: string;
  status: 'online' | 'offline';
  last_seen_at: string | null;
}

const statusListeners = new Set<(event: ServerStatus) => void>();
const connectListeners = new Set<() => void>();
let socket: Socket | undefined;
let retries = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Reconnects after the server refused or dropped the socket (its access token expired, or the
 * session ended): a fresh token first, then the same socket again, backing off up to 30 s. When the
 * refresh is refused the session module signs the user out, and stopLive() ends this.
 */
function reconnectLater(): void {
  clearTimeout(retryTimer);
  const delay = Math.min(30_000, 500 * 2 ** retries++);
  retryTimer = setTimeout(async () => {
    if (socket && (await refresh())) socket.connect();
  }, delay);
}

/** The user's live view: one socket for the whole console while signed in. */
export function startLive(): void {
  if (socket) return;
  socket = io('/events', {
    transports: ['websocket'],
    // Read at every (re)connection: always the newest access token.
    auth: (send) => send({ token: currentAccessToken() }),
  });
  socket.on('connect', () => {
    retries = 0;
    for (const listener of [...connectListeners]) listener();
  });
  socket.on('server_status', (event: ServerStatus) => {
    for (const listener of [...statusListeners]) listener(event);
  });
  socket.on('connect_error', () => {
    // A refusal at the handshake is not retried by Socket.IO itself.
    if (socket && !socket.active) reconnectLater();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') reconnectLater();
  });
}

export function stopLive(): void {
  clearTimeout(retryTimer);
  socket?.disconnect();
  socket = undefined;
}

/** Status changes of the user's servers; returns the unsubscribe. */
export function onServerStatus(listener: (event: ServerStatus) => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

/** (Re)connections: a page reloads what it shows, as events may have been missed meanwhile. */
export function onLiveConnect(listener: () => void): () => void {
  connectListeners.add(listener);
  return () => connectListeners.delete(listener);
}
