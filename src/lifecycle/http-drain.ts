import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Tracks the HTTP requests being answered, so a shutdown can wait for exactly those (Socket.IO
 * transports are not requests here: engine.io answers its path before this listener runs, and the
 * gateways release their sockets themselves). Once draining, every answer carries
 * `Connection: close`, so keep-alive clients and load balancers take their next request elsewhere
 * instead of to a closing instance.
 *
 * A listener on Node's `request` event, not Fastify hooks: one Set entry and one shared `close`
 * listener per request, nothing allocated and no hook run on the hot path (issue #22: per-request
 * bookkeeping was part of the lost floor); the draining flag is checked when a request arrives, and
 * the answers already in flight when draining starts are marked then.
 */
export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(server: Server) {
    const inFlight = this.inFlight;
    const idleWaiters = this.idleWaiters;
    function answered(this: ServerResponse): void {
      inFlight.delete(this);
      if (inFlight.size === 0 && idleWaiters.length)
        idleWaiters.splice(0).forEach((wake) => wake());
    }
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
      inFlight.add(response);
      response.on('close', answered);
      if (this.draining) response.setHeader('Connection', 'close');
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
    this.draining = true;
    for (const response of this.inFlight) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
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
}
