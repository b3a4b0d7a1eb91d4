import { UseFilters, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  AGENT_EVENTS,
  AgentProtocolError,
  heartbeatAck,
  messageType,
  parseAgentInfo,
  parseAuth,
  parseHeartbeat,
} from './agent-protocol.js';
import type { AgentNamespace, AgentSocket } from './agent-socket.js';
import { AgentsExceptionFilter } from './agents-exception.filter.js';
import { AgentRevocationService } from './agent-revocation.service.js';
import { AgentSessionsService } from './agent-sessions.service.js';
import { ApiKeyGuard, CarriesApiKey } from './api-key.guard.js';
import { PresenceService } from './presence/presence.service.js';

/**
 * Namespace /agents (API.md §7). Thin on purpose: parsing lives in agent-protocol.ts, the rules in
 * AgentSessionsService / PresenceService, answers to failures in AgentsExceptionFilter. Returned
 * values go to the client's acknowledgement callback, when it gave one.
 */
@UseFilters(AgentsExceptionFilter)
@UseGuards(ApiKeyGuard)
@WebSocketGateway({ namespace: 'agents' })
export class AgentsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly sessions: AgentSessionsService,
    private readonly revocations: AgentRevocationService,
    private readonly presence: PresenceService,
  ) {}

  afterInit(namespace: AgentNamespace): void {
    this.sessions.bind(namespace);
    this.revocations.bind(namespace);
    namespace.use((socket, next) => {
      this.sessions.verifyHandshake(socket).then(
        () => next(),
        () => next(new Error('Service unavailable')),
      );
    });
  }

  handleConnection(socket: AgentSocket): void {
    this.sessions.onConnection(socket);
  }

  handleDisconnect(socket: AgentSocket): void {
    this.sessions.onDisconnect(socket);
  }

  @CarriesApiKey()
  @SubscribeMessage(AGENT_EVENTS.auth)
  async auth(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown) {
    const success = await this.sessions.authenticate(socket, parseAuth(payload).apiKey);
    if (success) socket.emit('auth_success', success);
    return success;
  }

  /** The documents' single-channel form: `message` events routed by their `type`. */
  @CarriesApiKey()
  @SubscribeMessage(AGENT_EVENTS.message)
  message(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown) {
    switch (messageType(payload)) {
      case 'auth':
        return this.auth(socket, payload);
      case 'agent_info':
        return this.agentInfo(socket, payload);
      case 'heartbeat':
        return this.heartbeat(socket, payload);
      default:
        throw new AgentProtocolError('Invalid payload: unknown message type');
    }
  }

  @SubscribeMessage(AGENT_EVENTS.agentInfo)
  async agentInfo(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown) {
    await this.presence.recordAgentInfo(socket.data.agent!, parseAgentInfo(payload));
    return { type: 'agent_info_ack' };
  }

  @SubscribeMessage(AGENT_EVENTS.heartbeat)
  heartbeat(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown) {
    parseHeartbeat(payload);
    this.presence.heartbeat(socket.data.agent!.serverId);
    const ack = heartbeatAck(new Date());
    socket.emit('heartbeat_ack', ack);
    return ack;
  }
}
