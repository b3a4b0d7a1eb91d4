/**
 * The audit log's vocabulary (API.md §12). Every module that records an event names it with one of
 * these actions and describes who acted, on what, from where. Never put a password, token, key,
 * code or a key prefix longer than 12 characters in `details`.
 */
export const AUDIT_ACTIONS = [
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.login.locked_out',
  'auth.mfa.enabled',
  'auth.mfa.disabled',
  'auth.mfa.succeeded',
  'auth.mfa.failed',
  'auth.mfa.recovery_code_used',
  'auth.passkey.registered',
  'auth.passkey.renamed',
  'auth.passkey.deleted',
  'auth.passkey.succeeded',
  'auth.passkey.failed',
  'auth.password.changed',
  'auth.password.reset_requested',
  'auth.password.reset',
  'auth.email.verified',
  'auth.email.change_requested',
  'auth.email.changed',
  'auth.session.revoked',
  'auth.refresh.reuse_detected',
  'user.created',
  'user.updated',
  'user.deleted',
  'admin.user.updated',
  'admin.user.deleted',
  'server.created',
  'server.updated',
  'server.deleted',
  'api_key.created',
  'api_key.rotated',
  'api_key.revoked',
  'api_key.expired',
  'agent.connected',
  'agent.disconnected',
  'agent.refused',
  'job.requested',
  'job.started',
  'job.finished',
  'job.cancelled',
  'job.lost',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted: a signed-in user, an agent (by its API key), or the system itself. */
export interface AuditActor {
  type: 'user' | 'agent' | 'system';
  /** The user's id, or the agent's API key id; null for the system (or an unknown user). */
  id: string | null;
  /** The username as it was (kept after the user is deleted), or the key's 12-character prefix. */
  username?: string | null;
}

/** What was acted on. */
export interface AuditSubject {
  type: 'user' | 'server' | 'api_key' | 'session' | 'job' | 'passkey' | 'agent';
  id: string | null;
  name?: string | null;
}

/** Where a request came from (HTTP: `@ClientInfo()`; sockets: the handshake's TRUST_PROXY rule). */
export interface AuditOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEventInput {
  action: AuditAction;
  actor: AuditActor;
  subject: AuditSubject;
  origin?: AuditOrigin;
  outcome: 'success' | 'failure';
  details?: Record<string, unknown>;
  /**
   * The accounts whose log shows this event besides the actor and the subject user: a server's
   * owner for server, key, agent and job events (kept after the server is gone).
   */
  ownerIds?: string[];
  /** When it happened, if not now (e.g. a key's expiry, noticed later); written events only. */
  at?: Date;
}

/** A signed-in user as the actor of an event. */
export function userActor(user: { id: string; username: string }): AuditActor {
  return { type: 'user', id: user.id, username: user.username };
}

/** The system itself (expiry, retention): no user acted. */
export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, username: null };

/** A user as the subject of an event. */
export function userSubject(user: { id: string | null; username?: string | null }): AuditSubject {
  return { type: 'user', id: user.id, name: user.username ?? null };
}

/** Who is acting through an HTTP request, and from where: what a service needs to record it. */
export interface Acting {
  user: { id: string; username: string };
  origin: AuditOrigin;
}
