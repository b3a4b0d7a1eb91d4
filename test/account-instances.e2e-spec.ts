import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { authenticatedAgent, eventNames, type RecordedSocket } from './support/agent-sockets.js';
import { API } from './support/http.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { describeNeeding } from './support/required-programs.js';
import { createServerWithKey } from './support/servers-api.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { registerUser } from './support/users.js';
import { eventually } from './support/wait.js';

/**
 * Two instances on one database joined by Redis: a reset or a deletion made through A must reach
 * the sessions and agents held by B.
 */
const d = describeNeeding(['redis-server'], 'ACCOUNT LIFECYCLE ACROSS INSTANCES');

d('account lifecycle across instances', () => {
  let redis: RedisServer;
  let smtp: TestSmtpServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestApp;
  let b: TestApp;
  const sockets: RecordedSocket[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    smtp = await startSmtpServer();
    database = await createTestDatabase();
    const env = { REDIS_URL: redis.url, SMTP_URL: smtp.url, EMAIL_VERIFICATION: 'off' };
    a = await startTestApp(env, database);
    b = await startTestApp(env, database);
    await registerUser(a); // the admin
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await a?.close();
    await b?.close();
    await database?.drop();
    await redis?.stop();
    await smtp?.close();
  });

  it('a password reset through A ends the access token used on B within 2 s', async () => {
    const user = await registerUser(a);
    const me = () => b.request('GET', `${API}/users/me`, undefined, { token: user.accessToken });
    expect((await me()).status).toBe(200); // B now holds the session as valid in its cache
    expect(
      (await a.request('POST', `${API}/auth/password-reset`, { email: user.email })).status,
    ).toBe(202);
    const [mail] = await smtp.waitFor(user.email);
    const confirmed = await a.request('POST', `${API}/auth/password-reset/confirm`, {
      token: mail.token,
      new_password: 'Quiet-Otter-Lantern-7',
    });
    expect(confirmed.status).toBe(204);
    const started = performance.now();
    const refused = await eventually(me, (res) => res.status === 401, 5000);
    expect(refused.status).toBe(401);
    expect(performance.now() - started).toBeLessThan(2000 + 250);
  });

  it('deleting an account through A cuts its agent connected to B within 1 s', async () => {
    const user = await registerUser(a);
    const server = await createServerWithKey(a, user);
    const agent = await authenticatedAgent(b.baseUrl, server.key);
    sockets.push(agent);
    const sent = performance.now();
    const deleted = await a.request(
      'DELETE',
      `${API}/users/me`,
      { password: user.password },
      {
        token: user.accessToken,
      },
    );
    expect(deleted.status).toBe(204);
    const cut = await agent.next('disconnect', 1000);
    expect(cut.at - sent).toBeLessThan(1000);
    expect(eventNames(agent)).toContain('disconnect');
  });
});
