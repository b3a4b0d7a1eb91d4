import { Injectable } from '@nestjs/common';
import { AgentNotAuthenticatedError } from './agent-errors.js';
import type { AgentHandler } from './agent-message.decorator.js';
import { messageType } from './agent-protocol.js';
import type { AgentSocket } from './agent-socket.js';

/**
 * Protects every agent handler (the gateway's dispatcher calls it before each one): the socket
 * must hold an authenticated key. Only an auth message itself may pass without one, and only into
 * a handler marked @CarriesApiKey() — so a plain `message` of another type is refused like any
 * other event.
 */
@Injectable()
export class ApiKeyGuard {
  check(socket: AgentSocket, handler: AgentHandler | undefined, payload: unknown): void {
    if (socket.data.agent) return;
    const isAuthMessage = handler?.event === 'auth' || messageType(payload) === 'auth';
    if (handler?.carriesApiKey && isAuthMessage) return;
    throw new AgentNotAuthenticatedError();
  }
}
