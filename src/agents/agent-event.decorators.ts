import { SetMetadata } from '@nestjs/common';
import type { ServerMessage } from './agent-messages.js';

/**
 * Marks the handler that may run before the socket is authenticated — the way Nest marks public
 * routes (metadata, read by ApiKeyGuard through the Reflector). `admits` narrows it to the
 * payloads that carry a key (a plain `message` passes only when its `type` is "auth").
 */
export const CARRIES_API_KEY = 'chatops:agent-carries-api-key';
export type CarriesKeyTest = (payload: unknown) => boolean;
export const CarriesApiKey = (admits: CarriesKeyTest = () => true) =>
  SetMetadata(CARRIES_API_KEY, admits);

/** What a handler returns to the event's acknowledgement callback (for the AsyncAPI document). */
export const AGENT_REPLY = 'chatops:agent-reply';
export const AgentReply = (...messages: ServerMessage[]) => SetMetadata(AGENT_REPLY, messages);
