import type { EntityManager } from 'typeorm';

/**
 * What the servers module tells others about a server's deletion. Its keys and agents belong to
 * other modules (api-keys, agents), which listen; servers knows neither.
 */

/**
 * Emitted with `emitAsync` inside the deleting transaction, before the row goes (its API keys go
 * with it: ON DELETE CASCADE), and awaited. A listener reads through `manager`, and may leave a
 * task for `afterCommit`: it runs once the deletion is committed, never if it rolls back.
 */
export const SERVER_DELETING = 'server.deleting';
export interface ServerDeletingEvent {
  serverId: string;
  ownerId: string;
  manager: EntityManager;
  afterCommit(task: () => void): void;
}

/** Emitted after the deletion is committed: the server and everything of it are gone. */
export const SERVER_DELETED = 'server.deleted';
export interface ServerDeletedEvent {
  serverId: string;
  ownerId: string;
}
