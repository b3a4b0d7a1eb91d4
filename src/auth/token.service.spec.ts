import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '../config/app-config.js';
import { TokenService, type TokenSubject } from './token.service.js';

const SECRET = 'unit-test-secret-that-is-at-least-32-bytes!';
const config = loadConfig({ JWT_SECRET: SECRET, ACCESS_TOKEN_TTL: '15m', REFRESH_TOKEN_TTL: '2d' });
const jwt = new JwtService({ secret: SECRET, signOptions: { algorithm: 'HS256' } });
const tokens = new TokenService(jwt, config);

const subject: TokenSubject = {
  userId: '5b0c3f3e-8a43-4d7e-9d68-2d6f7c1f0a11',
  username: 'herman_fan',
  isAdmin: true,
  sessionId: '0e7d8a52-6c0b-4a3a-8a53-3f4b8f5c2d99',
};

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A token carrying the claims of a real one, re-signed with what the caller chooses. */
function forge(
  claims: Record<string, unknown>,
  options: { secret?: string; algorithm?: 'HS256' | 'HS512' } = {},
): string {
  return new JwtService({ secret: options.secret ?? SECRET }).sign(claims, {
    algorithm: options.algorithm ?? 'HS256',
  });
}

describe('TokenService: what it issues', () => {
  const pair = tokens.issuePair(subject);

  it('answers token_type "bearer" and expires_in = ACCESS_TOKEN_TTL in seconds', () => {
    expect(pair.token_type).toBe('bearer');
    expect(pair.expires_in).toBe(900);
  });

  it('signs both tokens with HS256 and a JWT header', () => {
    expect(jwt.decode(pair.access_token, { complete: true }).header).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    expect(jwt.decode(pair.refresh_token, { complete: true }).header).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
  });

  it('puts exactly the access claims in the access token, sub and user_id being the user id', () => {
    const claims = jwt.decode(pair.access_token);
    expect(Object.keys(claims).sort()).toEqual([
      'aud',
      'exp',
      'iat',
      'is_admin',
      'iss',
      'jti',
      'sid',
      'sub',
      'type',
      'user_id',
      'username',
    ]);
    expect(claims).toMatchObject({
      sub: subject.userId,
      user_id: subject.userId,
      username: 'herman_fan',
      is_admin: true,
      sid: subject.sessionId,
      type: 'access',
      iss: 'chatops-api',
      aud: 'chatops',
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp - claims.iat).toBe(900);
    expect(Math.abs(claims.iat - now())).toBeLessThanOrEqual(2);
  });

  it('puts exactly the refresh claims in the refresh token (no username or role), lasting REFRESH_TOKEN_TTL', () => {
    const claims = jwt.decode(pair.refresh_token);
    expect(Object.keys(claims).sort()).toEqual([
      'aud',
      'exp',
      'iat',
      'iss',
      'jti',
      'sid',
      'sub',
      'type',
    ]);
    expect(claims).toMatchObject({
      sub: subject.userId,
      sid: subject.sessionId,
      type: 'refresh',
      iss: 'chatops-api',
      aud: 'chatops',
    });
    expect(claims.exp - claims.iat).toBe(2 * 86400);
  });

  it('gives each token its own jti, and a new pair new jtis', () => {
    const again = tokens.issuePair(subject);
    const jtis = [
      pair.access_token,
      pair.refresh_token,
      again.access_token,
      again.refresh_token,
    ].map((t) => jwt.decode(t).jti);
    expect(new Set(jtis).size).toBe(4);
  });

  it('uses the configured issuer and audience', () => {
    const custom = loadConfig({
      JWT_SECRET: SECRET,
      JWT_ISSUER: 'issuer-x',
      JWT_AUDIENCE: 'audience-y',
    });
    const claims = jwt.decode(new TokenService(jwt, custom).issuePair(subject).access_token);
    expect([claims.iss, claims.aud]).toEqual(['issuer-x', 'audience-y']);
  });
});

describe('TokenService: what it accepts', () => {
  const pair = tokens.issuePair(subject);
  const accessClaims = jwt.decode(pair.access_token);
  const refreshClaims = jwt.decode(pair.refresh_token);

  it('verifies its own access token as access and its own refresh token as refresh', () => {
    expect(tokens.verifyAccess(pair.access_token)).toMatchObject({
      sub: subject.userId,
      sid: subject.sessionId,
      type: 'access',
    });
    expect(tokens.verifyRefresh(pair.refresh_token)).toMatchObject({
      sub: subject.userId,
      sid: subject.sessionId,
      type: 'refresh',
    });
  });

  it('refuses an access token as a refresh token', () => {
    expect(tokens.verifyRefresh(pair.access_token)).toBeUndefined();
  });

  it('refuses a refresh token as an access token', () => {
    expect(tokens.verifyAccess(pair.refresh_token)).toBeUndefined();
  });

  it('refuses a token signed with another secret', () => {
    const other = forge(accessClaims, { secret: 'another-secret-that-is-also-32-bytes-long' });
    expect(tokens.verifyAccess(other)).toBeUndefined();
    expect(
      tokens.verifyRefresh(
        forge(refreshClaims, { secret: 'another-secret-that-is-also-32-bytes-long' }),
      ),
    ).toBeUndefined();
  });

  it('refuses an unsigned token (alg "none")', () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(accessClaims)}.`;
    expect(tokens.verifyAccess(unsigned)).toBeUndefined();
    expect(
      tokens.verifyRefresh(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(refreshClaims)}.`),
    ).toBeUndefined();
  });

  it('refuses a token signed with the right secret but HS512 (the algorithm is pinned)', () => {
    expect(tokens.verifyAccess(forge(accessClaims, { algorithm: 'HS512' }))).toBeUndefined();
    expect(tokens.verifyRefresh(forge(refreshClaims, { algorithm: 'HS512' }))).toBeUndefined();
  });

  it('refuses a wrong issuer', () => {
    expect(tokens.verifyAccess(forge({ ...accessClaims, iss: 'someone-else' }))).toBeUndefined();
    expect(tokens.verifyRefresh(forge({ ...refreshClaims, iss: 'someone-else' }))).toBeUndefined();
  });

  it('refuses a wrong audience', () => {
    expect(tokens.verifyAccess(forge({ ...accessClaims, aud: 'other-app' }))).toBeUndefined();
    expect(tokens.verifyRefresh(forge({ ...refreshClaims, aud: 'other-app' }))).toBeUndefined();
  });

  it('accepts a re-signed copy of the claims (so the refusals above are about the change made)', () => {
    expect(tokens.verifyAccess(forge(accessClaims))).toBeDefined();
    expect(tokens.verifyRefresh(forge(refreshClaims))).toBeDefined();
  });

  it('refuses an expired token', () => {
    const past = { iat: now() - 120, exp: now() - 60 };
    expect(tokens.verifyAccess(forge({ ...accessClaims, ...past }))).toBeUndefined();
    expect(tokens.verifyRefresh(forge({ ...refreshClaims, ...past }))).toBeUndefined();
  });

  it('refuses a token without a session id', () => {
    const { sid: _a, ...noSidAccess } = accessClaims;
    const { sid: _r, ...noSidRefresh } = refreshClaims;
    expect(tokens.verifyAccess(forge(noSidAccess))).toBeUndefined();
    expect(tokens.verifyRefresh(forge(noSidRefresh))).toBeUndefined();
  });

  it('refuses a token whose sid or sub is not a UUID (it would reach a uuid column)', () => {
    expect(tokens.verifyAccess(forge({ ...accessClaims, sid: 'not-a-uuid' }))).toBeUndefined();
    expect(tokens.verifyAccess(forge({ ...accessClaims, sub: 42 }))).toBeUndefined();
    expect(tokens.verifyRefresh(forge({ ...refreshClaims, sid: "x' OR '1'='1" }))).toBeUndefined();
    expect(tokens.verifyRefresh(forge({ ...refreshClaims, sub: 'admin' }))).toBeUndefined();
  });

  it('refuses garbage and an empty string without throwing', () => {
    for (const garbage of ['', 'garbage', 'a.b.c', `${pair.access_token}x`]) {
      expect(tokens.verifyAccess(garbage)).toBeUndefined();
      expect(tokens.verifyRefresh(garbage)).toBeUndefined();
    }
  });
});
