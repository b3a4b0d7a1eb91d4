import { isIP } from 'node:net';
import { parseDurationSeconds } from './duration.js';

export type PasswordPolicyMode = 'strict' | 'length';
export type EmailVerificationMode = 'optional' | 'required' | 'off';

/**
 * The whole runtime configuration, validated once at start-up. Nothing else in the code base reads
 * `process.env`: inject `AppConfig` instead.
 */
export class AppConfig {
  readonly nodeEnv: string;
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Unset means "start an embedded PostgreSQL under dataDir". */
  readonly databaseUrl?: string;
  /** Unset means "single instance": in-memory rate limits and Socket.IO's default adapter. */
  readonly redisUrl?: string;
  /** Unset in development means "generate one and keep it under dataDir". */
  readonly jwtSecret?: string;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
  readonly refreshReuseLeeway: number;
  readonly bcryptCost: number;
  readonly passwordPolicy: PasswordPolicyMode;
  /** `true` = reflect any origin, `false` = no CORS headers, or an explicit list. */
  readonly corsOrigins: boolean | string[];
  readonly agentAuthTimeout: number;
  /** Socket.IO ping interval, and as long again to wait for the pong: a silent agent's server turns offline within twice this. */
  readonly agentPingInterval: number;
  readonly trustProxy: boolean | number | string;
  /** Failed agent authentications per client IP per minute before "Too many attempts". */
  readonly agentAuthFailureLimit: number;
  readonly authRateLimit: number;
  readonly loginFailureLimit: number;
  readonly loginLockoutSeconds: number;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug' | 'silent';
  /** SIGTERM/SIGINT: how long in-flight requests get to finish before the process exits anyway. */
  readonly shutdownTimeout: number;
  /** At start-up, how long an unreachable database is waited for before giving up. */
  readonly databaseConnectTimeout: number;
  /** A request whose headers and body have not arrived within this is answered 408 and closed. */
  readonly requestTimeout: number;
  /** Ended sessions (logged out, revoked, expired) are deleted this long after they ended. */
  readonly sessionRetention: number;
  /** Audit events older than this are deleted (the only deletion the audit log allows). */
  readonly auditRetention: number;
  /** Unset: mails are written to DATA_DIR/mail/*.eml instead of being sent (the embedded default). */
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  /**
   * The console's base URL, without a trailing slash: every link in a mail is built from it, and
   * WebAuthn's relying-party ID (its host name) and origin.
   */
  readonly publicUrl: string;
  readonly emailVerification: EmailVerificationMode;
  readonly emailTokenTtl: number;
  readonly passwordResetTtl: number;
  /** The outbox's first retry delay; each further one doubles, up to 30 times this. */
  readonly mailRetryDelay: number;
  /** Encrypts TOTP secrets at rest; unset means "derived from JWT_SECRET". */
  readonly mfaEncryptionKey?: string;
  /** A job whose agent went away is `lost` unless the agent is back and reports it within this. */
  readonly jobLostGrace: number;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

/**
 * AppConfig once start-up has settled what the environment may leave open: the database
 * (DATABASE_URL, or the embedded cluster main.ts starts) and the JWT secret (JWT_SECRET, or the
 * development one kept under DATA_DIR). The application is only ever built with this (createApp),
 * so the AppConfig every provider injects has both.
 */
export type ResolvedConfig = AppConfig & {
  readonly databaseUrl: string;
  readonly jwtSecret: string;
};

/** `config`, checked to be resolved; a missing value here is a start-up bug, not a user's mistake. */
export function resolvedConfig(config: AppConfig): ResolvedConfig {
  if (!config.databaseUrl || !config.jwtSecret) {
    throw new Error('The database URL and the JWT secret must be settled before the app is built');
  }
  return config as ResolvedConfig;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

const DAY = 86_400;

/** 86400 → "1d", 300 → "5m": the largest unit that divides the duration. */
function formatSeconds(seconds: number): string {
  for (const [unit, size] of [
    ['d', DAY],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/**
 * A duration in whole seconds. The upper bound keeps every use valid: an expiry date past
 * JavaScript's last Date (a REFRESH_TOKEN_TTL of a billion days) would fail every login instead.
 */
function duration(env: Env, name: string, fallback: string, min: number, max: number): number {
  const raw = text(env, name) ?? fallback;
  const seconds = parseDurationSeconds(raw);
  if (seconds === undefined || seconds < min || seconds > max) {
    throw new ConfigError(
      name,
      `must be a duration of at least ${min}s and at most ${formatSeconds(max)}, in seconds or with s/m/h/d (got "${raw}")`,
    );
  }
  return seconds;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name)?.toLowerCase() ?? fallback;
  if (!allowed.includes(raw as T)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function corsOrigins(env: Env): boolean | string[] {
  const raw = text(env, 'CORS_ORIGINS');
  if (raw === undefined || raw === 'false') return false;
  if (raw === '*' || raw === 'true') return true;
  const origins = raw.split(',').map((o) => o.trim());
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must be *, or origins like https://app.example.com separated by commas (got "${origin}")`,
      );
    }
  }
  return origins;
}

function trustProxy(env: Env): boolean | number | string {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  // An address list handed to Fastify as is: checked here, or Fastify fails later without naming it.
  for (const entry of raw.split(',').map((e) => e.trim())) {
    if (!isTrustedProxyEntry(entry)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be true, false, a hop count, or addresses/CIDRs separated by commas (got "${entry}")`,
      );
    }
  }
  return raw;
}

function isTrustedProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4; // a netmask, e.g. 10.0.0.0/255.0.0.0
}

function jwtSecret(env: Env, isProduction: boolean): string | undefined {
  const raw = env.JWT_SECRET;
  if (raw === undefined || raw === '') {
    if (isProduction)
      throw new ConfigError(
        'JWT_SECRET',
        'is required when NODE_ENV=production (at least 32 bytes)',
      );
    return undefined;
  }
  if (Buffer.byteLength(raw, 'utf8') < 32)
    throw new ConfigError('JWT_SECRET', 'must be at least 32 bytes');
  if (isProduction && /^(change-?me|secret|your[-_]?secret|changeme.*)$/i.test(raw)) {
    throw new ConfigError(
      'JWT_SECRET',
      'is a placeholder; set a random value (openssl rand -base64 48)',
    );
  }
  return raw;
}

function mailFrom(env: Env): string {
  const raw = text(env, 'MAIL_FROM') ?? 'ChatOps <no-reply@localhost>';
  // "Name <address>" or a bare address; no line breaks (header injection).
  if (!/^([^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw)) {
    throw new ConfigError(
      'MAIL_FROM',
      `must be an address, or a name and <address> (got "${raw}")`,
    );
  }
  return raw;
}

/** PUBLIC_URL as an origin with no trailing slash (a path, if any, is kept for links). */
function publicUrl(env: Env, port: number): string {
  const raw = url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port || 3000}`;
  return raw.replace(/\/+$/, '');
}

function emailVerification(env: Env, isProduction: boolean, smtpUrl?: string) {
  const mode = oneOf(
    env,
    'EMAIL_VERIFICATION',
    ['optional', 'required', 'off'] as const,
    'optional',
  );
  if (mode === 'required' && isProduction && !smtpUrl) {
    throw new ConfigError(
      'SMTP_URL',
      'is required when NODE_ENV=production and EMAIL_VERIFICATION=required (no mail would reach anyone)',
    );
  }
  return mode;
}

function mfaEncryptionKey(env: Env): string | undefined {
  const raw = text(env, 'MFA_ENCRYPTION_KEY');
  if (raw !== undefined && Buffer.byteLength(raw, 'utf8') < 32)
    throw new ConfigError('MFA_ENCRYPTION_KEY', 'must be at least 32 bytes');
  return raw;
}

/** Reads and validates the environment. Throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = text(env, 'NODE_ENV') ?? 'development';
  const isProduction = nodeEnv === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  return new AppConfig({
    nodeEnv,
    isProduction,
    port,
    host: text(env, 'HOST') ?? '0.0.0.0',
    dataDir: text(env, 'DATA_DIR') ?? '.data',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret: jwtSecret(env, isProduction),
    jwtIssuer: text(env, 'JWT_ISSUER') ?? 'chatops-api',
    jwtAudience: text(env, 'JWT_AUDIENCE') ?? 'chatops',
    accessTokenTtl: duration(env, 'ACCESS_TOKEN_TTL', '30m', 1, 365 * DAY),
    refreshTokenTtl: duration(env, 'REFRESH_TOKEN_TTL', '7d', 1, 365 * DAY),
    refreshReuseLeeway: duration(env, 'REFRESH_REUSE_LEEWAY', '10s', 0, DAY),
    bcryptCost: integer(env, 'BCRYPT_COST', 12, 4, 15),
    passwordPolicy: oneOf(env, 'PASSWORD_POLICY', ['strict', 'length'] as const, 'strict'),
    corsOrigins: corsOrigins(env),
    agentAuthTimeout: duration(env, 'AGENT_AUTH_TIMEOUT', '10s', 1, DAY),
    agentPingInterval: duration(env, 'AGENT_PING_INTERVAL', '10s', 1, 300),
    trustProxy: trustProxy(env),
    agentAuthFailureLimit: integer(env, 'AGENT_AUTH_FAILURE_LIMIT', 20, 1, 1_000_000),
    authRateLimit: integer(env, 'AUTH_RATE_LIMIT', 30, 1, 1_000_000),
    loginFailureLimit: integer(env, 'LOGIN_FAILURE_LIMIT', 10, 1, 1000),
    loginLockoutSeconds: duration(env, 'LOGIN_LOCKOUT', '60s', 1, DAY),
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'silent'] as const, 'log'),
    shutdownTimeout: duration(env, 'SHUTDOWN_TIMEOUT', '10s', 1, 600),
    databaseConnectTimeout: duration(env, 'DATABASE_CONNECT_TIMEOUT', '30s', 0, 3600),
    requestTimeout: duration(env, 'REQUEST_TIMEOUT', '30s', 1, 3600),
    sessionRetention: duration(env, 'SESSION_RETENTION', '30d', 1, 3650 * DAY),
    auditRetention: duration(env, 'AUDIT_RETENTION', '365d', 1, 3650 * DAY),
    smtpUrl,
    mailFrom: mailFrom(env),
    publicUrl: publicUrl(env, port),
    emailVerification: emailVerification(env, isProduction, smtpUrl),
    emailTokenTtl: duration(env, 'EMAIL_TOKEN_TTL', '24h', 60, 30 * DAY),
    passwordResetTtl: duration(env, 'PASSWORD_RESET_TTL', '30m', 60, DAY),
    mailRetryDelay: duration(env, 'MAIL_RETRY_DELAY', '30s', 1, 3600),
    mfaEncryptionKey: mfaEncryptionKey(env),
    jobLostGrace: duration(env, 'JOB_LOST_GRACE', '30s', 1, DAY),
  });
}
