import { UsersAndSessions1732300000000 } from './1732300000000-users-and-sessions.js';
import { ServersAndApiKeys1732300001000 } from './1732300001000-servers-and-api-keys.js';
import { AgentPresence1732300002000 } from './1732300002000-agent-presence.js';
import { PresenceFunctions1732300003000 } from './1732300003000-presence-functions.js';
import { AuditEvents1732300010000 } from './1732300010000-audit-events.js';
import { MailAndAccountTokens1732300020000 } from './1732300020000-mail-and-account-tokens.js';
import { SecondFactor1732300050000 } from './1732300050000-second-factor.js';
import { Jobs1732300040000 } from './1732300040000-jobs.js';

/** Every migration, oldest first. Listed as classes: globs silently load nothing under ESM. */
export const MIGRATIONS = [
  UsersAndSessions1732300000000,
  ServersAndApiKeys1732300001000,
  AgentPresence1732300002000,
  PresenceFunctions1732300003000,
  AuditEvents1732300010000,
  MailAndAccountTokens1732300020000,
  SecondFactor1732300050000,
  Jobs1732300040000,
];
