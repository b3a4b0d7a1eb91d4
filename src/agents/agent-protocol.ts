/**
 * The agent protocol of API.md §7: event names, the messages the server sends, and strict parsers
 * for what agents send. Parsers never trust the payload: anything that is not the documented shape
 * is an AgentProtocolError, answered with an `error` event by the gateway's filter.
 */

export const AGENT_EVENTS = {
  auth: 'auth',
  message: 'message',
  agentInfo: 'agent_info',
  heartbeat: 'heartbeat',
} as const;

/** Events the gateway answers; anything else from a client is "unknown". */
export const KNOWN_AGENT_EVENTS: ReadonlySet<string> = new Set(Object.values(AGENT_EVENTS));

/** The three refusal texts of the contract. */
export type RefusalMessage = 'Invalid API key' | 'API key revoked' | 'API key expired';

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

export class AgentProtocolError extends Error {}

export interface AgentInfoMessage {
  version: string;
  hostname: string;
  os: string;
  platform: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectType(payload: Record<string, unknown>, type: string, required: boolean): void {
  if (payload.type === undefined && !required) return;
  if (payload.type !== type)
    throw new AgentProtocolError(`Invalid payload: "type" must be "${type}"`);
}

function boundedString(payload: Record<string, unknown>, field: string, max: number): string {
  const value = payload[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AgentProtocolError(`Invalid payload: "${field}" must be a non-empty string`);
  }
  if (value.length > max)
    throw new AgentProtocolError(`Invalid payload: "${field}" is longer than ${max} characters`);
  return value.trim();
}

/**
 * `{type: "auth", api_key}`. On the `auth` event the type may be left out (the event name says it);
 * inside a plain `message` it is what routes the message, so the caller has checked it already.
 */
export function parseAuth(payload: unknown): { apiKey: string } {
  if (!isRecord(payload))
    throw new AgentProtocolError('Invalid payload: expected {"type": "auth", "api_key": "..."}');
  expectType(payload, 'auth', false);
  return { apiKey: boundedString(payload, 'api_key', MAX_API_KEY_LENGTH) };
}

export function parseAgentInfo(payload: unknown): AgentInfoMessage {
  if (!isRecord(payload)) {
    throw new AgentProtocolError(
      'Invalid payload: expected {"type": "agent_info", "version", "hostname", "os", "platform"}',
    );
  }
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
  if (!isRecord(payload))
    throw new AgentProtocolError('Invalid payload: expected {"type": "heartbeat"}');
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
