import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { AgentProtocolError, protocolError, type RefusalMessage } from './agent-protocol.js';
import { type AgentSocket, refuse } from './agent-socket.js';
import { AgentNotAuthenticatedError } from './api-key.guard.js';

/** A presented key was refused: answered with `auth_error`, then the disconnect. */
export class AgentRefusedError extends Error {
  constructor(readonly refusal: RefusalMessage) {
    super(refusal);
  }
}

/**
 * Turns whatever a handler throws into the contract's answers, so no payload can crash the
 * gateway or leak internals: refusals → `auth_error` + disconnect; unauthenticated → `error`
 * "Not authenticated" + disconnect; malformed → `error` with the reason (the socket stays).
 * The pending acknowledgement, if any, gets the same body.
 */
@Catch()
export class AgentsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AgentsGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const socket = host.switchToWs().getClient<AgentSocket>();
    // Handler arguments are (socket, data, ack, pattern); ack is undefined when the client gave none.
    const ack: unknown = host.getArgByIndex(2);
    if (exception instanceof AgentRefusedError) return refuse(socket, exception.refusal, ack);
    if (exception instanceof AgentNotAuthenticatedError) {
      reply(socket, ack, exception.message);
      socket.disconnect();
      return;
    }
    if (exception instanceof AgentProtocolError) return reply(socket, ack, exception.message);
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    reply(socket, ack, 'Internal server error');
  }
}

function reply(socket: AgentSocket, ack: unknown, message: string): void {
  const body = protocolError(message);
  socket.emit('error', body);
  if (typeof ack === 'function') ack(body);
}
