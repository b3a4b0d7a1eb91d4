import { AgentProtocolError } from './agent-errors.js';
import { JOB_EMITTED } from './job-messages.js';
import {
  type AgentInfoMessage,
  MAX_API_KEY_LENGTH,
  MAX_INFO_LENGTH,
  messageType,
  parseAgentInfo,
  parseAuth,
  parseHeartbeat,
} from './agent-protocol.js';

/**
 * Every message of the agent protocol (API.md §7) once, as a JSON Schema: the AsyncAPI document
 * (asyncapi/) is built from these, the payload pipe of each handler checks with the parser beside
 * its schema. A new message is one entry here; a new agent event is a handler whose
 * `@MessageBody(new AgentPayloadPipe(X))` names one of them.
 */
export type JsonSchema = { [keyword: string]: unknown };

/** What an agent sends: its schema for the document, its strict parser for the pipe. */
export interface AgentPayload<T> {
  /** The message's name in the AsyncAPI document (components.messages). */
  readonly name: string;
  readonly summary: string;
  readonly schema: JsonSchema;
  parse(payload: unknown): T;
}

const text = (description: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: MAX_INFO_LENGTH,
  description,
});

const typeField = (type: string): JsonSchema => ({
  type: 'string',
  const: type,
  description: 'May be left out on the event of the same name; required inside `message`.',
});

export const AUTH: AgentPayload<{ apiKey: string }> = {
  name: 'auth',
  summary: 'Authenticates the socket with an API key (first message; or use the handshake auth).',
  schema: {
    type: 'object',
    required: ['api_key'],
    properties: {
      type: typeField('auth'),
      api_key: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_API_KEY_LENGTH,
        description: 'The API key of the server (`chatops_…`), as created or rotated.',
      },
    },
  },
  parse: parseAuth,
};

export const AGENT_INFO: AgentPayload<AgentInfoMessage> = {
  name: 'agent_info',
  summary: 'What the agent runs on; stored on the server and shown in its listing.',
  schema: {
    type: 'object',
    required: ['version', 'hostname', 'os', 'platform'],
    properties: {
      type: typeField('agent_info'),
      version: text('Agent version.'),
      hostname: text('Host name.'),
      os: text('Operating system, e.g. "Linux".'),
      platform: text('Platform, e.g. "linux".'),
    },
  },
  parse: parseAgentInfo,
};

/** A heartbeat as the gateway uses it: the ids of the jobs the agent still runs (API.md §13). */
export interface HeartbeatMessage {
  running_jobs?: unknown;
}

export const HEARTBEAT: AgentPayload<HeartbeatMessage> = {
  name: 'heartbeat',
  summary:
    'Keeps last_seen_at fresh and lists the jobs the agent still runs; may carry anything else (uptime, load…).',
  schema: {
    type: 'object',
    properties: {
      type: typeField('heartbeat'),
      running_jobs: {
        type: 'array',
        items: { type: 'string', format: 'uuid' },
        description: 'Ids of the jobs this agent is running (kept alive across a reconnect).',
      },
    },
    additionalProperties: true,
  },
  parse(payload) {
    parseHeartbeat(payload);
    return { running_jobs: (payload as HeartbeatMessage | undefined)?.running_jobs };
  },
};

export type RoutedMessage =
  | { type: 'auth'; apiKey: string }
  | ({ type: 'agent_info' } & AgentInfoMessage)
  | ({ type: 'heartbeat' } & HeartbeatMessage);

/** The documents' single-channel form: one `message` event carrying any of the above by `type`. */
export const MESSAGE: AgentPayload<RoutedMessage> = {
  name: 'message',
  summary: 'Any of auth, agent_info, heartbeat sent as one `message` event, routed by `type`.',
  schema: {
    oneOf: [AUTH, AGENT_INFO, HEARTBEAT].map(({ schema, name }) => ({
      ...schema,
      required: [...((schema.required as string[] | undefined) ?? []), 'type'],
      properties: { ...(schema.properties as object), type: { type: 'string', const: name } },
    })),
  },
  parse(payload) {
    switch (messageType(payload)) {
      case 'auth':
        return { type: 'auth', ...parseAuth(payload) };
      case 'agent_info':
        return { type: 'agent_info', ...parseAgentInfo(payload) };
      case 'heartbeat':
        return { type: 'heartbeat', ...HEARTBEAT.parse(payload) };
      default:
        throw new AgentProtocolError();
    }
  },
};

/** What the server sends (events and acknowledgements), by name. */
export interface ServerMessage {
  /** The event's name, or the `type` of an acknowledgement that is no event. */
  readonly name: string;
  readonly summary: string;
  readonly schema: JsonSchema;
  /** What the client answers through the event's acknowledgement, when the server asks for one. */
  readonly reply?: ServerMessage;
}

const typed = (type: string, properties: JsonSchema, required: string[]): JsonSchema => ({
  type: 'object',
  required: ['type', ...required],
  properties: { type: { type: 'string', const: type }, ...properties },
});

export const AUTH_SUCCESS: ServerMessage = {
  name: 'auth_success',
  summary: 'The socket is authenticated (also the ack of `auth`).',
  schema: typed(
    'auth_success',
    {
      server_id: { type: 'string', format: 'uuid' },
      message: { type: 'string', const: 'Connected successfully' },
    },
    ['server_id', 'message'],
  ),
};

export const AUTH_ERROR: ServerMessage = {
  name: 'auth_error',
  summary: 'The key was refused; the server disconnects right after.',
  schema: typed(
    'auth_error',
    {
      message: {
        type: 'string',
        enum: ['Invalid API key', 'API key revoked', 'API key expired', 'Too many attempts'],
      },
    },
    ['message'],
  ),
};

export const ERROR: ServerMessage = {
  name: 'error',
  summary:
    'A request was refused: "Not authenticated" (then the disconnect), "Invalid payload", ' +
    '"Unknown event", "Authentication timeout", "Authentication already in progress", ' +
    '"Internal server error". Also the ack of the refused event.',
  schema: typed('error', { message: { type: 'string' } }, ['message']),
};

export const HEARTBEAT_ACK: ServerMessage = {
  name: 'heartbeat_ack',
  summary: 'Answer to a heartbeat (event and ack).',
  schema: typed('heartbeat_ack', { server_time: { type: 'string', format: 'date-time' } }, [
    'server_time',
  ]),
};

export const AGENT_INFO_ACK: ServerMessage = {
  name: 'agent_info_ack',
  summary: 'The agent information was stored (ack only).',
  schema: typed('agent_info_ack', {}, []),
};

/** `/events`: a server of the user changed presence. */
export const SERVER_STATUS: ServerMessage = {
  name: 'server_status',
  summary: "A server of the user's turned online or offline.",
  schema: {
    type: 'object',
    required: ['server_id', 'status', 'last_seen_at'],
    properties: {
      server_id: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['online', 'offline'] },
      last_seen_at: { type: ['string', 'null'], format: 'date-time' },
    },
  },
};

export const EVENTS_ERROR: ServerMessage = {
  name: 'error',
  summary: 'The access token expired or its session ended; the server disconnects right after.',
  schema: typed(
    'error',
    { message: { type: 'string', enum: ['Not authenticated', 'Token expired'] } },
    ['message'],
  ),
};

/**
 * The events each namespace emits, by event name. Adding an emitted event is one line here (the
 * document test fails for an `emit` whose event is missing).
 */
export const EMITTED = {
  agents: {
    auth_success: AUTH_SUCCESS,
    auth_error: AUTH_ERROR,
    error: ERROR,
    heartbeat_ack: HEARTBEAT_ACK,
    ...JOB_EMITTED.agents,
  },
  events: {
    server_status: SERVER_STATUS,
    error: EVENTS_ERROR,
    ...JOB_EMITTED.events,
  },
} satisfies Record<string, Record<string, ServerMessage>>;
