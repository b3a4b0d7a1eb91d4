import { UsersAndSessions1732300000000 } from './1732300000000-users-and-sessions.js';

/** Every migration, oldest first. Listed as classes: globs silently load nothing under ESM. */
export const MIGRATIONS = [UsersAndSessions1732300000000];
