import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Lets a shutdown wait for exactly the HTTP requests being answered. Once draining, every answer
 * carries `Connection: close`, so keep-alive clients and load balancers take their next request
 * elsewhere instead of to a closing instance.
 *
 * Nothing runs per request until then (issue #22: per-request bookkeeping was part of the lost
 * floor). The drain keeps the open connections — one Set entry per connection, not per request,
 * and none for a websocket once upgraded — and when draining starts takes the answer in flight on
 * each from the socket (`socket._httpMessage`: Node's own link from a connection to the response it
 * is writing; not documented, and relied on by http-terminator for the same purpose).
 * test/faults/shutdown.e2e-spec.ts checks the answers in flight, including the `Connection: close`.
 * Requests that arrive after that (their headers were still coming in) are caught by a `request`
 * listener added then. Pipelined requests queued behind an answer are not waited for.
 */
export class HttpDrain {
  private readonly connections = new Set<Socket>();
  private readonly inFlight = new Set<ServerResponse>();
  private readonly idleWaiters: Array<() => void> = [];

  /**
   * `except`: a path prefix whose requests are not waited for (Socket.IO's: its long polls end
   * when the gateways close their sockets, later in the shutdown).
   */
  constructor(
    server: Server,
    private readonly options: { except?: string } = {},
  ) {
    const connections = this.connections;
    function forget(this: Socket): void {
      connections.delete(this);
    }
    server.on('connection', (socket: Socket) => {
      connections.add(socket);
      socket.on('close', forget);
    });
    // A websocket is no longer an HTTP connection: the gateways end those themselves. (Engine.io
    // listens to `upgrade` too; this listener alone would take upgrades over from Node's default.)
    server.prependListener('upgrade', (_request: IncomingMessage, socket: Socket) => {
      connections.delete(socket);
      socket.removeListener('close', forget);
    });
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /**
   * Stops accepting connections, closes the idle keep-alive ones at once, and resolves when the
   * requests in flight have been answered — or with `false` when `timeoutMs` passes first.
   */
  async drain(server: Server, timeoutMs: number): Promise<boolean> {
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) =>
      this.answerLast(response),
    );
    for (const socket of this.connections) {
      const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (response && !response.writableFinished) this.answerLast(response);
    }
    // The callback fires once every connection has ended, websockets included: not awaited here.
    server.close(() => undefined);
    server.closeIdleConnections();
    if (this.inFlight.size === 0) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        // Connections that answered their last request before draining began are idle now.
        server.closeIdleConnections();
        resolve(true);
      });
    });
  }

  /** Waits for `response` and makes it the last answer on its connection. */
  private answerLast(response: ServerResponse): void {
    const except = this.options.except;
    if (except && response.req.url?.startsWith(except)) return;
    if (!response.headersSent) response.setHeader('Connection', 'close');
    this.inFlight.add(response);
    response.once('close', () => {
      this.inFlight.delete(response);
      if (this.inFlight.size === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    });
  }
}
