// Baseline 2: a Nest gateway on the same platform as the API (Fastify, @nestjs/platform-socket.io)
// with a guard and @SubscribeMessage handlers like the gateway had before issue #10, but no
// database: the key is checked for its format only. PORT from the environment.
import 'reflect-metadata';
import { Injectable, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';

class KeyGuard {
  canActivate(context) {
    return Boolean(context.switchToWs().getClient().data.serverId);
  }
}
Injectable()(KeyGuard);

class AgentsGateway {
  afterInit(namespace) {
    namespace.use((socket, next) => {
      const key = socket.handshake.auth?.api_key;
      if (typeof key !== 'string' || !key.startsWith('chatops_')) return next(new Error('Invalid API key'));
      socket.data.serverId = 'nest';
      next();
    });
  }
  handleConnection(socket) {
    socket.emit('auth_success', { type: 'auth_success', server_id: socket.data.serverId, message: 'Connected successfully' });
  }
  auth() {
    return { type: 'auth_success' };
  }
  message() {
    return { type: 'error', message: 'Invalid payload' };
  }
  agentInfo() {
    return { type: 'agent_info_ack' };
  }
  heartbeat() {
    return { type: 'heartbeat_ack', server_time: new Date().toISOString() };
  }
}
for (const [event, method] of [['auth', 'auth'], ['message', 'message'], ['agent_info', 'agentInfo'], ['heartbeat', 'heartbeat']]) {
  const descriptor = Object.getOwnPropertyDescriptor(AgentsGateway.prototype, method);
  SubscribeMessage(event)(AgentsGateway.prototype, method, descriptor);
}
UseGuards(KeyGuard)(AgentsGateway);
WebSocketGateway({ namespace: 'agents', transports: ['websocket'] })(AgentsGateway);

class AppModule {}
Module({ providers: [AgentsGateway, KeyGuard] })(AppModule);

const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: ['error'] });
app.useWebSocketAdapter(new IoAdapter(app));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1', backlog: 4096 });
console.log('listening');
