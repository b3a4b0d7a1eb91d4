import { afterAll } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';

/** Everything a socket received, in order, with the time it arrived (disconnect included). */
export interface Received {
  event: string;
  data: any;
  at: number;
}

export interface RecordedSocket {
  socket: Socket;
  received: Received[];
  /**
   * The oldest `event` (whose data passes `match`, if given) not yet taken by an earlier next(),
   * waiting up to `ms` for one to arrive.
   */
  next(event: string, ms?: number, match?: (data: any) => boolean): Promise<Received>;
  close(): void;
}

/** A socket.io-client socket over the websocket transport only, as agents connect. */
export function openSocket(
  baseUrl: string,
  namespace: '/agents' | '/events',
  auth?: Record<string, unknown>,
  extraHeaders?: Record<string, string>,
): RecordedSocket {
  const socket = io(baseUrl + namespace, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth,
    extraHeaders,
  });
  const received: Received[] = [];
  const taken = new Set<Received>();
  const waiters: { wants: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  const record = (event: string, data: unknown) => {
    const entry = { event, data, at: performance.now() };
    received.push(entry);
    const waiter = waiters.find((w) => w.wants(entry));
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      taken.add(entry);
      waiter.resolve(entry);
    }
  };
  socket.onAny((event: string, data: unknown) => record(event, data));
  socket.on('connect', () => record('connect', undefined));
  socket.on('connect_error', (error: Error & { data?: unknown }) =>
    record('connect_error', { message: error.message, data: error.data }),
  );
  socket.on('disconnect', (reason) => record('disconnect', reason));
  return {
    socket,
    received,
    next: (event, ms = 5000, match = () => true) => {
      const wants = (r: Received) => r.event === event && match(r.data);
      const ready = received.find((r) => wants(r) && !taken.has(r));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no "${event}" within ${ms} ms; got ${received.map((r) => r.event).join(', ')}`,
              ),
            ),
          ms,
        );
        waiters.push({ wants, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    close: () => socket.disconnect(),
  };
}

/** A next() filter: the server_status of one server. */
export const aboutServer = (serverId: string) => (data: { server_id?: string }) =>
  data?.server_id === serverId;

/** The events received so far, by name (for order assertions). */
export const eventNames = (s: RecordedSocket) => s.received.map((r) => r.event);

/** Emits and waits for the acknowledgement. */
export function emitWithAck(
  socket: Socket,
  event: string,
  payload?: unknown,
  ms = 5000,
): Promise<any> {
  return socket.timeout(ms).emitWithAck(event, payload);
}

/** An agent authenticated the documents' way (the `auth` message). */
export async function authenticatedAgent(baseUrl: string, apiKey: string): Promise<RecordedSocket> {
  const agent = openSocket(baseUrl, '/agents');
  await agent.next('connect');
  const answer = await emitWithAck(agent.socket, 'auth', { type: 'auth', api_key: apiKey });
  if (answer?.type !== 'auth_success') throw new Error(`auth failed: ${JSON.stringify(answer)}`);
  return agent;
}

/** The sockets a suite opens: closed after the suite, together with its app. */
export interface SuiteSockets extends Array<RecordedSocket> {
  /** Opens a socket to the suite's app (see openSocket) and keeps it. */
  open(namespace: '/agents' | '/events', auth?: Record<string, unknown>): RecordedSocket;
}

/** `const sockets = closedAfterAll(() => app);` — push what you open elsewhere. */
export function closedAfterAll(
  app: () => { baseUrl: string; close(): Promise<void> } | undefined,
): SuiteSockets {
  const sockets = Object.assign([] as RecordedSocket[], {
    open: (namespace: '/agents' | '/events', auth?: Record<string, unknown>) => {
      const socket = openSocket(app()!.baseUrl, namespace, auth);
      sockets.push(socket);
      return socket;
    },
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app()?.close();
  });
  return sockets;
}
