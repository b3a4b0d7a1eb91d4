import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { USER_DELETING, type UserDeletingEvent } from '../users/user.events.js';
import {
  SERVER_DELETED,
  SERVER_DELETING,
  type ServerDeletedEvent,
  type ServerDeletingEvent,
} from './server.events.js';
import { Server } from './server.entity.js';

/**
 * A deleted account's servers go in the deleting transaction, each exactly as DELETE
 * /servers/{id} deletes one: SERVER_DELETING inside it (keys noted, gone by cascade), and
 * SERVER_DELETED after the commit (agents cut on every instance).
 */
@Injectable()
export class UserServersListener {
  constructor(private readonly events: EventEmitter2) {}

  @OnEvent(USER_DELETING, { suppressErrors: false })
  async deleteServers({ userId, manager, afterCommit }: UserDeletingEvent): Promise<void> {
    const servers = await manager
      .createQueryBuilder(Server, 's')
      .select('s.id')
      .where('s.owner_id = :userId', { userId })
      .setLock('pessimistic_write')
      .getMany();
    for (const { id } of servers) {
      const deleting: ServerDeletingEvent = { serverId: id, ownerId: userId, manager, afterCommit };
      await this.events.emitAsync(SERVER_DELETING, deleting);
      await manager.delete(Server, { id });
      const deleted: ServerDeletedEvent = { serverId: id, ownerId: userId };
      afterCommit(() => this.events.emit(SERVER_DELETED, deleted));
    }
  }
}
