import { type ArgumentsHost, Catch, Logger, type WsExceptionFilter } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import {
  AgentBusyError,
  AgentNotAuthenticatedError,
  AgentProtocolError,
  AgentRefusedError,
} from './agent-errors.js';
import { protocolError } from './agent-protocol.js';
import { type AgentSocket, refuse } from './agent-socket.js';

/** API.md §7 v1.1: an authenticated agent sending more bad payloads than this in the window is cut. */
export const MAX_BAD_PAYLOADS = 20;
export const BAD_PAYLOAD_WINDOW_MS = 10_000;

const logger = new Logger('AgentsGateway');

/**
 * The one place agent failures become the contract's answers (`@UseFilters` on the gateway), so
 * no payload can crash the gateway or leak internals, and none writes a stack to the log:
 * refusals → `auth_error` + disconnect; unauthenticated → `error` "Not authenticated" +
 * disconnect; a bad payload → `error` "Invalid payload", then the disconnect if the socket is
 * unauthenticated or past its allowance; a WsException → `error` with its message. The pending
 * acknowledgement, if any, gets the same body.
 */
@Catch()
export class AgentExceptionsFilter implements WsExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    // A ws handler's arguments: [socket, data, ack, pattern].
    answerFailure(host.switchToWs().getClient<AgentSocket>(), error, host.getArgByIndex(2));
  }
}

export function answerFailure(socket: AgentSocket, error: unknown, ack: unknown): void {
  if (error instanceof AgentRefusedError) return refuse(socket, error.refusal, ack);
  if (error instanceof AgentNotAuthenticatedError) {
    reply(socket, ack, error.message);
    socket.disconnect();
    return;
  }
  if (error instanceof AgentBusyError) return reply(socket, ack, error.message);
  if (error instanceof AgentProtocolError) {
    reply(socket, ack, error.message);
    if (!socket.data.agent || struckOut(socket)) socket.disconnect();
    return;
  }
  if (error instanceof WsException) {
    const message = error.getError();
    return reply(socket, ack, typeof message === 'string' ? message : error.message);
  }
  // A fault of ours (the database is down…): one line, no stack, and the agent may try again.
  logger.error(`Agent event failed: ${error instanceof Error ? error.message : String(error)}`);
  reply(socket, ack, 'Internal server error');
}

export function reply(socket: AgentSocket, ack: unknown, message: string): void {
  const body = protocolError(message);
  socket.emit('error', body);
  if (typeof ack === 'function') ack(body);
}

/** Counts a bad payload; true once the socket has sent more than its allowance in the window. */
export function struckOut(socket: AgentSocket, now = Date.now()): boolean {
  const strikes = socket.data.strikes;
  if (!strikes || now - strikes.since > BAD_PAYLOAD_WINDOW_MS) {
    socket.data.strikes = { count: 1, since: now };
    return false;
  }
  return ++strikes.count > MAX_BAD_PAYLOADS;
}
