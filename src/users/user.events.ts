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
