import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { type Acting, type AuditEventInput, userActor } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { ADMIN_REQUIRED, type Principal } from '../common/access.js';
import { page, type Page } from '../common/pagination.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { conflict, forbidden, notFound } from '../common/problem.js';
import type { CreateServerDto } from './dto/create-server.dto.js';
import type { ListServersQueryDto } from './dto/list-servers-query.dto.js';
import type { UpdateServerDto } from './dto/update-server.dto.js';
import { DUPLICATE_SERVER_NAME } from './server-messages.js';
import { ServerPresence } from './server-presence.js';
import { toServerDto, type ServerDto } from './server.dto.js';
import { Server } from './server.entity.js';
import {
  SERVER_DELETED,
  SERVER_DELETING,
  type ServerDeletedEvent,
  type ServerDeletingEvent,
} from './server.events.js';

const NAME_INDEX = 'servers_owner_name_key';

/** Optional text: absent stays absent, and an empty (trimmed) string means "none", like null. */
const orNull = (value: string | null | undefined) =>
  value === undefined ? undefined : value || null;

/** Escapes LIKE's wildcards so a search for "50%" finds "50%", not everything starting with "50". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The caller's servers. Every lookup is scoped to the owner, so another user's server is simply
 * not found (404), never forbidden.
 */
@Injectable()
export class ServersService {
  constructor(
    @InjectRepository(Server) private readonly servers: Repository<Server>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly presence: ServerPresence,
    private readonly events: EventEmitter2,
    private readonly audit: AuditService,
  ) {}

  async create(ownerId: string, body: CreateServerDto, acting: Acting): Promise<ServerDto> {
    const server = this.servers.create({
      ownerId,
      name: body.name,
      hostname: orNull(body.hostname) ?? null,
      description: orNull(body.description) ?? null,
      tags: body.tags ?? [],
    });
    // Nothing may fail after the commit (the client would be told 503 about a server that exists):
    // a server just created has no keys yet, so no agent, so it is offline without asking.
    const saved = await this.saveUniquely(server, (manager, row) =>
      this.audit.record(manager, serverEvent('server.created', row, acting, { name: row.name })),
    );
    return toServerDto(saved, 'offline');
  }

  async list(caller: Principal, query: ListServersQueryDto): Promise<Page<ServerDto>> {
    if (query.all && !caller.isAdmin) throw forbidden(ADMIN_REQUIRED);
    const builder = this.servers
      .createQueryBuilder('s')
      .orderBy('s.created_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (!query.all) builder.andWhere('s.owner_id = :ownerId', { ownerId: caller.id });
    if (query.search) {
      builder.andWhere(
        '(s.name ILIKE :pattern OR s.hostname ILIKE :pattern OR s.description ILIKE :pattern)',
        {
          pattern: likePattern(query.search),
        },
      );
    }
    // `@>` (contains) rather than `= ANY(...)`: the GIN index on tags serves the former only.
    if (query.tag) builder.andWhere('s.tags @> ARRAY[:tag]::text[]', { tag: query.tag });
    if (query.status) {
      const isOnline = this.presence.onlineSql('s.id');
      builder.andWhere(query.status === 'online' ? isOnline : `NOT ${isOnline}`);
    }
    const [servers, total] = await builder.getManyAndCount();
    const online = await this.presence.onlineAmong(servers.map((s) => s.id));
    return page(
      servers.map((s) => toServerDto(s, online.has(s.id) ? 'online' : 'offline')),
      total,
      query,
    );
  }

  async get(ownerId: string, id: string): Promise<ServerDto> {
    return this.withStatus(await this.findOwned(ownerId, id));
  }

  async update(
    ownerId: string,
    id: string,
    changes: UpdateServerDto,
    acting: Acting,
  ): Promise<ServerDto> {
    const server = await this.findOwned(ownerId, id);
    const before = { ...server };
    if (changes.name !== undefined) server.name = changes.name;
    if (changes.hostname !== undefined) server.hostname = orNull(changes.hostname) ?? null;
    if (changes.description !== undefined) server.description = orNull(changes.description) ?? null;
    if (changes.tags !== undefined) server.tags = changes.tags;
    // Presence is read before the write, not after: a failure after the commit would answer 503
    // for a change that was made.
    const online = await this.presence.onlineAmong([id]);
    const saved = await this.saveUniquely(server, async (manager, row) => {
      const fields = (['name', 'hostname', 'description', 'tags'] as const).filter(
        (field) => JSON.stringify(row[field]) !== JSON.stringify(before[field]),
      );
      if (fields.length === 0) return;
      const renamed = fields.includes('name') ? { previous_name: before.name } : {};
      await this.audit.record(
        manager,
        serverEvent('server.updated', row, acting, { fields, ...renamed }),
      );
    });
    return toServerDto(saved, online.has(id) ? 'online' : 'offline');
  }

  /**
   * Deletes a server in one transaction; its API keys go with it (ON DELETE CASCADE), so none can
   * verify again. Other modules take part through SERVER_DELETING inside the transaction, and hear
   * SERVER_DELETED after the commit (so they never act on a change that rolled back).
   */
  async remove(ownerId: string, id: string, acting: Acting): Promise<void> {
    const afterCommit: (() => void)[] = [];
    await this.dataSource.transaction(async (manager) => {
      // FOR UPDATE also makes a concurrent key creation wait, then fail its foreign key (→ 404).
      const server = await this.findOwned(ownerId, id, manager, true);
      const deleting: ServerDeletingEvent = {
        serverId: id,
        ownerId,
        manager,
        afterCommit: (task) => afterCommit.push(task),
      };
      await this.events.emitAsync(SERVER_DELETING, deleting);
      await manager.delete(Server, { id });
      await this.audit.record(manager, serverEvent('server.deleted', server, acting, {}));
    });
    for (const task of afterCommit) task();
    const deleted: ServerDeletedEvent = { serverId: id, ownerId };
    this.events.emit(SERVER_DELETED, deleted);
  }

  /** The caller's server, or 404 (also when it exists but belongs to someone else). */
  async findOwned(
    ownerId: string,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<Server> {
    const repository = manager ? manager.getRepository(Server) : this.servers;
    const server = await repository.findOne({
      where: { id, ownerId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!server) throw notFound();
    return server;
  }

  /** Saves the server and records its event (`recorded`) in one transaction. */
  private async saveUniquely(
    server: Server,
    recorded: (manager: EntityManager, saved: Server) => Promise<void>,
  ): Promise<Server> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(server);
        await recorded(manager, saved);
        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error, NAME_INDEX)) throw conflict(DUPLICATE_SERVER_NAME);
      throw error;
    }
  }

  private async withStatus(server: Server): Promise<ServerDto> {
    const online = await this.presence.onlineAmong([server.id]);
    return toServerDto(server, online.has(server.id) ? 'online' : 'offline');
  }
}

/** A server event: the owner acted on it, and reads it in their log even after it is deleted. */
function serverEvent(
  action: 'server.created' | 'server.updated' | 'server.deleted',
  server: Server,
  acting: Acting,
  details: Record<string, unknown>,
): AuditEventInput {
  return {
    action,
    actor: userActor(acting.user),
    subject: { type: 'server', id: server.id, name: server.name },
    origin: acting.origin,
    outcome: 'success',
    details,
    ownerIds: [server.ownerId],
  };
}
