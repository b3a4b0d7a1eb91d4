import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { callAs, createKey, createServer } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { eventually } from './support/wait.js';

/** Every §12 event the code makes today, with its actor, subject, address and user agent. */
describe('audit log: what is recorded', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  let alice: RegisteredUser;

  /** A request from a given client address and user agent (TRUST_PROXY=true in this suite). */
  const from = (ip: string, agent = `agent-of-${ip}`) => ({
    headers: { 'x-forwarded-for': ip, 'user-agent': agent },
  });
  const as = (user: RegisteredUser, ip: string) => ({
    token: user.accessToken,
    ...from(ip),
  });
  const events = async (user: RegisteredUser, query = '') =>
    (
      await api.request('GET', `${API}/audit?limit=100${query}`, undefined, {
        token: user.accessToken,
      })
    ).body.items as any[];
  const latest = async (user: RegisteredUser, action: string) =>
    (await events(user, `&action=${action}`))[0];

  beforeAll(async () => {
    api = await startTestApp({ TRUST_PROXY: 'true' });
    admin = await registerUser(api);
    alice = await registerUser(api);
  });

  afterAll(async () => {
    await api.close();
  });

  it('user.created: the new account, from the address that registered it', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/register`,
      { username: 'carol_created', email: 'carol@example.com', password: alice.password },
      from('198.51.100.1', 'Registering/1.0'),
    );
    expect(res.status).toBe(201);
    const carol = { ...alice, id: res.body.user.id, accessToken: res.body.access_token };
    expect(await latest(carol, 'user.created')).toMatchObject({
      action: 'user.created',
      actor: { type: 'user', id: carol.id, username: 'carol_created' },
      subject: { type: 'user', id: carol.id, name: 'carol_created' },
      ip: '198.51.100.1',
      user_agent: 'Registering/1.0',
      outcome: 'success',
      count: 1,
    });
  });

  it('auth.login.succeeded and auth.login.failed (aggregated), with address and user agent', async () => {
    const ok = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: alice.username, password: alice.password },
      { form: true, ...from('198.51.100.2', 'Firefox-ish') },
    );
    expect(ok.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const bad = await api.request(
        'POST',
        `${API}/auth/login`,
        { username: alice.username, password: 'wrong password here' },
        { form: true, ...from('198.51.100.3') },
      );
      expect(bad.status).toBe(401);
    }
    expect(await latest(alice, 'auth.login.succeeded')).toMatchObject({
      actor: { type: 'user', id: alice.id, username: alice.username },
      subject: { type: 'user', id: alice.id },
      ip: '198.51.100.2',
      user_agent: 'Firefox-ish',
      outcome: 'success',
      details: { session_id: expect.any(String), method: 'password' },
    });
    const failed = await eventually(
      () => events(alice, '&action=auth.login.failed'),
      (items) => items.reduce((n, e) => n + e.count, 0) === 3,
      2000,
    );
    expect(failed.reduce((n, e) => n + e.count, 0)).toBe(3);
    expect(failed[0]).toMatchObject({
      subject: { type: 'user', id: alice.id },
      ip: '198.51.100.3',
      outcome: 'failure',
      details: { reason: 'wrong_password' },
    });
  });

  it('server and API key events name the owner, the key prefix and never the key', async () => {
    const server = await createServer(api, alice, { name: 'audited-1' });
    const key = await createKey(api, alice, server.id, { name: 'first' });
    const call = (method: string, path: string, body?: unknown) =>
      api.request(method, `${API}${path}`, body, as(alice, '198.51.100.4'));
    expect((await call('PATCH', `/servers/${server.id}`, { name: 'audited-2' })).status).toBe(200);
    const rotated = await call('POST', `/servers/${server.id}/api-keys/${key.id}/rotate`, {});
    expect(rotated.status).toBe(201);
    expect((await call('DELETE', `/servers/${server.id}/api-keys/${rotated.body.id}`)).status).toBe(
      204,
    );
    expect((await call('DELETE', `/servers/${server.id}`)).status).toBe(204);

    const log = await events(alice);
    const byAction = (action: string) => log.find((e) => e.action === action);
    expect(byAction('server.created')).toMatchObject({
      subject: { type: 'server', id: server.id, name: 'audited-1' },
    });
    expect(byAction('server.updated')).toMatchObject({
      subject: { type: 'server', id: server.id, name: 'audited-2' },
      ip: '198.51.100.4',
      details: { fields: ['name'], previous_name: 'audited-1' },
    });
    expect(byAction('api_key.created')).toMatchObject({
      subject: { type: 'api_key', id: key.id, name: 'first' },
      details: { prefix: key.prefix, server_id: server.id },
    });
    expect(byAction('api_key.rotated')).toMatchObject({
      subject: { type: 'api_key', id: key.id },
      details: { new_key_id: rotated.body.id, new_prefix: rotated.body.prefix },
    });
    expect(byAction('api_key.revoked')).toMatchObject({ subject: { id: rotated.body.id } });
    expect(byAction('server.deleted')).toMatchObject({
      actor: { type: 'user', id: alice.id },
      subject: { type: 'server', id: server.id, name: 'audited-2' },
      ip: '198.51.100.4',
    });
    const text = JSON.stringify(log);
    expect(text).not.toContain(key.key);
    expect(text).not.toContain(rotated.body.key);
    expect(text).not.toContain(key.key.slice(0, 13));
  });

  it('admin.user.updated names the admin and the user, and both see it', async () => {
    const bob = await registerUser(api);
    const res = await api.request(
      'PATCH',
      `${API}/users/${bob.id}`,
      { is_active: false },
      as(admin, '198.51.100.5'),
    );
    expect(res.status).toBe(200);
    const expected = {
      action: 'admin.user.updated',
      actor: { type: 'user', id: admin.id, username: admin.username },
      subject: { type: 'user', id: bob.id, name: bob.username },
      ip: '198.51.100.5',
      details: { is_active: false, was_active: true },
    };
    expect(await latest(admin, 'admin.user.updated')).toMatchObject(expected);
    const rows = await api.sql(
      `SELECT reader_id FROM audit_event_readers WHERE action = 'admin.user.updated' ORDER BY 1`,
    );
    expect(rows.map((r) => r.reader_id).sort()).toEqual([admin.id, bob.id].sort());
  });
});
