import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server as HttpServer, ServerResponse } from 'node:http';
import { RedisConnection } from '../common/redis.module.js';
import { AppConfig } from '../config/app-config.js';
import { MAX_MESSAGE_BYTES } from './agent-protocol.js';

type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];
type IoServer = ReturnType<IoAdapter['createIOServer']>;

/** The headers the README promises on every answer: the API's, the console's and Socket.IO's. */
const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
];

/**
 * The Socket.IO server every gateway shares, with options that hold for all namespaces. With
 * REDIS_URL set, the Redis adapter joins the instances: room broadcasts (presence to /events,
 * revocations to /agents), disconnectSockets() and serverSideEmit() reach sockets on every one.
 * Redis may go away at any time (or not be there at start-up): the adapter's Redis calls are made
 * so that an outage costs cross-instance delivery only, never the process (see `contain`).
 */
export class ClusterIoAdapter extends IoAdapter {
  private readonly redisLogger = new Logger('ClusterIoAdapter');

  /** The Redis adapter's module is imported only when REDIS_URL is set (see `create`). */
  private constructor(
    private readonly app: INestApplicationContext,
    private readonly redisAdapter: typeof createAdapter | undefined,
  ) {
    super(app);
  }

  static async create(
    app: INestApplicationContext,
    config: { redisUrl?: string },
  ): Promise<ClusterIoAdapter> {
    const redisAdapter = config.redisUrl
      ? (await import('@socket.io/redis-adapter')).createAdapter
      : undefined;
    return new ClusterIoAdapter(app, redisAdapter);
  }

  // Typed through IoAdapter: @nestjs/platform-socket.io carries its own copy of socket.io.
  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const config = this.app.get(AppConfig);
    const server = super.createIOServer(port, {
      ...(options as object),
      // Agents and the tests speak websocket only: one long-lived TCP connection, so a load balancer
      // needs no sticky sessions for them. Polling stays on for browsers behind websocket-hostile
      // proxies; those clients do need sticky sessions when several instances run.
      transports: ['websocket', 'polling'],
      // Refuse oversized messages at the transport (the connection is closed), before any parsing.
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      // A silent agent (crashed host, cut cable) is dropped within pingInterval + pingTimeout (2 ×
      // AGENT_PING_INTERVAL, 20 s by default), which is when its server turns offline; far tighter
      // would disconnect agents on slow links.
      pingInterval: config.agentPingInterval * 1000,
      pingTimeout: config.agentPingInterval * 1000,
      connectTimeout: 10_000,
      serveClient: false,
      cors: config.corsOrigins ? { origin: config.corsOrigins, credentials: false } : undefined,
    } as IoServerOptions);
    this.harden(this.httpServer as HttpServer | undefined);
    const redis = this.app.get(RedisConnection);
    if (redis.client && this.redisAdapter) {
      // Publishes fail at once while Redis is away (nothing stale is delivered after it returns);
      // subscriptions wait for it, and ioredis renews them on every reconnection.
      const pub = contain(
        redis.duplicate({ enableOfflineQueue: false }, 'publisher'),
        this.redisLogger,
      );
      const sub = contain(
        redis.duplicate({ maxRetriesPerRequest: null }, 'subscriber'),
        this.redisLogger,
      );
      server.adapter(this.redisAdapter(pub, sub));
    }
    return server;
  }

  /**
   * Nest binds message handlers on every new socket, and for each one builds a disconnect
   * observable it keeps per socket — even for a gateway with no @SubscribeMessage handler (ours
   * dispatch their own events). Skipping the empty case saves that on every agent of a fleet.
   */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    if (args[1].length > 0) super.bindMessageHandlers(...args);
  }

  /**
   * Security headers on every HTTP answer of the server. engine.io answers its path before Fastify
   * sees the request (a Fastify hook never runs for it), so this listener, prepended once engine.io
   * has wrapped the others, runs first for every request and sets the headers the answer then
   * carries, whoever writes it — the one place they are set (app.factory.ts says so).
   */
  private harden(httpServer: HttpServer | undefined): void {
    if (!httpServer || (httpServer as { chatopsHardened?: true }).chatopsHardened) return;
    (httpServer as { chatopsHardened?: true }).chatopsHardened = true;
    httpServer.prependListener('request', (_request, response: ServerResponse) => {
      for (const [name, value] of SECURITY_HEADERS) response.setHeader(name, value);
    });
  }
}

/**
 * @socket.io/redis-adapter calls publish/subscribe without handling their rejections: with Redis
 * down, ioredis's errors became unhandled rejections that ended the process. Every such call now
 * settles: a failure is logged (once per outage) and dropped.
 */
function contain(connection: Redis, logger: Logger): Redis {
  let warned = false;
  connection.on('ready', () => (warned = false));
  const target = connection as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['publish', 'psubscribe', 'subscribe', 'punsubscribe', 'unsubscribe']) {
    const original = target[name].bind(connection);
    target[name] = (...args: unknown[]) =>
      Promise.resolve()
        .then(() => original(...args))
        .catch((error: Error) => {
          if (warned) return undefined;
          warned = true;
          logger.warn(`Cross-instance delivery paused (${name}): ${error.message}`);
          return undefined;
        });
  }
  return connection;
}
