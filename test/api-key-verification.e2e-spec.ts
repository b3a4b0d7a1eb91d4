import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { generateApiKey } from '../src/api-keys/api-key-format.js';
import { ApiKeyUsageRecorder } from '../src/api-keys/api-key-usage.recorder.js';
import { API_KEY_LOOKUP_SQL } from '../src/api-keys/api-key-verifier.service.js';
import {
  API_KEY_REVOKED,
  SERVER_KEYS_DELETED,
  type ApiKeyRevokedEvent,
  type ServerKeysDeletedEvent,
} from '../src/api-keys/api-key.events.js';
import { alice, api, events, server, useApiKeySuite, verifier } from './support/api-key-suite.js';
import { sleep } from './support/wait.js';

/**
 * ApiKeyVerifier as the agents gateway uses it, driven by real keys made over HTTP: query budget,
 * index use, expiry, rotation grace, usage recording, and what deleting a server does to its keys.
 */
describe('API key verification', () => {
  const { call, keysOf, createServer, createKey, keyInList, record, sha256 } = useApiKeySuite();

  describe('verification', () => {
    it('refuses malformed keys and bad checksums without a query, and resolves a good key with one', async () => {
      const created = await createKey(server.id);
      const dataSource = api.app.get(DataSource);
      const queries: string[] = [];
      const original = dataSource.logger.logQuery.bind(dataSource.logger);
      // Only what reads keys: the app's background work (mail delivery, job and key-expiry upkeep)
      // shares this data source and may run a statement at any moment.
      dataSource.logger.logQuery = (query, parameters, runner) => {
        if (/\bapi_keys\b/.test(query)) queries.push(query);
        return original(query, parameters, runner);
      };
      try {
        const lastChar = created.key.at(-1) === 'a' ? 'b' : 'a';
        for (const bad of [
          created.key.slice(0, -1) + lastChar,
          'chatops_' + 'A'.repeat(38),
          'not a key',
          '',
          null,
          42,
          { api_key: created.key },
        ]) {
          expect(await verifier.verify(bad)).toEqual({ ok: false, reason: 'invalid' });
        }
        expect(queries).toEqual([]);

        expect((await verifier.verify(created.key)).ok).toBe(true);
        expect(queries).toEqual([API_KEY_LOOKUP_SQL]);
      } finally {
        dataSource.logger.logQuery = original;
      }
    });

    it('looks keys up through the unique index on key_hash', async () => {
      const created = await createKey(server.id);
      // A tiny table would be scanned whatever the indexes: make the planner show the index it can use.
      const client = new pg.Client({ connectionString: api.databaseUrl });
      await client.connect();
      try {
        await client.query('SET enable_seqscan = off');
        const { rows } = await client.query(`EXPLAIN ${API_KEY_LOOKUP_SQL}`, [sha256(created.key)]);
        const plan = rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
        expect(plan).toMatch(/Index Scan using api_keys_key_hash_key on api_keys/);
      } finally {
        await client.end();
      }
    });

    it('answers "invalid" for a well-formed key that was never issued', async () => {
      expect(await verifier.verify(generateApiKey())).toEqual({ ok: false, reason: 'invalid' });
    });

    it('reports an expired key as expired, and a future expiry as validUntil', async () => {
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      const created = await createKey(server.id, { name: 'short-lived', expires_at: expiresAt });
      const verdict = await verifier.verify(created.key);
      expect(verdict).toMatchObject({ ok: true, validUntil: new Date(expiresAt) });

      await api.sql(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        created.id,
      ]);
      expect(await verifier.verify(created.key)).toEqual({ ok: false, reason: 'expired' });
      expect((await keyInList(server.id, created.id)).status).toBe('expired');
    });

    it('records last_used_at in batches, not on every verification', async () => {
      const created = await createKey(server.id);
      expect((await verifier.verify(created.key)).ok).toBe(true);
      expect((await keyInList(server.id, created.id)).last_used_at).toBeNull();
      await api.app.get(ApiKeyUsageRecorder).flush();
      const usedAt = (await keyInList(server.id, created.id)).last_used_at;
      expect(Date.now() - Date.parse(usedAt)).toBeLessThan(10_000);
    });
  });

  describe('rotation grace', () => {
    it('with grace: the old key keeps working until the grace period ends, then shows as revoked', async () => {
      const old = await createKey(server.id, { name: 'graceful' });
      const revoked = record<ApiKeyRevokedEvent>(API_KEY_REVOKED);
      const before = Date.now();
      const res = await call(alice, 'POST', `${keysOf(server.id)}/${old.id}/rotate`, {
        grace_period_seconds: 1,
      });
      revoked.stop();
      expect(res.status).toBe(201);
      const effectiveAt = revoked.seen[0].effectiveAt;
      expect(revoked.seen[0]).toMatchObject({ keyId: old.id, reason: 'rotated' });
      expect(effectiveAt.getTime()).toBeGreaterThanOrEqual(before + 1000);
      expect(effectiveAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

      expect(await verifier.verify(old.key)).toEqual({
        ok: true,
        keyId: old.id,
        serverId: server.id,
        ownerId: alice.id,
        validUntil: effectiveAt,
      });
      expect(await keyInList(server.id, old.id)).toMatchObject({
        status: 'active',
        revoked_at: effectiveAt.toISOString(),
      });
      expect((await verifier.verify(res.body.key)).ok).toBe(true);

      await sleep(effectiveAt.getTime() - Date.now() + 50);
      expect(await verifier.verify(old.key)).toEqual({ ok: false, reason: 'revoked' });
      expect((await keyInList(server.id, old.id)).status).toBe('revoked');
      expect((await verifier.verify(res.body.key)).ok).toBe(true);
    });
  });

  describe('deleting the server', () => {
    it('removes its keys in the same transaction: they never verify again, and SERVER_KEYS_DELETED names them', async () => {
      const doomed = await createServer(alice, 'doomed');
      const first = await createKey(doomed.id);
      const second = await createKey(doomed.id);
      const deleted = record<ServerKeysDeletedEvent>(SERVER_KEYS_DELETED);
      let serverRowsSeenByListener: Promise<unknown[]> | undefined;
      events.once(SERVER_KEYS_DELETED, () => {
        serverRowsSeenByListener = api.sql('SELECT id FROM servers WHERE id = $1', [doomed.id]);
      });

      const res = await call(alice, 'DELETE', `/servers/${doomed.id}`);
      deleted.stop();
      expect(res.status).toBe(204);
      expect(deleted.seen).toHaveLength(1);
      expect(deleted.seen[0]).toEqual({
        serverId: doomed.id,
        ownerId: alice.id,
        keyIds: expect.arrayContaining([first.id, second.id]),
      });
      expect(deleted.seen[0].keyIds).toHaveLength(2);
      expect(await serverRowsSeenByListener).toEqual([]);

      for (const key of [first, second])
        expect(await verifier.verify(key.key)).toEqual({ ok: false, reason: 'invalid' });
      expect(await api.sql('SELECT id FROM api_keys WHERE server_id = $1', [doomed.id])).toEqual(
        [],
      );
      expect((await call(alice, 'GET', keysOf(doomed.id))).status).toBe(404);
      expect((await call(alice, 'POST', keysOf(doomed.id), { name: 'late' })).status).toBe(404);
    });

    it("leaves other servers' keys alone", async () => {
      const survivor = await createKey(server.id);
      const doomed = await createServer(alice, 'doomed-too');
      await createKey(doomed.id);
      expect((await call(alice, 'DELETE', `/servers/${doomed.id}`)).status).toBe(204);
      expect((await verifier.verify(survivor.key)).ok).toBe(true);
    });
  });
});
