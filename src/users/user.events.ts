import type { EntityManager } from 'typeorm';

/**
 * What the users module tells others about changes to an account (the auth module listens: it owns
 * sessions). Users never imports auth; auth imports these.
 */

/**
 * Emitted with `emitAsync` inside the transaction that disables a user, and awaited: a listener
 * works through `manager`, so what it does (ending the user's sessions) commits or rolls back with
 * the change, and a listener's failure fails the change.
 */
export const USER_DISABLED = 'user.disabled';
export interface UserDisabledEvent {
  userId: string;
  manager: EntityManager;
}

/** Emitted once a change to a user's role or state is committed: their next request must see it. */
export const USER_ACCESS_CHANGED = 'user.access-changed';
export interface UserAccessChangedEvent {
  userId: string;
}

/**
 * Emitted with `emitAsync` inside the transaction of a PATCH /users/me that asks for a new
 * address, and awaited: the auth module checks `currentPassword` (against the account's lock-out)
 * and queues the confirmation link and the notice through `manager`. A listener's error (wrong
 * password, 429) fails the request and rolls the rest of the change back.
 */
export const USER_EMAIL_CHANGE_REQUESTED = 'user.email-change-requested';
export interface UserEmailChangeRequestedEvent {
  userId: string;
  username: string;
  currentEmail: string;
  newEmail: string;
  currentPassword: string;
  origin: { ip?: string | null; userAgent?: string | null };
  manager: EntityManager;
}

/**
 * Emitted with `emitAsync` inside the transaction that deletes a user, before the row goes, and
 * awaited: other modules remove what hangs off the account through `manager` (the servers module
 * deletes each server as DELETE /servers/{id} does, which cuts its agents), and may leave a task
 * for `afterCommit`, run once the deletion is committed, never if it rolls back.
 */
export const USER_DELETING = 'user.deleting';
export interface UserDeletingEvent {
  userId: string;
  manager: EntityManager;
  afterCommit(task: () => void): void;
}
