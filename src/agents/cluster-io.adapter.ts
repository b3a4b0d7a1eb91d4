import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { isObservable, type Observable } from 'rxjs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { RedisConnection } from '../common/redis.module.js';
import { setSecurityHeaders } from '../common/security-headers.js';
import { AppConfig } from '../config/app-config.js';
import { MAX_MESSAGE_BYTES } from './agent-protocol.js';
import { SOCKET_IO_PATH } from './socket-io-path.js';

type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type Socket = Parameters<IoAdapter['bindMessageHandlers']>[0];
type MessageHandler = Parameters<IoAdapter['bindMessageHandlers']>[1][number];
type Callback = MessageHandler['callback'];

/**
 * `@SubscribeMessage(OTHER_EVENTS)` receives the events no other handler of the gateway names
 * (ClusterIoAdapter's convention, like Socket.IO's `onAny`).
 */
export const OTHER_EVENTS = '*';

interface HandlerTable {
  /** The one `onAny` listener of the namespace's sockets (called with the socket as `this`). */
  listener: (this: Socket, event: string, ...args: unknown[]) => void;
  index: Map<string, number>;
  /** Handlers that answer the acknowledgement themselves (Nest's `@Ack()`). */
  manualAck: boolean[];
  other: number | undefined;
}

const dispatchLogger = new Logger('ClusterIoAdapter');

/** Each socket's handlers, as Nest bound them to it (a WeakMap entry costs less than a closure). */
const boundHandlers = new WeakMap<Socket, Callback[]>();

function handlerTable(handlers: MessageHandler[]): HandlerTable {
  const index = new Map(handlers.map((handler, i) => [String(handler.message), i]));
  const table: HandlerTable = {
    listener(event, ...args) {
      const callbacks = boundHandlers.get(this);
      if (callbacks) dispatch(this, table, callbacks, event, args);
    },
    index,
    manualAck: handlers.map((handler) => Boolean(handler.isAckHandledManually)),
    other: index.get(OTHER_EVENTS),
  };
  return table;
}

/**
 * What Nest's IoAdapter does per event, without a stream per handler: the last argument, if a
 * function, is the acknowledgement; the handler's value (or each value of an Observable) goes to
 * it, or is emitted when it is `{event, data}`. Failures were answered by the gateway's filters;
 * anything they let through is logged, as Nest does.
 */
function dispatch(
  socket: Socket,
  table: HandlerTable,
  callbacks: Callback[],
  event: string,
  args: unknown[],
): void {
  const i = table.index.get(event) ?? table.other;
  if (i === undefined) return;
  const ack =
    typeof args.at(-1) === 'function' ? (args.pop() as (value: unknown) => void) : undefined;
  const data = args.length > 1 ? args : args[0];
  const respond = (response: unknown) => {
    if (response === undefined || response === null) return;
    const emitted = response as { event?: string; data?: unknown };
    if (emitted.event) socket.emit(emitted.event, emitted.data);
    else if (ack && !table.manualAck[i]) ack(response);
  };
  const fail = (error: unknown) => dispatchLogger.error(error);
  Promise.resolve(callbacks[i](data, ack)).then((result) => {
    if (isObservable(result)) result.subscribe({ next: respond, error: fail });
    else respond(result);
  }, fail);
}

/**
 * The Socket.IO server every gateway shares, with options that hold for all namespaces. With
 * REDIS_URL set, the Redis adapter joins the instances: room broadcasts (presence to /events,
 * revocations to /agents), disconnectSockets() and serverSideEmit() reach sockets on every one.
 * Redis may go away at any time (or not be there at start-up): the adapter's Redis calls are made
 * so that an outage costs cross-instance delivery only, never the process (see `contain`).
 */
export class ClusterIoAdapter extends IoAdapter {
  private readonly redisLogger = new Logger('ClusterIoAdapter');
  private readonly tables = new WeakMap<object, HandlerTable>();

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
      path: SOCKET_IO_PATH,
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
    this.harden(this.httpServer as HttpServer | undefined, `${server.path()}/`);
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
   * Binds the `@SubscribeMessage` handlers Nest built for a new socket — each one already wrapped
   * in the gateway's guards, pipes, interceptors and filters — behind one `onAny` listener. Nest's
   * own IoAdapter makes an RxJS chain per handler and a disconnect observable for every socket,
   * which at fleet scale was most of an idle agent's memory (issue #10); here a socket keeps its
   * handler list; the listener and the event → handler table are built once per namespace. An event
   * no handler names goes to the handler of OTHER_EVENTS, if the gateway has one.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageHandler[],
    _transform: (data: unknown) => Observable<unknown>,
  ): void {
    if (handlers.length === 0) return;
    let table = this.tables.get(socket.nsp);
    if (!table) {
      table = handlerTable(handlers);
      this.tables.set(socket.nsp, table);
    }
    boundHandlers.set(
      socket,
      handlers.map((handler) => handler.callback),
    );
    socket.onAny(table.listener);
    // socket.io keeps `onAny` listeners in an array it grows by `push`, which V8 sizes for 17
    // elements (152 bytes a socket); the same one listener in an array of its size is 24 bytes.
    const any = socket as unknown as { _anyListeners?: unknown[] };
    if (any._anyListeners?.length === 1) any._anyListeners = [table.listener];
  }

  /**
   * Nest's per-socket disconnect callback, with `on` rather than `once`: a socket disconnects once,
   * and `once` wraps every listener in two more objects (~180 bytes an agent).
   */
  override bindClientDisconnect(client: Socket, callback: (reason: unknown) => void): void {
    client.on('disconnect', callback);
  }

  /**
   * The security headers on engine.io's HTTP answers (polling, and its errors): engine.io answers
   * its path before Fastify sees the request, so the Fastify hook that sets them on every other
   * answer (common/security-headers.ts) never runs for these. They are set on Node's response for
   * that path only — anywhere else a header set this way would slow every Fastify answer down.
   *
   * Engine.io has by now taken the server's `request` listeners into one of its own; that one is
   * wrapped in turn, as engine.io does, rather than a second listener added: Node copies the
   * listener list on every event that has more than one (issue #22, the per-request floor).
   */
  private harden(httpServer: HttpServer | undefined, enginePath: string): void {
    if (!httpServer || (httpServer as { chatopsHardened?: true }).chatopsHardened) return;
    (httpServer as { chatopsHardened?: true }).chatopsHardened = true;
    const listeners = httpServer.listeners('request') as Array<
      (this: HttpServer, request: IncomingMessage, response: ServerResponse) => void
    >;
    httpServer.removeAllListeners('request');
    httpServer.on(
      'request',
      function (this: HttpServer, request: IncomingMessage, response: ServerResponse) {
        if (request.url?.startsWith(enginePath)) setSecurityHeaders(response);
        for (const listener of listeners) listener.call(this, request, response);
      },
    );
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
