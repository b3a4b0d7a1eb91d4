import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CARRIES_API_KEY, type CarriesKeyTest } from './agent-event.decorators.js';
import { AgentNotAuthenticatedError } from './agent-errors.js';
import type { AgentSocket } from './agent-socket.js';

/**
 * Every agent handler (`@UseGuards(ApiKeyGuard)` on the gateway): the socket must hold an
 * authenticated key. Only a handler marked `@CarriesApiKey()` runs without one, for the payloads
 * it admits. The refusal is answered by AgentExceptionsFilter: `error` "Not authenticated", then
 * the disconnect.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const ws = context.switchToWs();
    if (ws.getClient<AgentSocket>().data.agent) return true;
    const admits = this.reflector.get<CarriesKeyTest | undefined>(
      CARRIES_API_KEY,
      context.getHandler(),
    );
    if (admits?.(ws.getData())) return true;
    throw new AgentNotAuthenticatedError();
  }
}
