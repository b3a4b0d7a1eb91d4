import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AGENT_EVENTS, messageType } from './agent-protocol.js';
import type { AgentSocket } from './agent-socket.js';

const CARRIES_API_KEY = 'agents:carries-api-key';

/** Marks a handler that may receive the credentials themselves (the `auth` message). */
export const CarriesApiKey = () => SetMetadata(CARRIES_API_KEY, true);

/** Thrown for any agent event that needs an authenticated socket and came from one that is not. */
export class AgentNotAuthenticatedError extends Error {
  constructor() {
    super('Not authenticated');
  }
}

/**
 * Protects every agent handler: the socket must hold an authenticated key (set by
 * AgentSessionsService). Only an auth message itself may pass without one, and only into a handler
 * marked @CarriesApiKey() — so a plain `message` of another type is refused like any other event.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const ws = context.switchToWs();
    if (ws.getClient<AgentSocket>().data.agent) return true;
    const isAuthMessage =
      ws.getPattern() === AGENT_EVENTS.auth || messageType(ws.getData()) === 'auth';
    if (isAuthMessage && this.reflector.get<boolean>(CARRIES_API_KEY, context.getHandler()))
      return true;
    throw new AgentNotAuthenticatedError();
  }
}
