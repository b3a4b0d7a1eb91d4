import { describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigError, loadConfig } from './app-config.js';

const SECRET = 'a-production-secret-of-at-least-32-bytes!!';

/** The ConfigError loadConfig throws for this environment (fails the test when it does not throw). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig: defaults', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect({ ...config }).toEqual({
      nodeEnv: 'development',
      isProduction: false,
      port: 3000,
      host: '0.0.0.0',
      dataDir: '.data',
      databaseUrl: undefined,
      redisUrl: undefined,
      jwtSecret: undefined,
      jwtIssuer: 'chatops-api',
      jwtAudience: 'chatops',
      accessTokenTtl: 1800,
      refreshTokenTtl: 604800,
      refreshReuseLeeway: 10,
      bcryptCost: 12,
      passwordPolicy: 'strict',
      corsOrigins: false,
      agentAuthTimeout: 10,
      agentPingInterval: 10,
      trustProxy: false,
      agentAuthFailureLimit: 20,
      authRateLimit: 30,
      loginFailureLimit: 10,
      loginLockoutSeconds: 60,
      logLevel: 'log',
      shutdownTimeout: 10,
      databaseConnectTimeout: 30,
      requestTimeout: 30,
      sessionRetention: 2592000,
      auditRetention: 31536000,
      smtpUrl: undefined,
      mailFrom: 'ChatOps <no-reply@localhost>',
      publicUrl: 'http://localhost:3000',
      emailVerification: 'optional',
      emailTokenTtl: 86400,
      passwordResetTtl: 1800,
      mailRetryDelay: 30,
      mfaEncryptionKey: undefined,
      jobLostGrace: 30,
    });
  });

  it('derives PUBLIC_URL from PORT when unset, and keeps a set one without its trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://ops.example.com/' }).publicUrl).toBe(
      'https://ops.example.com',
    );
  });

  it('treats empty and blank values as unset', () => {
    expect(loadConfig({ PORT: '', ACCESS_TOKEN_TTL: '   ', DATABASE_URL: '' })).toMatchObject({
      port: 3000,
      accessTokenTtl: 1800,
      databaseUrl: undefined,
    });
  });
});

describe('loadConfig: accepted values', () => {
  it.each([
    ['30m', 1800],
    ['7d', 604800],
    ['10', 10],
    ['10s', 10],
    ['24h', 86400],
  ])('reads the duration %j as %i seconds', (text, seconds) => {
    expect(loadConfig({ ACCESS_TOKEN_TTL: text }).accessTokenTtl).toBe(seconds);
    expect(loadConfig({ REFRESH_TOKEN_TTL: text }).refreshTokenTtl).toBe(seconds);
  });

  it('allows a zero reuse leeway (no retries) but not a zero token lifetime', () => {
    expect(loadConfig({ REFRESH_REUSE_LEEWAY: '0' }).refreshReuseLeeway).toBe(0);
    expect(configError({ ACCESS_TOKEN_TTL: '0' }).variable).toBe('ACCESS_TOKEN_TTL');
  });

  it('reads every other variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgresql://u:p@db:5432/chatops',
      REDIS_URL: 'rediss://cache:6380',
      JWT_SECRET: SECRET,
      BCRYPT_COST: '10',
      PASSWORD_POLICY: 'LENGTH',
      CORS_ORIGINS: 'https://a.example.com, http://localhost:5173',
      TRUST_PROXY: '2',
      AUTH_RATE_LIMIT: '5',
      LOGIN_FAILURE_LIMIT: '3',
      LOGIN_LOCKOUT: '2s',
      AGENT_AUTH_TIMEOUT: '1m',
      AGENT_PING_INTERVAL: '25s',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      isProduction: true,
      port: 8080,
      databaseUrl: 'postgresql://u:p@db:5432/chatops',
      redisUrl: 'rediss://cache:6380',
      jwtSecret: SECRET,
      bcryptCost: 10,
      passwordPolicy: 'length',
      corsOrigins: ['https://a.example.com', 'http://localhost:5173'],
      trustProxy: 2,
      authRateLimit: 5,
      loginFailureLimit: 3,
      loginLockoutSeconds: 2,
      agentAuthTimeout: 60,
      agentPingInterval: 25,
      logLevel: 'warn',
    });
  });

  it.each([
    ['*', true],
    ['true', true],
    ['false', false],
  ])('reads CORS_ORIGINS=%j as %j', (text, value) => {
    expect(loadConfig({ CORS_ORIGINS: text }).corsOrigins).toBe(value);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.1', '10.0.0.0/8, 192.168.1.1'],
    ['10.0.0.0/255.0.0.0,::1/128', '10.0.0.0/255.0.0.0,::1/128'],
  ])('reads TRUST_PROXY=%j as %j', (text, value) => {
    expect(loadConfig({ TRUST_PROXY: text }).trustProxy).toEqual(value);
  });
});

describe('loadConfig: each bad value stops start-up with a ConfigError naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://db/chatops'],
    ['REDIS_URL', 'http://cache:6379'],
    ['JWT_SECRET', 'too-short'],
    ['ACCESS_TOKEN_TTL', 'soon'],
    ['ACCESS_TOKEN_TTL', '1.5h'],
    ['REFRESH_TOKEN_TTL', '7 days'],
    ['REFRESH_REUSE_LEEWAY', '-1'],
    ['BCRYPT_COST', '3'],
    ['BCRYPT_COST', '16'],
    ['BCRYPT_COST', 'twelve'],
    ['PASSWORD_POLICY', 'loose'],
    ['CORS_ORIGINS', 'example.com'],
    ['CORS_ORIGINS', 'https://a.example.com/path'],
    ['AGENT_AUTH_TIMEOUT', '0'],
    ['AGENT_PING_INTERVAL', '0'],
    ['TRUST_PROXY', 'yes'],
    ['PUBLIC_URL', 'ops.example.com'],
    ['PUBLIC_URL', 'ftp://ops.example.com'],
    ['MFA_ENCRYPTION_KEY', 'too-short'],
    ['TRUST_PROXY', '10.0.0.0/99'],
    ['AGENT_AUTH_FAILURE_LIMIT', '0'],
    ['AUTH_RATE_LIMIT', '0'],
    ['LOGIN_FAILURE_LIMIT', '0'],
    ['LOGIN_FAILURE_LIMIT', 'many'],
    ['LOGIN_LOCKOUT', 'forever'],
    ['LOG_LEVEL', 'verbose'],
    ['SHUTDOWN_TIMEOUT', '0'],
    ['SHUTDOWN_TIMEOUT', 'soon'],
    ['DATABASE_CONNECT_TIMEOUT', '-5'],
    ['REQUEST_TIMEOUT', '0'],
    ['SESSION_RETENTION', '0'],
    ['AUDIT_RETENTION', '0'],
    ['AUDIT_RETENTION', 'a year'],
  ])('%s=%j', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it.each([
    ['ACCESS_TOKEN_TTL', '366d'],
    ['REFRESH_TOKEN_TTL', '999999999d'],
    ['REFRESH_REUSE_LEEWAY', '2d'],
    ['AGENT_AUTH_TIMEOUT', '30d'],
    ['AGENT_PING_INTERVAL', '6m'],
    ['LOGIN_LOCKOUT', '25h'],
    ['SHUTDOWN_TIMEOUT', '11m'],
    ['DATABASE_CONNECT_TIMEOUT', '2h'],
    ['REQUEST_TIMEOUT', '2h'],
    ['SESSION_RETENTION', '3651d'],
    ['AUDIT_RETENTION', '3651d'],
  ])('refuses the out-of-range duration %s=%j', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain('at most');
  });

  it('accepts the longest allowed durations', () => {
    expect(
      loadConfig({
        ACCESS_TOKEN_TTL: '365d',
        REFRESH_TOKEN_TTL: '365d',
        REFRESH_REUSE_LEEWAY: '1d',
        AGENT_AUTH_TIMEOUT: '1d',
        LOGIN_LOCKOUT: '24h',
      }),
    ).toMatchObject({
      accessTokenTtl: 365 * 86400,
      refreshTokenTtl: 365 * 86400,
      refreshReuseLeeway: 86400,
      agentAuthTimeout: 86400,
      loginLockoutSeconds: 86400,
    });
  });

  it('puts the message on one line', () => {
    expect(configError({ PORT: 'abc' }).message).not.toContain('\n');
  });
});

describe('loadConfig: JWT_SECRET', () => {
  it('refuses to start in production without JWT_SECRET', () => {
    const error = configError({ NODE_ENV: 'production' });
    expect(error.variable).toBe('JWT_SECRET');
    expect(error.message).toContain('required');
  });

  it('refuses a secret of fewer than 32 bytes, in production and outside it', () => {
    expect(configError({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) }).variable).toBe(
      'JWT_SECRET',
    );
    expect(configError({ JWT_SECRET: 'x'.repeat(31) }).variable).toBe('JWT_SECRET');
  });

  it('counts bytes, not characters: 16 two-byte characters are 32 bytes and accepted', () => {
    expect(loadConfig({ JWT_SECRET: 'é'.repeat(16) }).jwtSecret).toBe('é'.repeat(16));
  });

  it('refuses a placeholder secret in production', () => {
    expect(
      configError({ NODE_ENV: 'production', JWT_SECRET: 'changeme-changeme-changeme-changeme' })
        .message,
    ).toContain('placeholder');
  });

  it('leaves the secret unset outside production (a development secret is generated later)', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).jwtSecret).toBeUndefined();
  });

  it('accepts a production secret of 32 bytes or more', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).jwtSecret).toBe(SECRET);
  });
});

describe('mail settings', () => {
  it('refuses to start in production without SMTP_URL while EMAIL_VERIFICATION=required', () => {
    const error = configError({
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      EMAIL_VERIFICATION: 'required',
    });
    expect(error.variable).toBe('SMTP_URL');
  });

  it('starts in production without SMTP_URL when verification is optional (mail goes to files)', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).smtpUrl).toBeUndefined();
  });

  it('accepts smtp:// and smtps:// and refuses other schemes', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).smtpUrl).toContain(
      'smtps:',
    );
    expect(configError({ SMTP_URL: 'http://mail.example.com' }).variable).toBe('SMTP_URL');
  });

  it('takes PUBLIC_URL without its trailing slash, and defaults it to localhost and PORT', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://console.example.com/' }).publicUrl).toBe(
      'https://console.example.com',
    );
    expect(loadConfig({ PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
  });

  it('refuses a MAIL_FROM with a line break (header injection)', () => {
    expect(configError({ MAIL_FROM: 'a@b.c\nBcc: x@y.z' }).variable).toBe('MAIL_FROM');
  });
});
