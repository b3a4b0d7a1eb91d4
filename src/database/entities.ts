import { AgentConnection } from '../agents/presence/agent-connection.entity.js';
import { AppInstance } from '../agents/presence/app-instance.entity.js';
import { ApiKey } from '../api-keys/api-key.entity.js';
import { MFA_ENTITIES } from '../auth/mfa/mfa.entities.js';
import { Session } from '../auth/session.entity.js';
import { MailOutboxEntry } from '../mail/mail-outbox.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Server } from '../servers/server.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, listed explicitly (globs are unreliable under ESM). */
export const ENTITIES = [
  User,
  Session,
  Server,
  ApiKey,
  AppInstance,
  AgentConnection,
  MailOutboxEntry,
  ...MFA_ENTITIES,
  Job,
];
