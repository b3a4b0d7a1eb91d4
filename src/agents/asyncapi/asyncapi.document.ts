import { MetadataScanner } from '@nestjs/core';
import {
  GATEWAY_OPTIONS,
  MESSAGE_METADATA,
  PARAM_ARGS_METADATA,
} from '@nestjs/websockets/constants.js';
import { AGENT_REPLY, CARRIES_API_KEY } from '../agent-event.decorators.js';
import {
  AUTH_ERROR,
  EMITTED,
  ERROR,
  type JsonSchema,
  type ServerMessage,
} from '../agent-messages.js';
import { AgentPayloadPipe } from '../agent-payload.pipe.js';
import { AgentsGateway } from '../agents.gateway.js';
import { OTHER_EVENTS } from '../cluster-io.adapter.js';
import { EventsGateway } from '../events.gateway.js';
import { SOCKET_IO_PATH } from '../socket-io-path.js';

/** One `@SubscribeMessage` handler of a gateway, as its decorators describe it. */
export interface HandlerDescription {
  event: string;
  method: string;
  payload?: { name: string; summary: string; schema: JsonSchema };
  replies: ServerMessage[];
  carriesApiKey: boolean;
}

type GatewayClass = abstract new (...args: never[]) => object;

/** The handlers of a gateway class, read from Nest's metadata and ours (never from an instance). */
export function describeHandlers(gateway: GatewayClass): HandlerDescription[] {
  const prototype = gateway.prototype as Record<string, unknown>;
  return new MetadataScanner().getAllMethodNames(prototype).flatMap((method) => {
    const callback = prototype[method] as object;
    const event: unknown = Reflect.getMetadata(MESSAGE_METADATA, callback);
    if (typeof event !== 'string' || event === OTHER_EVENTS) return [];
    const params = (Reflect.getMetadata(PARAM_ARGS_METADATA, gateway, method) ?? {}) as Record<
      string,
      { pipes?: unknown[] }
    >;
    const pipe = Object.values(params)
      .flatMap((param) => param.pipes ?? [])
      .find((candidate) => candidate instanceof AgentPayloadPipe) as
      AgentPayloadPipe<unknown> | undefined;
    return [
      {
        event,
        method,
        payload: pipe?.message,
        replies: (Reflect.getMetadata(AGENT_REPLY, callback) ?? []) as ServerMessage[],
        carriesApiKey: Reflect.getMetadata(CARRIES_API_KEY, callback) !== undefined,
      },
    ];
  });
}

const namespaceOf = (gateway: GatewayClass) =>
  String((Reflect.getMetadata(GATEWAY_OPTIONS, gateway) as { namespace: string }).namespace);

type Channel = 'agents' | 'events';

interface Messages {
  [name: string]: JsonSchema;
}

/**
 * The AsyncAPI 3.0 document of `/agents` and `/events` (API.md §7, §13), built from the gateways'
 * handlers (event, payload pipe, `@AgentReply`, `@CarriesApiKey`) and the emitted events listed in
 * agent-messages.ts. Plain data: the running server serves it as JSON and never loads a parser.
 */
export function buildAsyncApiDocument(): JsonSchema {
  const channels: Record<
    Channel,
    { address: string; title: string; description: string; messages: Messages }
  > = {
    agents: {
      address: `/${namespaceOf(AgentsGateway)}`,
      title: 'Agents',
      description:
        'Socket.IO namespace of the agents (websocket transport). Authenticate at the handshake ' +
        '(`io(url + "/agents", {auth: {api_key}})`) or with the first message `auth`. Any other ' +
        'event from an unauthenticated socket is answered `error` "Not authenticated", then the ' +
        'disconnect. Each event may carry a Socket.IO acknowledgement callback: it receives the ' +
        "operation's reply. Failed authentications are limited per address " +
        '(AGENT_AUTH_FAILURE_LIMIT a minute; "Too many attempts"), except for keys that ' +
        'authenticated within the last 24 h.',
      messages: {},
    },
    events: {
      address: `/${namespaceOf(EventsGateway)}`,
      title: 'Events',
      description:
        'Socket.IO namespace of users\' live view: `io(url + "/events", {auth: {token}})` with an ' +
        'access token. A refused handshake ends in `connect_error` "Not authenticated".',
      messages: {},
    },
  };
  const operations: Record<string, JsonSchema> = {};
  const ref = (channel: Channel, name: string) => ({
    $ref: `#/channels/${channel}/messages/${name}`,
  });
  const addMessage = (channel: Channel, name: string, summary: string, payload: JsonSchema) => {
    channels[channel].messages[name] ??= { name, summary, payload };
  };

  const replyName = (message: ServerMessage) => message.name;
  for (const handler of describeHandlers(AgentsGateway)) {
    const payload = handler.payload ?? { name: handler.event, summary: handler.event, schema: {} };
    addMessage('agents', handler.event, payload.summary, payload.schema);
    const replies = [...handler.replies, ...(handler.carriesApiKey ? [AUTH_ERROR] : []), ERROR];
    for (const reply of replies)
      addMessage('agents', replyName(reply), reply.summary, reply.schema);
    operations[`agents_${handler.event}`] = {
      action: 'receive',
      channel: { $ref: '#/channels/agents' },
      summary: payload.summary,
      messages: [ref('agents', handler.event)],
      reply: {
        channel: { $ref: '#/channels/agents' },
        messages: [...new Set(replies.map(replyName))].map((name) => ref('agents', name)),
      },
      ...(handler.carriesApiKey
        ? { description: 'Runs without prior authentication: it carries the key.' }
        : { security: [{ $ref: '#/components/securitySchemes/apiKey' }] }),
    };
  }
  for (const [channel, emitted] of Object.entries(EMITTED) as [
    Channel,
    Record<string, ServerMessage>,
  ][]) {
    for (const [event, message] of Object.entries(emitted)) {
      addMessage(channel, event, message.summary, message.schema);
      if (message.reply) {
        addMessage(channel, message.reply.name, message.reply.summary, message.reply.schema);
      }
      operations[`${channel}_send_${event}`] = {
        action: 'send',
        channel: { $ref: `#/channels/${channel}` },
        summary: message.summary,
        messages: [ref(channel, event)],
        ...(message.reply
          ? {
              reply: {
                channel: { $ref: `#/channels/${channel}` },
                messages: [ref(channel, message.reply.name)],
              },
            }
          : {}),
        security: [
          {
            $ref: `#/components/securitySchemes/${channel === 'agents' ? 'apiKey' : 'accessToken'}`,
          },
        ],
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'ChatOps API — agent and live-view protocol',
      version: '1.2.0',
      description:
        'Socket.IO 4 namespaces of the ChatOps API (API.md §7). Every message is one Socket.IO ' +
        'event whose name is the message name and whose single argument is the JSON payload. ' +
        'The REST API is described by the OpenAPI document at /docs-json.',
    },
    servers: {
      api: {
        host: 'localhost:3000',
        protocol: 'ws',
        pathname: SOCKET_IO_PATH,
        description: 'Socket.IO (engine.io) endpoint of any instance; `wss` behind TLS.',
      },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'user',
          description:
            'The API key of a server (`chatops_…`), in the Socket.IO handshake `auth: {api_key}` ' +
            'or in the first message `auth` `{"type": "auth", "api_key": …}`.',
        },
        accessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token (from /api/v1/auth/login), in the Socket.IO handshake `auth: {token}`.',
        },
      },
    },
  };
}
