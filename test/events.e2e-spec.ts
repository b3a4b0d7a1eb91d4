import { beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { authenticatedAgent, closedAfterAll, openSocket } from './support/agent-sockets.js';
import { createServerWithKey } from './support/servers-api.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

const REFUSED = {
  message: 'Not authenticated',
  data: { type: 'error', message: 'Not authenticated' },
};

/** /events (API.md §7): users' live view of their own servers, behind an access token. */
describe('events gateway', () => {
  let app: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  const sockets = closedAfterAll(() => app);
  const listen = async (token: unknown) => {
    const socket = openSocket(app.baseUrl, '/events', { token });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    app = await startTestApp();
    alice = await registerUser(app);
    bob = await registerUser(app);
  });

  it('sends each user the status of their own servers only', async () => {
    const aliceServer = await createServerWithKey(app, alice);
    const bobServer = await createServerWithKey(app, bob);
    const [aliceEvents, bobEvents] = [
      await listen(alice.accessToken),
      await listen(bob.accessToken),
    ];
    await Promise.all([aliceEvents.next('connect'), bobEvents.next('connect')]);

    sockets.push(await authenticatedAgent(app.baseUrl, bobServer.key));
    expect((await bobEvents.next('server_status')).data).toMatchObject({
      server_id: bobServer.serverId,
      status: 'online',
    });
    // Bob's change was sent first; had it leaked to Alice, it would come before her own.
    sockets.push(await authenticatedAgent(app.baseUrl, aliceServer.key));
    expect((await aliceEvents.next('server_status')).data).toMatchObject({
      server_id: aliceServer.serverId,
      status: 'online',
    });
    expect(
      aliceEvents.received.filter((r) => r.event === 'server_status').map((r) => r.data.server_id),
    ).toEqual([aliceServer.serverId]);
    expect(
      bobEvents.received.filter((r) => r.event === 'server_status').map((r) => r.data.server_id),
    ).toEqual([bobServer.serverId]);
  });

  it('also accepts the token with a "Bearer " prefix', async () => {
    const socket = await listen(`Bearer ${alice.accessToken}`);
    await socket.next('connect');
  });

  it.each([
    ['no token', undefined],
    ['a garbage token', 'not-a-jwt'],
    ['a non-string token', { token: 1 }],
    ['a refresh token', 'REFRESH'],
    ['an expired access token', 'EXPIRED'],
    ['a token signed with another secret', 'FORGED'],
  ])('refuses %s at the handshake (connect_error "Not authenticated")', async (_, token) => {
    const jwt = new JwtService({ secret: TEST_JWT_SECRET });
    const claims = JSON.parse(Buffer.from(alice.accessToken.split('.')[1], 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    const special: Record<string, string> = {
      REFRESH: alice.refreshToken,
      EXPIRED: jwt.sign({ ...claims, iat: now - 3600, exp: now - 60 }),
      FORGED: new JwtService({ secret: 'another-secret-that-is-32-bytes-long!!' }).sign(claims),
    };
    const socket = await listen(
      typeof token === 'string' && token in special ? special[token] : token,
    );
    expect((await socket.next('connect_error')).data).toEqual(REFUSED);
    expect(socket.socket.connected).toBe(false);
  });

  it('refuses the token of a session that was logged out, and disconnects its live sockets', async () => {
    const carol = await registerUser(app);
    const live = await listen(carol.accessToken);
    await live.next('connect');
    expect(
      (await app.request('POST', '/api/v1/auth/logout', {}, { token: carol.accessToken })).status,
    ).toBe(204);

    const again = await listen(carol.accessToken);
    expect((await again.next('connect_error')).data).toEqual(REFUSED);
    // The open socket is cut by the periodic session check (API.md: within 5 seconds).
    expect((await live.next('error', 8000)).data).toEqual({
      type: 'error',
      message: 'Not authenticated',
    });
    expect((await live.next('disconnect')).data).toBe('io server disconnect');
  });

  it('disconnects a socket when its access token expires', async () => {
    const dave = await registerUser(app);
    const claims = JSON.parse(Buffer.from(dave.accessToken.split('.')[1], 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    const shortLived = new JwtService({ secret: TEST_JWT_SECRET }).sign({
      ...claims,
      iat: now,
      exp: now + 2,
    });
    const socket = await listen(shortLived);
    await socket.next('connect');
    expect((await socket.next('error', 5000)).data).toEqual({
      type: 'error',
      message: 'Token expired',
    });
    await socket.next('disconnect');
  });
});
