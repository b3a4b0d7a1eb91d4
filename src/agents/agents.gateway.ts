import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import { JobAgentService } from '../jobs/job-agent.service.js';
import { AgentProtocolError } from './agent-errors.js';
import { AgentMessage, agentHandlers, CarriesApiKey } from './agent-message.decorator.js';
import { answerFailure, reply, struckOut } from './agent-answers.js';
import {
  heartbeatAck,
  messageType,
  parseAgentInfo,
  parseAuth,
  parseHeartbeat,
} from './agent-protocol.js';
import { AgentRevocationService } from './agent-revocation.service.js';
import { AgentSessionsService } from './agent-sessions.service.js';
import type { AgentNamespace, AgentSocket } from './agent-socket.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { CAPABILITIES, JOB_OUTPUT, JOB_RESULT } from './job-messages.js';
import { PresenceService } from './presence/presence.service.js';

/**
 * Namespace /agents (API.md §7). Thin on purpose: parsing lives in agent-protocol.ts, the rules in
 * AgentSessionsService / PresenceService, answers to failures in agent-answers.ts. Each socket has
 * one listener, `dispatch`, which finds the @AgentMessage handler of the event, runs the
 * ApiKeyGuard, and sends the handler's value to the client's acknowledgement callback, if any.
 */
@WebSocketGateway({ namespace: 'agents' })
export class AgentsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly handlers = agentHandlers(AgentsGateway.prototype);

  constructor(
    private readonly sessions: AgentSessionsService,
    private readonly revocations: AgentRevocationService,
    private readonly presence: PresenceService,
    private readonly guard: ApiKeyGuard,
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

  /** One listener shared by every socket (Socket.IO calls it with the socket as `this`). */
  private readonly listener = (() => {
    const dispatch = (socket: AgentSocket, event: string, args: unknown[]) =>
      this.dispatch(socket, event, args);
    return function (this: AgentSocket, event: string, ...args: unknown[]) {
      dispatch(this, event, args);
    };
  })();

  handleConnection(socket: AgentSocket): void {
    socket.onAny(this.listener);
    this.sessions.onConnection(socket);
  }

  handleDisconnect(socket: AgentSocket): void {
    this.sessions.onDisconnect(socket);
  }

  @CarriesApiKey()
  @AgentMessage('auth')
  async auth(socket: AgentSocket, payload: unknown) {
    const success = await this.sessions.authenticate(socket, parseAuth(payload).apiKey);
    if (success) socket.emit('auth_success', success);
    return success;
  }

  /** The documents' single-channel form: `message` events routed by their `type`. */
  @CarriesApiKey()
  @AgentMessage('message')
  message(socket: AgentSocket, payload: unknown) {
    switch (messageType(payload)) {
      case 'auth':
        return this.auth(socket, payload);
      case 'agent_info':
        return this.agentInfo(socket, payload);
      case 'heartbeat':
        return this.heartbeat(socket, payload);
      default:
        throw new AgentProtocolError();
    }
  }

  @AgentMessage('agent_info')
  async agentInfo(socket: AgentSocket, payload: unknown) {
    await this.presence.recordAgentInfo(socket.data.agent!, parseAgentInfo(payload));
    return { type: 'agent_info_ack' };
  }

  @AgentMessage('heartbeat')
  heartbeat(socket: AgentSocket, payload: unknown) {
    parseHeartbeat(payload);
    this.presence.heartbeat(socket.data.agent!.serverId);
    this.jobs.heartbeat(socket.id, socket.data.agent!, payload);
    const ack = heartbeatAck(new Date());
    socket.emit('heartbeat_ack', ack);
    return ack;
  }

  @AgentMessage('capabilities')
  capabilities(socket: AgentSocket, payload: unknown) {
    return this.jobs.capabilities(socket.id, socket.data.agent!, CAPABILITIES.parse(payload));
  }

  @AgentMessage('job_output')
  jobOutput(socket: AgentSocket, payload: unknown) {
    return this.jobs.output(socket.data.agent!, JOB_OUTPUT.parse(payload));
  }

  @AgentMessage('job_result')
  jobResult(socket: AgentSocket, payload: unknown) {
    return this.jobs.result(socket.data.agent!, JOB_RESULT.parse(payload));
  }

  /** Every event of every agent socket comes through here: the guard, then the handler. */
  private dispatch(socket: AgentSocket, event: string, args: unknown[]): void {
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    const payload = args[0];
    const handler = this.handlers.get(event);
    try {
      this.guard.check(socket, handler, payload);
      if (!handler) {
        reply(socket, ack, 'Unknown event');
        if (struckOut(socket)) socket.disconnect();
        return;
      }
      const method = (this as unknown as Record<string, Handler>)[handler.method];
      const result = method.call(this, socket, payload);
      if (result instanceof Promise) {
        result.then(
          (value) => respond(ack, value),
          (error: unknown) => answerFailure(socket, error, ack),
        );
      } else respond(ack, result);
    } catch (error) {
      answerFailure(socket, error, ack);
    }
  }
}

type Handler = (socket: AgentSocket, payload: unknown) => unknown;

function respond(ack: unknown, value: unknown): void {
  if (typeof ack === 'function' && value !== undefined) ack(value);
}
