import { describe, expect, it } from '@jest/globals';
import { API_KEY_REVOKED, type ApiKeyRevokedEvent } from '../src/api-keys/api-key.events.js';
import {
  alice,
  api,
  bob,
  events,
  server,
  useApiKeySuite,
  verifier,
} from './support/api-key-suite.js';
import { locs, MISSING_ID, NOT_FOUND } from './support/servers-api.js';

/** The HTTP routes of a server's API keys; the verifier's side is in api-key-verification.e2e-spec.ts. */
describe('API keys', () => {
  const { call, keysOf, createServer, createKey, keyInList, record, sha256 } = useApiKeySuite();

  describe('create and list', () => {
    it('creates a key of the documented format, shown in full only in this answer (201)', async () => {
      const res = await call(alice, 'POST', keysOf(server.id), { name: '  prod agent  ' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'prod agent',
        key: expect.stringMatching(/^chatops_[0-9A-Za-z]{38}$/),
        prefix: res.body.key.slice(0, 12),
        server_id: server.id,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        expires_at: null,
        last_used_at: null,
      });
      expect(await verifier.verify(res.body.key)).toEqual({
        ok: true,
        keyId: res.body.id,
        serverId: server.id,
        ownerId: alice.id,
        validUntil: null,
      });
    });

    it('stores only the SHA-256 of the key and its 12-character prefix', async () => {
      const created = await createKey(server.id);
      const [row] = await api.sql('SELECT * FROM api_keys WHERE id = $1', [created.id]);
      expect(row.key_hash).toBe(sha256(created.key));
      expect(row.prefix).toBe(created.key.slice(0, 12));
      const [{ text }] = await api.sql("SELECT string_agg(k::text, ' ') AS text FROM api_keys k");
      expect(text).not.toContain(created.key);
      expect(text).not.toContain(created.key.slice(12));
    });

    it('lists keys without the secret or its hash', async () => {
      const created = await createKey(server.id, {
        name: 'listed',
        expires_at: '2099-01-01T00:00:00Z',
      });
      const res = await call(alice, 'GET', keysOf(server.id));
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['items']);
      expect(res.text).not.toContain(created.key);
      expect(res.text).not.toContain(created.key.slice(12));
      expect(res.text).not.toContain(sha256(created.key));
      expect(res.body.items.find((k: any) => k.id === created.id)).toEqual({
        id: created.id,
        name: 'listed',
        prefix: created.prefix,
        status: 'active',
        created_at: expect.any(String),
        expires_at: '2099-01-01T00:00:00.000Z',
        last_used_at: null,
        revoked_at: null,
      });
      const times = res.body.items.map((k: any) => k.created_at);
      expect(times).toEqual([...times].sort());
    });

    it('validates the body: name 1-100 trimmed, expires_at an ISO date-time in the future (422)', async () => {
      const path = keysOf(server.id);
      expect(locs(await call(alice, 'POST', path, {}))).toEqual([['body', 'name']]);
      expect(locs(await call(alice, 'POST', path, { name: '   ' }))).toEqual([['body', 'name']]);
      expect(locs(await call(alice, 'POST', path, { name: 'k'.repeat(101) }))).toEqual([
        ['body', 'name'],
      ]);
      const past = new Date(Date.now() - 1000).toISOString();
      for (const expires_at of [past, 'tomorrow', '2099-13-01T00:00:00Z', 12345]) {
        expect([
          expires_at,
          locs(await call(alice, 'POST', path, { name: 'k', expires_at })),
        ]).toEqual([expires_at, [['body', 'expires_at']]]);
      }
      expect(locs(await call(alice, 'POST', path, { name: '', expires_at: past }))).toEqual([
        ['body', 'name'],
        ['body', 'expires_at'],
      ]);
      expect(
        (await call(alice, 'POST', path, { name: 'k'.repeat(100), expires_at: null })).status,
      ).toBe(201);
    });
  });

  describe('ownership', () => {
    it("answers 404 on every route for another user's server and keys", async () => {
      const created = await createKey(server.id);
      const bobsServer = await createServer(bob, 'bobs');
      const attempts = [
        await call(bob, 'POST', keysOf(server.id), { name: 'intruder' }),
        await call(bob, 'GET', keysOf(server.id)),
        await call(bob, 'DELETE', `${keysOf(server.id)}/${created.id}`),
        await call(bob, 'POST', `${keysOf(server.id)}/${created.id}/rotate`, {}),
        // Alice's key addressed through Bob's own server is not found either.
        await call(bob, 'DELETE', `${keysOf(bobsServer.id)}/${created.id}`),
        await call(bob, 'POST', `${keysOf(bobsServer.id)}/${created.id}/rotate`, {}),
        // …nor through another of Alice's servers.
        await call(
          alice,
          'DELETE',
          `${keysOf((await createServer(alice, 'other')).id)}/${created.id}`,
        ),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(NOT_FOUND);
      }
      expect((await verifier.verify(created.key)).ok).toBe(true);
      expect((await keyInList(server.id, created.id)).status).toBe('active');
    });

    it('answers 404 for unknown or non-UUID server and key ids', async () => {
      const created = await createKey(server.id);
      const paths = [
        ['POST', keysOf(MISSING_ID)],
        ['GET', keysOf('not-a-uuid')],
        ['POST', keysOf('123')],
        ['DELETE', `${keysOf(server.id)}/${MISSING_ID}`],
        ['DELETE', `${keysOf(server.id)}/not-a-uuid`],
        ['DELETE', `${keysOf('nope')}/${created.id}`],
        ['POST', `${keysOf(server.id)}/${MISSING_ID}/rotate`],
        ['POST', `${keysOf(server.id)}/xyz/rotate`],
      ];
      for (const [method, path] of paths) {
        const res = await call(alice, method, path, method === 'POST' ? { name: 'k' } : undefined);
        expect([method, path, res.status, res.body]).toEqual([method, path, 404, NOT_FOUND]);
      }
    });

    it('requires authentication on every route (401)', async () => {
      const created = await createKey(server.id);
      for (const [method, path] of [
        ['POST', keysOf(server.id)],
        ['GET', keysOf(server.id)],
        ['DELETE', `${keysOf(server.id)}/${created.id}`],
        ['POST', `${keysOf(server.id)}/${created.id}/rotate`],
      ]) {
        expect(
          (await call(undefined, method, path, method === 'POST' ? {} : undefined)).status,
        ).toBe(401);
      }
    });
  });

  describe('revoke', () => {
    it('revokes a key (204): it stops verifying, lists as revoked, and the event fires after commit', async () => {
      const created = await createKey(server.id);
      const revoked = record<ApiKeyRevokedEvent>(API_KEY_REVOKED);
      let rowSeenByListener: Promise<unknown[]> | undefined;
      events.once(API_KEY_REVOKED, () => {
        rowSeenByListener = api.sql(
          'SELECT revoked_at FROM api_keys WHERE id = $1 AND revoked_at IS NOT NULL',
          [created.id],
        );
      });
      const before = Date.now();
      const res = await call(alice, 'DELETE', `${keysOf(server.id)}/${created.id}`);
      revoked.stop();
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(revoked.seen).toEqual([
        {
          keyId: created.id,
          serverId: server.id,
          effectiveAt: expect.any(Date),
          reason: 'revoked',
        },
      ]);
      expect(revoked.seen[0].effectiveAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(revoked.seen[0].effectiveAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await rowSeenByListener).toHaveLength(1);

      expect(await verifier.verify(created.key)).toEqual({ ok: false, reason: 'revoked' });
      const listed = await keyInList(server.id, created.id);
      expect(listed).toMatchObject({
        status: 'revoked',
        revoked_at: revoked.seen[0].effectiveAt.toISOString(),
      });
    });

    it('answers 204 again for an already revoked key, changing nothing and emitting nothing', async () => {
      const created = await createKey(server.id);
      expect((await call(alice, 'DELETE', `${keysOf(server.id)}/${created.id}`)).status).toBe(204);
      const first = (await keyInList(server.id, created.id)).revoked_at;
      const revoked = record<ApiKeyRevokedEvent>(API_KEY_REVOKED);
      expect((await call(alice, 'DELETE', `${keysOf(server.id)}/${created.id}`)).status).toBe(204);
      revoked.stop();
      expect(revoked.seen).toEqual([]);
      expect((await keyInList(server.id, created.id)).revoked_at).toBe(first);
    });
  });

  describe('rotate', () => {
    it('without grace: answers 201 with a new key; the old one is revoked at once', async () => {
      const old = await createKey(server.id, {
        name: 'rotating',
        expires_at: '2099-06-01T00:00:00.000Z',
      });
      const revoked = record<ApiKeyRevokedEvent>(API_KEY_REVOKED);
      const res = await call(alice, 'POST', `${keysOf(server.id)}/${old.id}/rotate`);
      revoked.stop();
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'rotating',
        key: expect.stringMatching(/^chatops_[0-9A-Za-z]{38}$/),
        prefix: res.body.key.slice(0, 12),
        server_id: server.id,
        created_at: expect.any(String),
        expires_at: '2099-06-01T00:00:00.000Z',
        last_used_at: null,
      });
      expect(res.body.id).not.toBe(old.id);
      expect(res.body.key).not.toBe(old.key);
      expect(revoked.seen).toEqual([
        { keyId: old.id, serverId: server.id, effectiveAt: expect.any(Date), reason: 'rotated' },
      ]);

      expect(await verifier.verify(old.key)).toEqual({ ok: false, reason: 'revoked' });
      expect(await verifier.verify(res.body.key)).toMatchObject({ ok: true, keyId: res.body.id });
      expect((await keyInList(server.id, old.id)).status).toBe('revoked');
      expect((await keyInList(server.id, res.body.id)).status).toBe('active');
    });

    it('refuses to rotate a revoked or expired key (409 "API key is not active")', async () => {
      const revokedKey = await createKey(server.id);
      await call(alice, 'DELETE', `${keysOf(server.id)}/${revokedKey.id}`);
      const expiredKey = await createKey(server.id);
      await api.sql(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        expiredKey.id,
      ]);
      for (const key of [revokedKey, expiredKey]) {
        const res = await call(alice, 'POST', `${keysOf(server.id)}/${key.id}/rotate`, {
          grace_period_seconds: 60,
        });
        expect(res.status).toBe(409);
        expect(res.body).toEqual({ detail: 'API key is not active' });
      }
    });

    it('validates grace_period_seconds: an integer from 0 to 86400 (422)', async () => {
      const created = await createKey(server.id);
      const path = `${keysOf(server.id)}/${created.id}/rotate`;
      for (const grace of [-1, 86401, 1.5, '10', true]) {
        expect([
          grace,
          locs(await call(alice, 'POST', path, { grace_period_seconds: grace })),
        ]).toEqual([grace, [['body', 'grace_period_seconds']]]);
      }
      expect((await verifier.verify(created.key)).ok).toBe(true);
      const longest = await call(alice, 'POST', path, { grace_period_seconds: 86400 });
      expect(longest.status).toBe(201);
      expect(await verifier.verify(created.key)).toMatchObject({
        ok: true,
        validUntil: expect.any(Date),
      });
    });
  });
});
