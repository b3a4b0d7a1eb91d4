import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { RedisConnection } from '../common/redis.module.js';
import { AppConfig } from '../config/app-config.js';
import { MAX_MESSAGE_BYTES } from './agent-protocol.js';

type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];
type IoServer = ReturnType<IoAdapter['createIOServer']>;

/**
 * The Socket.IO server every gateway shares, with options that hold for all namespaces. With
 * REDIS_URL set, the Redis adapter joins the instances: room broadcasts (presence to /events,
 * revocations to /agents), disconnectSockets() and serverSideEmit() reach sockets on every one.
 */
export class ClusterIoAdapter extends IoAdapter {
  constructor(private readonly app: INestApplicationContext) {
    super(app);
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
    const redis = this.app.get(RedisConnection);
    if (redis.client) server.adapter(createAdapter(redis.client, redis.duplicate()));
    return server;
  }
}
