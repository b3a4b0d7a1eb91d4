import type { Schemas } from './api/client';

export type AuditEvent = Schemas['AuditEventDto'];

/** The kinds the Activity filter offers: a kind is the first parts of actions (API.md §12). */
export const KINDS = [
  { value: '', label: 'All activity' },
  { value: 'auth.login', label: 'Sign-ins' },
  { value: 'auth.password', label: 'Password' },
  { value: 'auth.session', label: 'Sessions' },
  { value: 'user', label: 'Account' },
  { value: 'admin', label: 'Administrator changes' },
  { value: 'server', label: 'Servers' },
  { value: 'api_key', label: 'API keys' },
  { value: 'agent', label: 'Agents' },
] as const;

const REASONS: Record<string, string> = {
  wrong_password: 'wrong password',
  unknown_account: 'unknown account',
  account_disabled: 'account disabled',
  locked_out: 'account locked',
  too_many_failures: 'too many failed attempts',
  wrong_current_password: 'wrong current password',
  logout: 'signed out',
  logout_all: 'signed out everywhere',
  revoked: 'ended from the sessions list',
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const quoted = (name: string | null | undefined) => (name ? ` “${name}”` : '');

/** An event in words: "Signed in", "Agent refused: API key revoked", "Server “web-01” created". */
export function describeEvent(event: AuditEvent): string {
  const d = event.details as Record<string, unknown>;
  const reason = REASONS[text(d.reason)] ?? text(d.reason);
  const server = quoted(event.subject.name);
  const key = `API key${quoted(event.subject.name)}${d.prefix ? ` (${text(d.prefix)}…)` : ''}`;
  const agentKey = event.actor.username ? ` (key ${event.actor.username}…)` : '';
  const words: Record<string, () => string> = {
    'auth.login.succeeded': () => 'Signed in',
    'auth.login.failed': () => `Failed sign-in${reason ? `: ${reason}` : ''}`,
    'auth.login.locked_out': () => 'Account locked after failed sign-ins',
    'auth.password.changed': () =>
      event.outcome === 'success'
        ? 'Password changed'
        : `Password change refused${reason ? `: ${reason}` : ''}`,
    'auth.session.revoked': () => `Session ended${reason ? ` (${reason})` : ''}`,
    'auth.refresh.reuse_detected': () => 'A used refresh token was presented again: session ended',
    'user.created': () => 'Account created',
    'user.updated': () =>
      `Profile changed${Array.isArray(d.fields) ? ` (${(d.fields as string[]).join(', ')})` : ''}`,
    'admin.user.updated': () =>
      `Account${quoted(event.subject.name)} changed by ${event.actor.username ?? 'an administrator'}${
        d.is_active === false ? ': disabled' : d.is_active === true ? ': enabled' : ''
      }${d.is_admin === true ? ': made admin' : d.is_admin === false ? ': admin removed' : ''}`,
    'server.created': () => `Server${server} created`,
    'server.updated': () => `Server${server} changed`,
    'server.deleted': () => `Server${server} deleted`,
    'api_key.created': () => `${key} created`,
    'api_key.rotated': () => `${key} rotated`,
    'api_key.revoked': () => `${key} revoked`,
    'api_key.expired': () => `${key} expired`,
    'agent.connected': () => `Agent connected${agentKey}`,
    'agent.disconnected': () => `Agent disconnected${agentKey}`,
    'agent.refused': () => `Agent refused${reason ? `: ${reason}` : ''}${agentKey}`,
  };
  const sentence = words[event.action]?.() ?? event.action;
  return event.count > 1 ? `${sentence} (×${event.count})` : sentence;
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS/, 'Firefox'],
  [/(Headless)?Chrome\/|CriOS/, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/iPhone|iPad|iOS/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Linux|X11/, 'Linux'],
];

/**
 * A user agent in words: "Chrome on Linux", "Firefox on Windows"; a tool by its name ("curl",
 * "chatops-agent"); "Unknown device" when there is none.
 */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && /Mozilla\//.test(userAgent)) return system ? `${browser} on ${system}` : browser;
  const tool = /^([A-Za-z][\w.-]*)(\/[\w.-]+)?/.exec(userAgent)?.[1];
  return tool ?? 'Unknown device';
}
