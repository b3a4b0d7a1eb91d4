import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Batcher } from '../common/batcher.js';
import { hashApiKey, isWellFormedApiKey } from './api-key-format.js';
import { type ApiKeyStatus, apiKeyStatus, apiKeyValidUntil } from './api-key-status.js';
import { ApiKeyUsageRecorder } from './api-key-usage.recorder.js';
import type { ApiKeyVerification } from './api-key.events.js';

/**
 * The one query behind presented keys: an equality on the unique index `api_keys_key_hash_key`,
 * joined to its server (primary key) for the owner. Exported so a test can EXPLAIN exactly it.
 * Keys presented at the same moment go in one query: $1 is their hashes joined by commas (hex
 * has none), each still an index lookup.
 */
export const API_KEY_LOOKUP_SQL = `SELECT k.id, k.server_id, k.key_hash, k.expires_at, k.revoked_at, s.owner_id
  FROM api_keys k JOIN servers s ON s.id = k.server_id
 WHERE k.key_hash = ANY (string_to_array($1, ',')::bpchar[])`;

interface LookupRow {
  id: string;
  server_id: string;
  key_hash: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  owner_id: string;
}

/** What a key allows now: `validUntil` is when an active key stops working by itself, if ever. */
export interface KeyState {
  status: ApiKeyStatus;
  validUntil: Date | null;
}

const INVALID: ApiKeyVerification = { ok: false, reason: 'invalid' };
const GONE: KeyState = { status: 'revoked', validUntil: null };

/**
 * What the agents gateway asks about keys. Malformed keys and bad checksums are refused without
 * touching the database; a well-formed key costs one indexed lookup and no write. Lookups arriving
 * while one is in flight are batched into the next query, so a reconnecting fleet costs a handful
 * of statements per batch rather than one round trip per agent.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly lookups = new Batcher<string, LookupRow | undefined>(
    (hashes) => this.lookup(hashes),
    { maxBatch: 500, maxInFlight: 2 },
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly usage: ApiKeyUsageRecorder,
  ) {}

  async verify(presented: unknown): Promise<ApiKeyVerification> {
    if (!isWellFormedApiKey(presented)) return INVALID;
    const hash = hashApiKey(presented);
    const row = await this.lookups.add(hash);
    // The index found the row by hash equality; this re-check in constant time is belt and braces.
    if (!row || !timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash))) return INVALID;

    const key = { revokedAt: row.revoked_at, expiresAt: row.expires_at };
    const now = new Date();
    const status = apiKeyStatus(key, now);
    if (status !== 'active') return { ok: false, reason: status };
    this.usage.touch(row.id, now);
    return {
      ok: true,
      keyId: row.id,
      serverId: row.server_id,
      ownerId: row.owner_id,
      validUntil: apiKeyValidUntil(key),
    };
  }

  /** The state of each key now, by id; a key that no longer exists reads as revoked. */
  async keyStates(keyIds: readonly string[]): Promise<Map<string, KeyState>> {
    const unique = [...new Set(keyIds)];
    const rows: { id: string; revoked_at: Date | null; expires_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT id, revoked_at, expires_at FROM api_keys WHERE id = ANY ($1::uuid[])`,
        [unique],
      );
    const states = new Map<string, KeyState>(unique.map((id) => [id, GONE]));
    const now = new Date();
    for (const row of rows) {
      const key = { revokedAt: row.revoked_at, expiresAt: row.expires_at };
      states.set(row.id, { status: apiKeyStatus(key, now), validUntil: apiKeyValidUntil(key) });
    }
    return states;
  }

  private async lookup(hashes: string[]): Promise<(LookupRow | undefined)[]> {
    const rows: LookupRow[] = await this.dataSource.query(API_KEY_LOOKUP_SQL, [
      [...new Set(hashes)].join(','),
    ]);
    const byHash = new Map(rows.map((row) => [row.key_hash, row]));
    return hashes.map((hash) => byHash.get(hash));
  }
}
