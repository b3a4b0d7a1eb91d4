import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { badRequest } from '../../common/problem.js';
import { sha256Hex } from '../token-crypto.js';

export type AccountTokenKind = 'verify_email' | 'password_reset' | 'email_change';

/** The one answer for an unknown, used, voided or expired link (API.md §10). */
export const INVALID_LINK = 'Invalid or expired link';

export interface AccountTokenRow {
  user_id: string;
  email: string;
}

/**
 * The one-use secrets behind mailed links: 32 random bytes, base64url, stored only as SHA-256.
 * Issuing one voids the user's earlier ones of the same kind; using one is a single conditional
 * UPDATE, so two requests presenting it at once cannot both succeed.
 */
@Injectable()
export class AccountTokens {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new token for `userId` (bound to `email`: the address it proves), voiding older ones. */
  async issue(
    manager: EntityManager,
    userId: string,
    kind: AccountTokenKind,
    email: string,
    ttlSeconds: number,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.query(
      `DELETE FROM account_tokens WHERE user_id = $1 AND kind = $2 AND used_at IS NULL`,
      [userId, kind],
    );
    await manager.query(
      `INSERT INTO account_tokens (user_id, kind, token_hash, email, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [userId, kind, sha256Hex(token), email, ttlSeconds],
    );
    return token;
  }

  /** The live token's row without using it (to check a request before spending the link), or 400. */
  async peek(kind: AccountTokenKind, token: string): Promise<AccountTokenRow> {
    const [row] = (await this.dataSource.query(
      `SELECT user_id, email FROM account_tokens
        WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > now()`,
      [sha256Hex(token), kind],
    )) as AccountTokenRow[];
    if (!row) throw badRequest(INVALID_LINK);
    return row;
  }

  /** Uses the token in `manager`'s transaction, or 400 when it is not (or no longer) live. */
  async consume(
    manager: EntityManager,
    kind: AccountTokenKind,
    token: string,
  ): Promise<AccountTokenRow> {
    const [rows] = (await manager.query(
      `UPDATE account_tokens SET used_at = now()
        WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id, email`,
      [sha256Hex(token), kind],
    )) as [AccountTokenRow[], number];
    if (!rows?.[0]) throw badRequest(INVALID_LINK);
    return rows[0];
  }
}
