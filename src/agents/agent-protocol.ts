import { AgentProtocolError } from './agent-errors.js';

export { AgentProtocolError } from './agent-errors.js';

/**
 * The agent protocol of API.md §7: the messages the server sends, and strict parsers for what
 * agents send. Parsers never trust the payload: anything that is not the documented shape is an
 * AgentProtocolError, answered with `error` "Invalid payload" (the detail goes to debug logs only).
 */

/** The refusal texts of the contract. */
export type RefusalMessage =
  'Invalid API key' | 'API key revoked' | 'API key expired' | 'Too many attempts';

export const REFUSAL_BY_REASON: Record<'invalid' | 'revoked' | 'expired', RefusalMessage> = {
  invalid: 'Invalid API key',
  revoked: 'API key revoked',
  expired: 'API key expired',
};

/** agent_info strings are capped: they end up in every servers list. */
export const MAX_INFO_LENGTH = 200;
/** A real key is 46 characters; anything this long is not a key and never reaches the verifier. */
export const MAX_API_KEY_LENGTH = 256;
/**
 * Socket.IO closes a connection whose single message exceeds this (engine.io maxHttpBufferSize):
 * agents send a few hundred bytes, so 64 KiB leaves room without letting anyone make us buffer MBs.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** JSON nested deeper than this is refused, as on HTTP (API.md §1). */
export const MAX_PAYLOAD_DEPTH = 32;

export interface AgentInfoMessage {
  version: string;
  hostname: string;
  os: string;
  platform: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A NUL, or a UTF-16 surrogate without its other half: no text an agent means to send. */
const UNSAFE_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isSafeText(value: string): boolean {
  return !UNSAFE_TEXT.test(value);
}

/**
 * Refuses, before any handler looks at it, a payload nested deeper than MAX_PAYLOAD_DEPTH or
 * carrying unsafe text anywhere (keys included). Iterative, so no depth can exhaust the stack.
 */
export function assertSafePayload(payload: unknown): void {
  const stack: [unknown, number][] = [[payload, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (!isSafeText(value)) throw new AgentProtocolError();
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_PAYLOAD_DEPTH) throw new AgentProtocolError();
      for (const [key, child] of Object.entries(value)) {
        if (!isSafeText(key)) throw new AgentProtocolError();
        stack.push([child, depth + 1]);
      }
    }
  }
}

function expectType(payload: Record<string, unknown>, type: string, required: boolean): void {
  if (payload.type === undefined && !required) return;
  if (payload.type !== type) throw new AgentProtocolError();
}

function boundedString(payload: Record<string, unknown>, field: string, max: number): string {
  const value = payload[field];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw new AgentProtocolError();
  return value.trim();
}

/**
 * `{type: "auth", api_key}`. On the `auth` event the type may be left out (the event name says it);
 * inside a plain `message` it is what routes the message, so the caller has checked it already.
 */
export function parseAuth(payload: unknown): { apiKey: string } {
  if (!isRecord(payload)) throw new AgentProtocolError();
  const { api_key: _key, ...rest } = payload;
  assertSafePayload(rest);
  expectType(payload, 'auth', false);
  // A string of key length that is not a key (bad characters, checksum…) is the verifier's
  // "Invalid API key", not a payload error.
  return { apiKey: boundedString(payload, 'api_key', MAX_API_KEY_LENGTH) };
}

export function parseAgentInfo(payload: unknown): AgentInfoMessage {
  if (!isRecord(payload)) throw new AgentProtocolError();
  assertSafePayload(payload);
  expectType(payload, 'agent_info', false);
  return {
    version: boundedString(payload, 'version', MAX_INFO_LENGTH),
    hostname: boundedString(payload, 'hostname', MAX_INFO_LENGTH),
    os: boundedString(payload, 'os', MAX_INFO_LENGTH),
    platform: boundedString(payload, 'platform', MAX_INFO_LENGTH),
  };
}

/** A heartbeat may carry anything else (uptime, load…); only its shape is checked. */
export function parseHeartbeat(payload: unknown): void {
  if (payload === undefined) return;
  if (!isRecord(payload)) throw new AgentProtocolError();
  assertSafePayload(payload);
  expectType(payload, 'heartbeat', false);
}

/** The `type` of a plain `message` event, which routes it to the handler of that name. */
export function messageType(payload: unknown): string | undefined {
  return isRecord(payload) && typeof payload.type === 'string' ? payload.type : undefined;
}

export const authSuccess = (serverId: string) =>
  ({ type: 'auth_success', server_id: serverId, message: 'Connected successfully' }) as const;
export const authError = (message: RefusalMessage) => ({ type: 'auth_error', message }) as const;
export const protocolError = (message: string) => ({ type: 'error', message }) as const;
export const heartbeatAck = (now: Date) =>
  ({ type: 'heartbeat_ack', server_time: now.toISOString() }) as const;
