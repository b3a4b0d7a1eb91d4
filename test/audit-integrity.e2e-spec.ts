import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditRetentionService } from '../src/audit/audit-retention.service.js';
import { API } from './support/http.js';
import { callAs, createServer, createServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/**
 * The audit log's guarantees in the database: an event commits or rolls back with its change, rows
 * are never updated or deleted but by the retention purge, and a deleted user's events stay.
 */
describe('audit log: integrity', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  let alice: RegisteredUser;

  const countEvents = async (where: string, params: unknown[]) =>
    Number((await api.sql(`SELECT count(*) FROM audit_events WHERE ${where}`, params))[0].count);

  /**
   * Makes the transaction that changes `table` fail at its COMMIT when `condition` holds for the
   * changed row: a deferred constraint trigger runs after every statement of the transaction —
   * so after the event's insert — and its error rolls the whole transaction back.
   */
  async function failAtCommit(table: string, condition: string): Promise<() => Promise<void>> {
    const name = `fail_${table}_${Math.random().toString(36).slice(2, 8)}`;
    await api.sql(`
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ${condition} THEN RAISE EXCEPTION 'injected failure at commit'; END IF;
        RETURN NULL;
      END $$`);
    await api.sql(`
      CREATE CONSTRAINT TRIGGER ${name} AFTER INSERT OR UPDATE ON ${table}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    return async () => {
      await api.sql(`DROP TRIGGER ${name} ON ${table}`);
      await api.sql(`DROP FUNCTION ${name}()`);
    };
  }

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api);
    alice = await registerUser(api);
  });

  afterAll(async () => {
    await api.close();
  });

  describe('written with the change', () => {
    it('server.created: the change fails after the event is inserted → neither exists', async () => {
      const restore = await failAtCommit('servers', `NEW.name = 'doomed-server'`);
      try {
        const res = await callAs(api, alice).post('/servers', { name: 'doomed-server' });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ detail: 'Internal server error' });
      } finally {
        await restore();
      }
      expect(await api.sql(`SELECT id FROM servers WHERE name = 'doomed-server'`)).toEqual([]);
      expect(await countEvents(`subject_name = 'doomed-server'`, [])).toBe(0);
      expect(
        await api.sql(
          `SELECT 1 FROM audit_event_readers r JOIN audit_events e ON e.id = r.event_id
            WHERE e.subject_name = 'doomed-server'`,
        ),
      ).toEqual([]);
      // The same request with nothing injected: both exist.
      const ok = await callAs(api, alice).post('/servers', { name: 'doomed-server' });
      expect(ok.status).toBe(201);
      expect(await countEvents(`action = 'server.created' AND subject_id = $1`, [ok.body.id])).toBe(
        1,
      );
    });

    it('api_key.revoked: a revocation that fails at commit leaves the key active and no event', async () => {
      const { serverId, keyId } = await createServerWithKey(api, alice);
      const restore = await failAtCommit(
        'api_keys',
        `NEW.id = '${keyId}' AND NEW.revoked_at IS NOT NULL`,
      );
      try {
        const res = await callAs(api, alice).delete(`/servers/${serverId}/api-keys/${keyId}`);
        expect(res.status).toBe(500);
      } finally {
        await restore();
      }
      const [key] = await api.sql(`SELECT revoked_at FROM api_keys WHERE id = $1`, [keyId]);
      expect(key.revoked_at).toBeNull();
      expect(await countEvents(`action = 'api_key.revoked' AND subject_id = $1`, [keyId])).toBe(0);
    });

    it('admin.user.updated and auth.password.changed roll back with their change', async () => {
      const bob = await registerUser(api);
      const restoreUsers = await failAtCommit('users', `NEW.id = '${bob.id}'`);
      try {
        const disable = await api.request(
          'PATCH',
          `${API}/users/${bob.id}`,
          { is_active: false },
          {
            token: admin.accessToken,
          },
        );
        expect(disable.status).toBe(500);
        const change = await api.request(
          'POST',
          `${API}/users/me/password`,
          { current_password: bob.password, new_password: 'Brand-New-Passphrase-42' },
          { token: bob.accessToken },
        );
        expect(change.status).toBe(500);
      } finally {
        await restoreUsers();
      }
      const [row] = await api.sql(`SELECT is_active FROM users WHERE id = $1`, [bob.id]);
      expect(row.is_active).toBe(true);
      expect(
        await countEvents(
          `action IN ('admin.user.updated', 'auth.password.changed') AND subject_id = $1`,
          [bob.id],
        ),
      ).toBe(0);
      // Bob's session still works: the sessions the password change ended came back too.
      expect((await callAs(api, bob).get('/users/me')).status).toBe(200);
    });

    it('an event that cannot be written fails its change: no server without its record', async () => {
      await api.sql(`
        CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.subject_name = 'unrecordable' THEN RAISE EXCEPTION 'injected event failure'; END IF;
          RETURN NEW;
        END $$`);
      await api.sql(`CREATE TRIGGER refuse_event BEFORE INSERT ON audit_events
                     FOR EACH ROW EXECUTE FUNCTION refuse_event()`);
      try {
        const res = await callAs(api, alice).post('/servers', { name: 'unrecordable' });
        expect(res.status).toBe(500);
      } finally {
        await api.sql(`DROP TRIGGER refuse_event ON audit_events`);
        await api.sql(`DROP FUNCTION refuse_event()`);
      }
      expect(await api.sql(`SELECT id FROM servers WHERE name = 'unrecordable'`)).toEqual([]);
    });
  });

  describe('append-only', () => {
    it('refuses UPDATE, DELETE and TRUNCATE of events and of their readers', async () => {
      await createServer(api, alice, { name: 'append-only' });
      const attempts = [
        `UPDATE audit_events SET action = 'server.deleted' WHERE subject_name = 'append-only'`,
        `DELETE FROM audit_events WHERE subject_name = 'append-only'`,
        `TRUNCATE audit_events CASCADE`,
        `UPDATE audit_event_readers SET reader_id = '${admin.id}'`,
        `DELETE FROM audit_event_readers`,
        `TRUNCATE audit_event_readers`,
      ];
      for (const statement of attempts) {
        await expect(api.sql(statement)).rejects.toThrow(/append-only/);
      }
      expect(await countEvents(`subject_name = 'append-only'`, [])).toBe(1);
    });

    it('even with the purge setting, a row younger than its cutoff cannot be deleted', async () => {
      await createServer(api, alice, { name: 'too-young' });
      await expect(
        api.sql(`
          DO $$ BEGIN
            PERFORM set_config('audit.purge_before', (now() - interval '1 day')::text, true);
            DELETE FROM audit_events WHERE subject_name = 'too-young';
          END $$`),
      ).rejects.toThrow(/append-only/);
      expect(await countEvents(`subject_name = 'too-young'`, [])).toBe(1);
    });

    it('no route changes or deletes an event', async () => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await api.request(method, `${API}/audit`, {}, { token: admin.accessToken });
        expect(res.status).toBe(404);
      }
    });
  });

  describe('retention', () => {
    it('the purge deletes events past AUDIT_RETENTION (with their readers) and nothing younger', async () => {
      await createServer(api, alice, { name: 'recent-one' });
      // An event from 400 days ago, as if written then (inserting is what the log allows).
      await api.sql(
        `WITH e AS (
           INSERT INTO audit_events (at, last_at, action, actor_type, actor_id, actor_name,
                                     subject_type, subject_id, subject_name, outcome)
           VALUES (now() - interval '400 days', now() - interval '400 days', 'server.created',
                   'user', $1, 'alice-then', 'server', gen_random_uuid(), 'ancient', 'success')
           RETURNING id, at)
         INSERT INTO audit_event_readers (reader_id, at, event_id, action)
         SELECT $1, e.at, e.id, 'server.created' FROM e`,
        [alice.id],
      );
      const before = await countEvents('true', []);
      const purged = await api.app.get(AuditRetentionService).purge();
      expect(purged).toBe(1);
      expect(await countEvents(`subject_name = 'ancient'`, [])).toBe(0);
      expect(await countEvents('true', [])).toBe(before - 1);
      expect(
        await api.sql(`SELECT 1 FROM audit_event_readers WHERE at < now() - interval '365 days'`),
      ).toEqual([]);
      expect(await countEvents(`subject_name = 'recent-one'`, [])).toBe(1);
    });
  });

  it("a deleted user's events stay, with the username as it was", async () => {
    const gone = await registerUser(api);
    await createServer(api, gone, { name: 'left-behind' });
    await api.sql(`DELETE FROM servers WHERE owner_id = $1`, [gone.id]);
    await api.sql(`DELETE FROM users WHERE id = $1`, [gone.id]);
    const rows = await api.sql(
      `SELECT action, actor_name FROM audit_events WHERE actor_id = $1 ORDER BY at`,
      [gone.id],
    );
    expect(rows).toEqual([
      { action: 'user.created', actor_name: gone.username },
      { action: 'server.created', actor_name: gone.username },
    ]);
    const page = await api.request('GET', `${API}/audit?actor=${gone.id}`, undefined, {
      token: admin.accessToken,
    });
    expect(page.body.total).toBe(2);
    expect(page.body.items[0].actor).toEqual({
      type: 'user',
      id: gone.id,
      username: gone.username,
    });
  });
});
