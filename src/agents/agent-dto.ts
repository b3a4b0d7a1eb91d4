import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AgentProtocolError } from './agent-errors.js';
import { assertSafePayload } from './agent-protocol.js';

/**
 * An agent payload checked against its class-validator DTO (the job messages' DTOs live in
 * src/jobs/dto): anything else is an AgentProtocolError ("Invalid payload"), as the parsers of
 * agent-protocol.ts answer. Where the gateway takes Nest's ValidationPipe, `@MessageBody()` with
 * the same DTO replaces this call.
 */
export function parsePayload<T extends object>(dto: new () => T, payload: unknown): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new AgentProtocolError();
  assertSafePayload(payload);
  const instance = plainToInstance(dto, payload);
  if (validateSync(instance, { forbidUnknownValues: true }).length > 0)
    throw new AgentProtocolError();
  return instance;
}
