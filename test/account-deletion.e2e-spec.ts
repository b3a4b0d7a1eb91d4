import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authenticatedAgent, type RecordedSocket } from './support/agent-sockets.js';
import { API } from './support/http.js';
import { createServerWithKey } from './support/servers-api.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

describe('account deletion (API.md §10)', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let admin: RegisteredUser;
  const sockets: RecordedSocket[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ SMTP_URL: smtp.url, EMAIL_VERIFICATION: 'off' });
    admin = await registerUser(app);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
    await smtp.close();
  });

  const deleteMe = (user: RegisteredUser, password: string) =>
    app.request('DELETE', `${API}/users/me`, { password }, { token: user.accessToken });

  it('DELETE /users/me with the password: sessions end, servers and keys go, the agent is cut, the name and address are free, a notice is mailed, the audit event stays', async () => {
    const user = await registerUser(app);
    const server = await createServerWithKey(app, user);
    const agent = await authenticatedAgent(app.baseUrl, server.key);
    sockets.push(agent);

    const answer = await deleteMe(user, user.password);
    expect(answer.status).toBe(204);
    await agent.next('disconnect', 1000);

    const me = await app.request('GET', `${API}/users/me`, undefined, { token: user.accessToken });
    expect(me.status).toBe(401);
    const refreshed = await app.request('POST', `${API}/auth/refresh`, {
      refresh_token: user.refreshToken,
    });
    expect(refreshed.status).toBe(401);
    expect(await app.sql(`SELECT id FROM users WHERE id = $1`, [user.id])).toEqual([]);
    expect(await app.sql(`SELECT id FROM servers WHERE id = $1`, [server.serverId])).toEqual([]);
    expect(await app.sql(`SELECT id FROM api_keys WHERE id = $1`, [server.keyId])).toEqual([]);
    expect(await app.sql(`SELECT id FROM sessions WHERE user_id = $1`, [user.id])).toEqual([]);

    const again = await registerUser(app, { username: user.username, email: user.email });
    expect(again.id).not.toBe(user.id);

    const [notice] = await smtp.waitFor(user.email);
    expect(notice.subject).toMatch(/account was deleted/);
    const audit = await app.sql(
      `SELECT action, actor_id, subject_name FROM audit_events WHERE subject_id = $1`,
      [user.id],
    );
    expect(audit).toContainEqual({
      action: 'user.deleted',
      actor_id: user.id,
      subject_name: user.username,
    });
  });

  it('a wrong password is 401 and deletes nothing; no password is 422', async () => {
    const user = await registerUser(app);
    const wrong = await deleteMe(user, 'Wrong-Passw0rd!');
    expect(wrong.status).toBe(401);
    const missing = await app.request('DELETE', `${API}/users/me`, {}, { token: user.accessToken });
    expect(missing.status).toBe(422);
    expect(await app.sql(`SELECT id FROM users WHERE id = $1`, [user.id])).toHaveLength(1);
  });

  it('the last active admin cannot delete itself (409); another admin can delete a user (admin.user.deleted)', async () => {
    const refused = await deleteMe(admin, admin.password);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ detail: 'Cannot delete the last active admin' });

    const user = await registerUser(app);
    const byAdmin = await app.request('DELETE', `${API}/users/${user.id}`, undefined, {
      token: admin.accessToken,
    });
    expect(byAdmin.status).toBe(204);
    expect(await app.sql(`SELECT id FROM users WHERE id = $1`, [user.id])).toEqual([]);
    const audit = await app.sql(`SELECT action, actor_id FROM audit_events WHERE subject_id = $1`, [
      user.id,
    ]);
    expect(audit).toContainEqual({ action: 'admin.user.deleted', actor_id: admin.id });
    await smtp.waitFor(user.email);

    const missing = await app.request('DELETE', `${API}/users/${user.id}`, undefined, {
      token: admin.accessToken,
    });
    expect(missing.status).toBe(404);
    const other = await registerUser(app);
    const notAdmin = await app.request('DELETE', `${API}/users/${admin.id}`, undefined, {
      token: other.accessToken,
    });
    expect(notAdmin.status).toBe(403);
  });

  it('an admin who is not the last one may delete itself', async () => {
    const second = await registerUser(app);
    await app.request(
      'PATCH',
      `${API}/users/${second.id}`,
      { is_admin: true },
      {
        token: admin.accessToken,
      },
    );
    expect((await deleteMe(second, second.password)).status).toBe(204);
  });
});
