import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';

/**
 * Counts the HTTP requests Fastify is handling, so a shutdown can wait for exactly those (Socket.IO
 * transports are not requests here: the gateways release them themselves). Once draining, every
 * answer carries `Connection: close`, so keep-alive clients and load balancers take their next
 * request elsewhere instead of to a closing instance.
 */
export class HttpDrain {
  private inFlight = 0;
  private draining = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(fastify: FastifyInstance) {
    fastify.addHook('onRequest', (_request, reply, done) => {
      this.inFlight++;
      reply.raw.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
      });
      done();
    });
    fastify.addHook('onSend', async (_request, reply) => {
      if (this.draining) reply.header('Connection', 'close');
    });
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /**
   * Stops accepting connections, closes the idle keep-alive ones at once, and resolves when the
   * requests in flight have been answered — or with `false` when `timeoutMs` passes first.
   */
  async drain(server: Server, timeoutMs: number): Promise<boolean> {
    this.draining = true;
    // The callback fires once every connection has ended, websockets included: not awaited here.
    server.close(() => undefined);
    server.closeIdleConnections();
    if (this.inFlight === 0) return true;
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
