import { createParamDecorator, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { AgentPayload } from './agent-messages.js';

/**
 * Validates an agent event's payload with the strict parser of its message (agent-messages.ts)
 * and hands the handler the parsed value. A bad payload throws AgentProtocolError, which
 * AgentExceptionsFilter answers with `error` "Invalid payload". The AsyncAPI document reads the
 * message's schema from this pipe, so the schema a handler is documented with is the one it is
 * checked against.
 */
export class AgentPayloadPipe<T> implements PipeTransform<unknown, T> {
  constructor(readonly message: AgentPayload<T>) {}

  transform(value: unknown): T {
    return this.message.parse(value);
  }
}

const messageBody = createParamDecorator((_: unknown, context: ExecutionContext): unknown =>
  context.switchToWs().getData(),
);

/**
 * The event's payload, parsed: `@AgentBody(HEARTBEAT) body` is `@MessageBody()` with
 * AgentPayloadPipe. It is a custom parameter on purpose: the app's global HTTP pipe (422 bodies,
 * common/validation.pipe.ts) passes custom parameters through untouched, where it would check a
 * `@MessageBody()` like an HTTP body and answer in HTTP's terms.
 */
export const AgentBody = <T>(message: AgentPayload<T>): ParameterDecorator =>
  messageBody(undefined, new AgentPayloadPipe(message));
