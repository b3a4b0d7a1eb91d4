import { beforeAll, describe, expect, it } from '@jest/globals';
import { closedAfterAll, emitWithAck, openSocket } from './support/agent-sockets.js';
import { generateApiKey } from '../src/api-keys/api-key-format.js';
import { API } from './support/http.js';
import { createKey, createServer, createServerWithKey } from './support/servers-api.js';
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
    api = await startTestApp({ TRUST_PROXY: 'true', LOGIN_FAILURE_LIMIT: '3' });
    admin = await registerUser(api);
    alice = await registerUser(api);
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

  it('user.updated: the fields changed (not their values), the previous username', async () => {
    const dave = await registerUser(api);
    const res = await api.request(
      'PATCH',
      `${API}/users/me`,
      { username: `${dave.username}_2`, full_name: 'Dave' },
      as(dave, '198.51.100.6'),
    );
    expect(res.status).toBe(200);
    const event = await latest(dave, 'user.updated');
    expect(event).toMatchObject({
      actor: { type: 'user', id: dave.id, username: `${dave.username}_2` },
      subject: { type: 'user', id: dave.id, name: `${dave.username}_2` },
      ip: '198.51.100.6',
      details: { fields: ['username', 'full_name'], previous_username: dave.username },
    });
    expect(JSON.stringify(event)).not.toContain('Dave');
  });

  it('auth.password.changed (and its failure), never the passwords', async () => {
    const erin = await registerUser(api);
    const change = (current: string) =>
      api.request(
        'POST',
        `${API}/users/me/password`,
        { current_password: current, new_password: 'An0ther-Long-Passphrase!' },
        as(erin, '198.51.100.7'),
      );
    expect((await change('not-the-password-1')).status).toBe(401);
    expect((await change(erin.password)).status).toBe(204);
    const log = await eventually(
      () => events(erin, '&action=auth.password.changed'),
      (items) => items.length === 2,
      2000,
    );
    expect(log.map((e) => e.outcome)).toEqual(['success', 'failure']);
    expect(log[1].details).toEqual({ reason: 'wrong_current_password' });
    expect(log[0]).toMatchObject({ ip: '198.51.100.7', subject: { id: erin.id } });
    const text = JSON.stringify(log);
    expect(text).not.toContain(erin.password);
    expect(text).not.toContain('An0ther-Long-Passphrase!');
    expect(text).not.toContain('not-the-password-1');
  });

  it('auth.login.locked_out when the failures fill the limit; later tries are failures "locked_out"', async () => {
    const frank = await registerUser(api);
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.request(
        'POST',
        `${API}/auth/login`,
        { username: frank.username, password: 'definitely wrong' },
        { form: true, ...from('198.51.100.8') },
      );
      answers.push(res.status);
    }
    expect(answers).toEqual([401, 401, 401, 429, 429]);
    const locked = await eventually(
      () => events(frank, '&action=auth.login.locked_out'),
      (items) => items.length === 1,
      2000,
    );
    expect(locked[0]).toMatchObject({
      subject: { type: 'user', id: frank.id },
      ip: '198.51.100.8',
      outcome: 'failure',
      details: { reason: 'too_many_failures' },
    });
    const failed = await eventually(
      () => events(frank, '&action=auth.login.failed'),
      (items) => items.reduce((n, e) => n + e.count, 0) === 5,
      2000,
    );
    const reasons = Object.fromEntries(failed.map((e) => [e.details.reason, e.count]));
    expect(reasons).toEqual({ wrong_password: 3, locked_out: 2 });
  });

  it('an unknown account: recorded without the name tried, visible to no user but admins', async () => {
    const res = await api.request(
      'POST',
      `${API}/auth/login`,
      { username: 'no_such_person_9', password: 'whatever it is' },
      { form: true, ...from('198.51.100.9') },
    );
    expect(res.status).toBe(401);
    const all = await eventually(
      async () =>
        (
          await api.request(
            'GET',
            `${API}/audit?all=true&action=auth.login.failed&limit=100`,
            undefined,
            {
              token: admin.accessToken,
            },
          )
        ).body.items as any[],
      (items) => items.some((e) => e.ip === '198.51.100.9'),
      2000,
    );
    const event = all.find((e) => e.ip === '198.51.100.9');
    expect(event).toMatchObject({
      actor: { type: 'user', id: null, username: null },
      subject: { type: 'user', id: null, name: null },
      details: { reason: 'unknown_account' },
    });
    expect(JSON.stringify(all)).not.toContain('no_such_person_9');
  });

  it('auth.session.revoked for logout, one session and logout-all; auth.refresh.reuse_detected', async () => {
    const gina = await registerUser(api);
    const login = async () =>
      (
        await api.request(
          'POST',
          `${API}/auth/login`,
          { username: gina.username, password: gina.password },
          { form: true },
        )
      ).body;
    await login(); // a second session, revoked below
    const sessions = await api.request(
      'GET',
      `${API}/auth/sessions`,
      undefined,
      as(gina, '1.1.1.1'),
    );
    const other = sessions.body.items.find((s: any) => !s.current);
    expect(
      (
        await api.request(
          'DELETE',
          `${API}/auth/sessions/${other.id}`,
          undefined,
          as(gina, '198.51.100.10'),
        )
      ).status,
    ).toBe(204);
    // A refresh token presented again after rotation (past the leeway) is a replay.
    const third = await login();
    const rotated = await api.request('POST', `${API}/auth/refresh`, {
      refresh_token: third.refresh_token,
    });
    expect(rotated.status).toBe(200);
    await api.sql(`UPDATE sessions SET rotated_at = now() - interval '1 hour' WHERE user_id = $1`, [
      gina.id,
    ]);
    const replay = await api.request(
      'POST',
      `${API}/auth/refresh`,
      { refresh_token: third.refresh_token },
      from('198.51.100.11', 'Replayer'),
    );
    expect(replay.status).toBe(401);
    expect(
      (await api.request('POST', `${API}/auth/logout-all`, undefined, as(gina, '198.51.100.12')))
        .status,
    ).toBe(204);

    // logout-all ended every session of hers: she signs in again to read her log.
    const again = { ...gina, accessToken: (await login()).access_token };
    const revoked = await events(again, '&action=auth.session.revoked');
    expect(revoked.map((e) => e.details.reason)).toEqual(['logout_all', 'revoked']);
    expect(revoked[1]).toMatchObject({
      actor: { type: 'user', id: gina.id },
      subject: { type: 'session', id: other.id },
      ip: '198.51.100.10',
    });
    expect(revoked[0]).toMatchObject({ ip: '198.51.100.12', details: { sessions_ended: 1 } });
    expect(await latest(again, 'auth.refresh.reuse_detected')).toMatchObject({
      actor: { type: 'user', id: gina.id },
      subject: { type: 'session' },
      ip: '198.51.100.11',
      user_agent: 'Replayer',
      outcome: 'failure',
    });
  });

  it("auth.session.revoked for logout (the caller's own session)", async () => {
    const hank = await registerUser(api);
    const res = await api.request('POST', `${API}/auth/logout`, {}, as(hank, '198.51.100.13'));
    expect(res.status).toBe(204);
    const rows = await api.sql(
      `SELECT details, ip FROM audit_events WHERE action = 'auth.session.revoked' AND $1 = ANY(owner_ids)`,
      [hank.id],
    );
    expect(rows).toEqual([
      { details: expect.objectContaining({ reason: 'logout' }), ip: '198.51.100.13' },
    ]);
  });

  describe('agents', () => {
    const sockets = closedAfterAll(() => api);

    it('agent.connected, agent.disconnected and agent.refused, read by the server owner', async () => {
      const server = await createServerWithKey(api, alice);
      const prefix = server.key.slice(0, 12);
      const agent = openSocket(api.baseUrl, '/agents', undefined, {
        'x-forwarded-for': '203.0.113.20',
        'user-agent': 'chatops-agent/1.0',
      });
      sockets.push(agent);
      await agent.next('connect');
      const ok = await emitWithAck(agent.socket, 'auth', { type: 'auth', api_key: server.key });
      expect(ok.type).toBe('auth_success');
      agent.close();

      // Well-formed (its checksum holds) but no key of ours: its prefix is kept.
      const wrong = generateApiKey();
      const refused = openSocket(
        api.baseUrl,
        '/agents',
        { api_key: wrong },
        {
          'x-forwarded-for': '203.0.113.21',
        },
      );
      sockets.push(refused);
      await refused.next('disconnect');
      const revoke = await api.request(
        'DELETE',
        `${API}/servers/${server.serverId}/api-keys/${server.keyId}`,
        undefined,
        { token: alice.accessToken },
      );
      expect(revoke.status).toBe(204);
      const late = openSocket(
        api.baseUrl,
        '/agents',
        { api_key: server.key },
        {
          'x-forwarded-for': '203.0.113.22',
        },
      );
      sockets.push(late);
      await late.next('disconnect');

      const log = await eventually(
        () => events(alice, '&action=agent'),
        (items) => items.length >= 3 && items.some((e) => e.action === 'agent.disconnected'),
        3000,
      );
      const one = (action: string, ip: string) =>
        log.find((e) => e.action === action && e.ip === ip);
      expect(one('agent.connected', '203.0.113.20')).toMatchObject({
        actor: { type: 'agent', id: server.keyId, username: prefix },
        subject: { type: 'server', id: server.serverId },
        user_agent: 'chatops-agent/1.0',
        outcome: 'success',
      });
      expect(one('agent.disconnected', '203.0.113.20')).toMatchObject({
        actor: { type: 'agent', id: server.keyId, username: prefix },
        subject: { type: 'server', id: server.serverId },
        user_agent: 'chatops-agent/1.0',
        details: { connected_seconds: expect.any(Number) },
      });
      expect(one('agent.refused', '203.0.113.22')).toMatchObject({
        actor: { type: 'agent', id: server.keyId, username: prefix },
        subject: { type: 'server', id: server.serverId },
        outcome: 'failure',
        details: { reason: 'API key revoked' },
      });
      // An unknown key names no server: only admins see it, with its prefix (never more).
      const everyone = (
        await api.request('GET', `${API}/audit?all=true&action=agent.refused`, undefined, {
          token: admin.accessToken,
        })
      ).body.items as any[];
      expect(everyone.find((e) => e.ip === '203.0.113.21')).toMatchObject({
        actor: { type: 'agent', id: null, username: wrong.slice(0, 12) },
        subject: { type: 'server', id: null },
        details: { reason: 'Invalid API key' },
      });
      const text = JSON.stringify(everyone) + JSON.stringify(log);
      expect(text).not.toContain(server.key);
      expect(text).not.toContain(wrong);
    });

    it('api_key.expired: once, by the system, at the expiry, for the owner', async () => {
      const server = await createServerWithKey(api, alice, {
        expires_at: new Date(Date.now() + 1500).toISOString(),
      });
      const { ApiKeyExpiryService } = await import('../src/api-keys/api-key-expiry.service.js');
      const sweeper = api.app.get(ApiKeyExpiryService);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
      await sweeper.sweep();
      const expired = (await events(alice, '&action=api_key.expired')).filter(
        (e) => e.subject.id === server.keyId,
      );
      expect(expired).toHaveLength(1);
      expect(expired[0]).toMatchObject({
        actor: { type: 'system', id: null },
        subject: { type: 'api_key', id: server.keyId, name: 'agent' },
        details: { prefix: server.key.slice(0, 12), server_id: server.serverId },
      });
      const [row] = await api.sql(`SELECT expires_at FROM api_keys WHERE id = $1`, [server.keyId]);
      expect(expired[0].at).toBe(row.expires_at.toISOString());
    });
  });
});
