import { io, type Socket } from 'socket.io-client';
import { currentAccessToken, refresh } from './session';

/** A `server_status` event of `/events` (API.md §7). */
export interface ServerStatus {
  server_id: string;
  status: 'online' | 'offline';
  last_seen_at: string | null;
}

/** A `job_output` event of `/events` (API.md §13). */
export interface JobOutputEvent {
  job_id: string;
  server_id: string;
  seq: number;
  stream: 'stdout' | 'stderr';
  data: string;
}

/** A `job_status` event: the job as it is now (without output). */
export interface JobStatusEvent {
  id: string;
  server_id: string;
  status: string;
  exit_code: number | null;
  error: string | null;
  [field: string]: unknown;
}

export type JobEvent =
  { kind: 'output'; event: JobOutputEvent } | { kind: 'status'; event: JobStatusEvent };

const statusListeners = new Set<(event: ServerStatus) => void>();
const jobListeners = new Set<(event: JobEvent) => void>();
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
  socket.on('job_output', (event: JobOutputEvent) => {
    for (const listener of [...jobListeners]) listener({ kind: 'output', event });
  });
  socket.on('job_status', (event: JobStatusEvent) => {
    for (const listener of [...jobListeners]) listener({ kind: 'status', event });
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

/** Output and status changes of the user's jobs; returns the unsubscribe. */
export function onJobEvent(listener: (event: JobEvent) => void): () => void {
  jobListeners.add(listener);
  return () => jobListeners.delete(listener);
}

/** (Re)connections: a page reloads what it shows, as events may have been missed meanwhile. */
export function onLiveConnect(listener: () => void): () => void {
  connectListeners.add(listener);
  return () => connectListeners.delete(listener);
}
