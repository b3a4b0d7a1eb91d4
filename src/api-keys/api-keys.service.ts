import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { type Acting, type AuditEventInput, userActor } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { isForeignKeyViolation } from '../common/postgres-errors.js';
import { conflict, notFound } from '../common/problem.js';
import { ServersService } from '../servers/servers.service.js';
import { displayPrefixOf, generateApiKey, hashApiKey } from './api-key-format.js';
import { apiKeyStatus } from './api-key-status.js';
import { API_KEY_REVOKED, type ApiKeyRevokedEvent } from './api-key.events.js';
import {
  toApiKeyCreatedDto,
  toApiKeyDto,
  type ApiKeyCreatedDto,
  type ApiKeyListDto,
} from './api-key.dto.js';
import { ApiKey } from './api-key.entity.js';
import type { CreateApiKeyDto } from './dto/create-api-key.dto.js';

export const KEY_NOT_ACTIVE = 'API key is not active';
export const KEY_ALREADY_ROTATED = 'API key was already rotated';

/**
 * A server's API keys: create, list, revoke, rotate. Every route first proves the server is the
 * caller's (404 otherwise), then scopes each key lookup to that server. Time decisions use this
 * process's clock, as the verifier does, so both always agree on a key's status.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly servers: ServersService,
    private readonly events: EventEmitter2,
    private readonly audit: AuditService,
  ) {}

  async create(
    ownerId: string,
    serverId: string,
    body: CreateApiKeyDto,
    acting: Acting,
  ): Promise<ApiKeyCreatedDto> {
    const server = await this.servers.findOwned(ownerId, serverId);
    const expiresAt = body.expires_at ? new Date(body.expires_at) : null;
    return this.dataSource.transaction(async (manager) => {
      const created = await this.issue(
        manager.getRepository(ApiKey),
        serverId,
        body.name,
        expiresAt,
      );
      await this.record(manager, 'api_key.created', created, server, acting, {
        expires_at: created.expires_at,
      });
      return created;
    });
  }

  async list(ownerId: string, serverId: string): Promise<ApiKeyListDto> {
    await this.servers.findOwned(ownerId, serverId);
    const keys = await this.keys.find({
      where: { serverId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const now = new Date();
    return { items: keys.map((key) => toApiKeyDto(key, now)) };
  }

  /**
   * Revokes a key now (also cutting short a rotation's grace period). Revoking a key that is
   * already revoked changes nothing and answers the same 204: the caller's intent already holds.
   */
  async revoke(ownerId: string, serverId: string, keyId: string, acting: Acting): Promise<void> {
    const server = await this.servers.findOwned(ownerId, serverId);
    const now = new Date();
    const revoked = await this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE api_keys SET revoked_at = $3
          WHERE id = $1 AND server_id = $2 AND (revoked_at IS NULL OR revoked_at > $3)
          RETURNING id, name, prefix`,
        [keyId, serverId, now],
      )) as [{ id: string; name: string; prefix: string }[], number];
      if (rows[0]) await this.record(manager, 'api_key.revoked', rows[0], server, acting, {});
      return rows.length > 0;
    });
    if (!revoked) {
      if (!(await this.keys.existsBy({ id: keyId, serverId }))) throw notFound();
      return;
    }
    this.emitRevoked({ keyId, serverId, effectiveAt: now, reason: 'revoked' });
  }

  /**
   * Issues a new key (same name and expiry) in place of an active one, which keeps working for the
   * grace period. A key has one successor: a revoked or expired key cannot be rotated (409 "not
   * active"), nor can one already rotated and still in its grace period (409 "already rotated";
   * revoke it to end the grace early). So concurrent rotations of one key issue exactly one key.
   */
  async rotate(
    ownerId: string,
    serverId: string,
    keyId: string,
    graceSeconds: number,
    acting: Acting,
  ): Promise<ApiKeyCreatedDto> {
    const server = await this.servers.findOwned(ownerId, serverId);
    const { created, oldKeyEnds } = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ApiKey);
      // Locked, so concurrent rotations take turns; each then sees what the one before it wrote.
      const old = await repository.findOne({
        where: { id: keyId, serverId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!old) throw notFound();
      // The clock is read once the lock is held: read before it, a waiter's "now" could predate
      // the winner's revocation and take it for a grace period.
      const now = new Date();
      if (apiKeyStatus(old, now) !== 'active') throw conflict(KEY_NOT_ACTIVE);
      if (old.revokedAt) throw conflict(KEY_ALREADY_ROTATED);
      const ends = new Date(now.getTime() + graceSeconds * 1000);
      await repository.update({ id: old.id }, { revokedAt: ends });
      const successor = await this.issue(repository, serverId, old.name, old.expiresAt);
      await this.record(manager, 'api_key.rotated', old, server, acting, {
        new_key_id: successor.id,
        new_prefix: successor.prefix,
        grace_period_seconds: graceSeconds,
      });
      return { created: successor, oldKeyEnds: ends };
    });
    this.emitRevoked({ keyId, serverId, effectiveAt: oldKeyEnds, reason: 'rotated' });
    return created;
  }

  /** Generates, stores (hash and display prefix only) and returns the one copy of a new key. */
  private async issue(
    repository: Repository<ApiKey>,
    serverId: string,
    name: string,
    expiresAt: Date | null,
  ): Promise<ApiKeyCreatedDto> {
    const plainKey = generateApiKey();
    const key = repository.create({
      serverId,
      name,
      keyHash: hashApiKey(plainKey),
      prefix: displayPrefixOf(plainKey),
      expiresAt,
    });
    try {
      await repository.insert(key);
    } catch (error) {
      // The server was deleted between the ownership check and the insert.
      if (isForeignKeyViolation(error)) throw notFound();
      throw error;
    }
    return toApiKeyCreatedDto(key, plainKey);
  }

  /** An event about one key of the caller's server, in the transaction that changed it. */
  private record(
    manager: EntityManager,
    action: 'api_key.created' | 'api_key.revoked' | 'api_key.rotated',
    key: { id: string; name: string; prefix: string },
    server: { id: string; name: string; ownerId: string },
    acting: Acting,
    details: Record<string, unknown>,
  ): Promise<void> {
    const event: AuditEventInput = {
      action,
      actor: userActor(acting.user),
      subject: { type: 'api_key', id: key.id, name: key.name },
      origin: acting.origin,
      outcome: 'success',
      details: { prefix: key.prefix, server_id: server.id, server_name: server.name, ...details },
      ownerIds: [server.ownerId],
    };
    return this.audit.record(manager, event);
  }

  /** Emitted only after the change is committed, so the gateway never acts on a rolled-back one. */
  private emitRevoked(event: ApiKeyRevokedEvent): void {
    this.events.emit(API_KEY_REVOKED, event);
  }
}
