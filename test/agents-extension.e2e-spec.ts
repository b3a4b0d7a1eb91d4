import { beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectedSocket, SubscribeMessage } from '@nestjs/websockets';
import { AgentReply } from '../src/agents/agent-event.decorators.js';
import { AgentProtocolError } from '../src/agents/agent-errors.js';
import type { AgentPayload, ServerMessage } from '../src/agents/agent-messages.js';
import { AgentBody } from '../src/agents/agent-payload.pipe.js';
import type { AgentSocket } from '../src/agents/agent-socket.js';
import { AgentsGateway } from '../src/agents/agents.gateway.js';
import { authenticatedAgent, closedAfterAll, emitWithAck } from './support/agent-sockets.js';
import { createServerWithKey, type ServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { registerUser } from './support/users.js';

interface DiskUsage {
  used: number;
}

const DISK_USAGE: AgentPayload<DiskUsage> = {
  name: 'disk_usage',
  summary: 'A made-up event, added the way the README shows.',
  schema: { type: 'object', required: ['used'], properties: { used: { type: 'number' } } },
  parse(payload) {
    const used = (payload as { used?: unknown } | null)?.used;
    if (typeof used !== 'number') throw new AgentProtocolError();
    return { used };
  },
};
const DISK_USAGE_ACK: ServerMessage = {
  name: 'disk_usage_ack',
  summary: 'The usage was stored.',
  schema: { type: 'object', properties: { type: { const: 'disk_usage_ack' } } },
};

/**
 * The README's recipe, followed literally on AgentsGateway before the app boots: a method with
 * @SubscribeMessage, @AgentReply, @ConnectedSocket and @AgentBody, nothing about access. Applied
 * the way TypeScript applies those decorators in the class body (each suite has its own module
 * registry, so no other suite sees the method).
 */
const prototype = AgentsGateway.prototype as unknown as Record<string, unknown>;
prototype.diskUsage = function (socket: AgentSocket, usage: DiskUsage) {
  return { type: 'disk_usage_ack', server_id: socket.data.agent!.serverId, used: usage.used };
};
const descriptor = Object.getOwnPropertyDescriptor(prototype, 'diskUsage')!;
SubscribeMessage('disk_usage')(prototype, 'diskUsage', descriptor);
AgentReply(DISK_USAGE_ACK)(prototype, 'diskUsage', descriptor);
ConnectedSocket()(prototype, 'diskUsage', 0);
AgentBody(DISK_USAGE)(prototype, 'diskUsage', 1);

describe('agents gateway: an event added the documented way', () => {
  let app: TestApp;
  let server: ServerWithKey;
  const sockets = closedAfterAll(() => app);

  beforeAll(async () => {
    app = await startTestApp();
    server = await createServerWithKey(app, await registerUser(app));
  });

  it('is guarded: an unauthenticated socket gets error "Not authenticated", then the disconnect', async () => {
    const agent = sockets.open('/agents');
    await agent.next('connect');
    const answer = await emitWithAck(agent.socket, 'disk_usage', { used: 1 });
    expect(answer).toEqual({ type: 'error', message: 'Not authenticated' });
    expect((await agent.next('error')).data).toEqual(answer);
    expect((await agent.next('disconnect')).data).toBe('io server disconnect');
  });

  it('serves an authenticated agent, and its pipe answers a bad payload with "Invalid payload"', async () => {
    const agent = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(agent);
    expect(await emitWithAck(agent.socket, 'disk_usage', { used: 42 })).toEqual({
      type: 'disk_usage_ack',
      server_id: server.serverId,
      used: 42,
    });
    expect(await emitWithAck(agent.socket, 'disk_usage', { used: 'lots' })).toEqual({
      type: 'error',
      message: 'Invalid payload',
    });
    expect(agent.socket.connected).toBe(true);
  });

  it('is in the AsyncAPI document with nothing more: its payload schema and its ack', async () => {
    const { body } = await app.request('GET', '/docs/asyncapi.json');
    expect(body.channels.agents.messages.disk_usage.payload).toEqual(DISK_USAGE.schema);
    expect(body.operations.agents_disk_usage).toMatchObject({
      action: 'receive',
      reply: {
        messages: [
          { $ref: '#/channels/agents/messages/disk_usage_ack' },
          { $ref: '#/channels/agents/messages/error' },
        ],
      },
      security: [{ $ref: '#/components/securitySchemes/apiKey' }],
    });
  });
});
