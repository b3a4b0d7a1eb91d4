import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The caller's user agent and IP (behind a proxy, as TRUST_PROXY allows Fastify to tell). */
export function clientInfoOf(request: FastifyRequest): { userAgent?: string; ip: string } {
  const userAgent = request.headers['user-agent'];
  return { userAgent: typeof userAgent === 'string' ? userAgent : undefined, ip: request.ip };
}

export const ClientInfo = createParamDecorator((_: unknown, context: ExecutionContext) =>
  clientInfoOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
