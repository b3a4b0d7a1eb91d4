import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { SERVER_DELETING, type ServerDeletingEvent } from '../servers/server.events.js';
import { SERVER_KEYS_DELETED, type ServerKeysDeletedEvent } from './api-key.events.js';
import { ApiKey } from './api-key.entity.js';

/**
 * A deleted server's keys go with its row (ON DELETE CASCADE). Which keys those were is read in
 * the deleting transaction — the server row is locked, so no key can be added meanwhile — and
 * announced once the deletion is committed.
 */
@Injectable()
export class ServerKeysListener {
  constructor(private readonly events: EventEmitter2) {}

  @OnEvent(SERVER_DELETING, { suppressErrors: false })
  async noteKeys({ serverId, ownerId, manager, afterCommit }: ServerDeletingEvent): Promise<void> {
    const keys = await manager.find(ApiKey, { select: { id: true }, where: { serverId } });
    const event: ServerKeysDeletedEvent = { serverId, ownerId, keyIds: keys.map((key) => key.id) };
    afterCommit(() => this.events.emit(SERVER_KEYS_DELETED, event));
  }
}
