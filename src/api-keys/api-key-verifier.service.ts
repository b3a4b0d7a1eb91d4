import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashApiKey, isWellFormedApiKey } from './api-key-format.js';
import { apiKeyStatus, apiKeyValidUntil } from './api-key-status.js';
import { ApiKeyUsageRecorder } from './api-key-usage.recorder.js';
import type { ApiKeyVerification } from './api-key.events.js';

/**
 * The one query behind a presented key: an equality on the unique index `api_keys_key_hash_key`,
 * joined to its server (primary key) for the owner. Exported so a test can EXPLAIN exactly it.
 */
export const API_KEY_LOOKUP_SQL = `SELECT k.id, k.server_id, k.key_hash, k.expires_at, k.revoked_at, s.owner_id
  FROM api_keys k JOIN servers s ON s.id = k.server_id
 WHERE k.key_hash = $1`;

interface LookupRow {
  id: string;
  server_id: string;
  key_hash: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  owner_id: string;
}

const INVALID: ApiKeyVerification = { ok: false, reason: 'invalid' };

/**
 * What the agents gateway asks about a presented key. Malformed keys and bad checksums are refused
 * without touching the database; a well-formed key costs one indexed query and no write.
 */
@Injectable()
export class ApiKeyVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly usage: ApiKeyUsageRecorder,
  ) {}

  async verify(presented: unknown): Promise<ApiKeyVerification> {
    if (!isWellFormedApiKey(presented)) return INVALID;
    const hash = hashApiKey(presented);
    const rows: LookupRow[] = await this.dataSource.query(API_KEY_LOOKUP_SQL, [hash]);
    const row = rows[0];
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
}
