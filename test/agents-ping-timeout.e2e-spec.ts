import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  aboutServer,
  authenticatedAgent,
  closedAfterAll,
  openSocket,
} from './support/agent-sockets.js';
import { callAs, createServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/**
 * API.md §7: a server is offline once its last agent "stops answering Socket.IO pings" — the host
 * froze or the network dropped without a TCP close. Simulated by an agent whose engine stops
 * sending pongs while staying connected from its own point of view.
 */
describe('agents gateway: an agent that stops answering pings', () => {
  let app: TestApp;
  let user: RegisteredUser;
  const sockets = closedAfterAll(() => app);

  beforeAll(async () => {
    // Ping every second and give up after another: a silent agent is dropped within ~2 s.
    app = await startTestApp({ AGENT_PING_INTERVAL: '1' });
    user = await registerUser(app);
  });

  it('is dropped by the server and its server turns offline, in GET and on /events', async () => {
    const { serverId, key } = await createServerWithKey(app, user);
    const events = openSocket(app.baseUrl, '/events', { token: user.accessToken });
    sockets.push(events);
    await events.next('connect');
    const agent = await authenticatedAgent(app.baseUrl, key);
    sockets.push(agent);
    await events.next(
      'server_status',
      5000,
      (d) => aboutServer(serverId)(d) && d.status === 'online',
    );

    // Survives a few ping rounds while it answers.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(agent.socket.connected).toBe(true);
    expect((await callAs(app, user).get(`/servers/${serverId}`)).body.status).toBe('online');

    // engine.io-client answers each server ping with a pong; from now on it stays silent.
    const engine = agent.socket.io.engine as unknown as {
      _sendPacket: (type: string, ...rest: unknown[]) => void;
    };
    const send = engine._sendPacket.bind(engine);
    engine._sendPacket = (type, ...rest) => {
      if (type !== 'pong') send(type, ...rest);
    };

    const offline = await events.next(
      'server_status',
      8000,
      (d) => aboutServer(serverId)(d) && d.status === 'offline',
    );
    expect(offline.data).toEqual({
      server_id: serverId,
      status: 'offline',
      last_seen_at: expect.any(String),
    });
    expect((await callAs(app, user).get(`/servers/${serverId}`)).body.status).toBe('offline');
    // The server closed the connection: the agent did not leave on its own.
    expect((await agent.next('disconnect', 5000)).data).toBe('transport close');
  });
});
