import { UseFilters, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type {
  CapabilitiesMessage,
  JobOutputMessage,
  JobResultMessage,
} from '../jobs/job-protocol.js';
import { JobAgentService } from '../jobs/job-agent.service.js';
import { AgentReply, CarriesApiKey } from './agent-event.decorators.js';
import { AgentProtocolError } from './agent-errors.js';
import { AgentExceptionsFilter } from './agent-exceptions.filter.js';
import {
  AGENT_INFO,
  AGENT_INFO_ACK,
  AUTH,
  AUTH_SUCCESS,
  HEARTBEAT,
  HEARTBEAT_ACK,
  type HeartbeatMessage,
  MESSAGE,
  type RoutedMessage,
} from './agent-messages.js';
import { AgentBody } from './agent-payload.pipe.js';
import { type AgentInfoMessage, heartbeatAck, messageType } from './agent-protocol.js';
import { AgentRevocationService } from './agent-revocation.service.js';
import { AgentSessionsService } from './agent-sessions.service.js';
import type { AgentNamespace, AgentSocket } from './agent-socket.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { OTHER_EVENTS } from './cluster-io.adapter.js';
import {
  CAPABILITIES,
  CAPABILITIES_ACK,
  JOB_OUTPUT,
  JOB_OUTPUT_ACK,
  JOB_RESULT,
  JOB_RESULT_ACK,
} from './job-messages.js';
import { PresenceService } from './presence/presence.service.js';

/**
 * Namespace /agents (API.md §7), in Nest's idiom: every event a `@SubscribeMessage` handler,
 * every handler behind ApiKeyGuard (only `@CarriesApiKey()` ones run unauthenticated), each
 * payload parsed by `@AgentBody(message)` (AgentPayloadPipe), every failure answered by AgentExceptionsFilter. Thin on
 * purpose: the rules live in AgentSessionsService / PresenceService. A handler's return value goes
 * to the client's acknowledgement callback, if any. ClusterIoAdapter binds these handlers with one
 * listener per socket (fleet-scale memory, issue #10).
 */
@WebSocketGateway({ namespace: 'agents' })
@UseGuards(ApiKeyGuard)
@UseFilters(AgentExceptionsFilter)
export class AgentsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly sessions: AgentSessionsService,
    private readonly revocations: AgentRevocationService,
    private readonly presence: PresenceService,
    private readonly jobs: JobAgentService,
  ) {}

  afterInit(namespace: AgentNamespace): void {
    this.sessions.bind(namespace);
    this.revocations.bind(namespace);
    this.jobs.bind(namespace);
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

  @SubscribeMessage('auth')
  @CarriesApiKey()
  @AgentReply(AUTH_SUCCESS)
  async auth(
    @ConnectedSocket() socket: AgentSocket,
    @AgentBody(AUTH) { apiKey }: { apiKey: string },
  ) {
    const success = await this.sessions.authenticate(socket, apiKey);
    if (success) socket.emit('auth_success', success);
    return success;
  }

  @SubscribeMessage('agent_info')
  @AgentReply(AGENT_INFO_ACK)
  async agentInfo(
    @ConnectedSocket() socket: AgentSocket,
    @AgentBody(AGENT_INFO) info: AgentInfoMessage,
  ) {
    await this.presence.recordAgentInfo(socket.data.agent!, info);
    return { type: 'agent_info_ack' };
  }

  @SubscribeMessage('heartbeat')
  @AgentReply(HEARTBEAT_ACK)
  heartbeat(
    @ConnectedSocket() socket: AgentSocket,
    @AgentBody(HEARTBEAT) heartbeat: HeartbeatMessage,
  ) {
    this.presence.heartbeat(socket.data.agent!.serverId);
    this.jobs.heartbeat(socket.id, socket.data.agent!, heartbeat);
    const ack = heartbeatAck(new Date());
    socket.emit('heartbeat_ack', ack);
    return ack;
  }

  /** The agent's action catalog, from its own configuration (API.md §13). */
  @SubscribeMessage('capabilities')
  @AgentReply(CAPABILITIES_ACK)
  capabilities(
    @ConnectedSocket() socket: AgentSocket,
    @AgentBody(CAPABILITIES) catalog: CapabilitiesMessage,
  ) {
    return this.jobs.capabilities(socket.id, socket.data.agent!, catalog);
  }

  @SubscribeMessage('job_output')
  @AgentReply(JOB_OUTPUT_ACK)
  jobOutput(
    @ConnectedSocket() socket: AgentSocket,
    @AgentBody(JOB_OUTPUT) chunk: JobOutputMessage,
  ) {
    return this.jobs.output(socket.data.agent!, chunk);
  }

  @SubscribeMessage('job_result')
  @AgentReply(JOB_RESULT_ACK)
  jobResult(
    @ConnectedSocket() socket: AgentSocket,
    @AgentBody(JOB_RESULT) result: JobResultMessage,
  ) {
    return this.jobs.result(socket.data.agent!, result);
  }

  /** The documents' single-channel form: `message` events routed by their `type`. */
  @SubscribeMessage('message')
  @CarriesApiKey((payload) => messageType(payload) === 'auth')
  @AgentReply(AUTH_SUCCESS, AGENT_INFO_ACK, HEARTBEAT_ACK)
  message(@ConnectedSocket() socket: AgentSocket, @AgentBody(MESSAGE) message: RoutedMessage) {
    switch (message.type) {
      case 'auth':
        return this.auth(socket, message);
      case 'agent_info': {
        const { type: _, ...info } = message;
        return this.agentInfo(socket, info);
      }
      case 'heartbeat': {
        const { type: _, ...heartbeat } = message;
        return this.heartbeat(socket, heartbeat);
      }
    }
  }

  /** Any event no handler above takes (behind the guard like the others). */
  @SubscribeMessage(OTHER_EVENTS)
  unknown(): never {
    throw new AgentProtocolError('Unknown event');
  }
}
