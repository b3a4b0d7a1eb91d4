import { expect } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { API, type HttpAnswer, type Requester } from './http.js';
import { TEST_JWT_SECRET, type TestApp } from './test-app.js';
import { eventually } from './wait.js';

/** Every key of a user object, as API.md §2 lists them. */
export const USER_KEYS = [
  'created_at',
  'email',
  'email_verified',
  'full_name',
  'id',
  'is_active',
  'is_admin',
  'username',
];
export const TOKEN_PAIR_KEYS = ['access_token', 'expires_in', 'refresh_token', 'token_type'];
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Settings for the lock-out suites: an account locks after `limit` failed checks, and bcrypt is
 * slow enough (tens of milliseconds a check) that a burst of logins really overlaps.
 */
export const lockoutEnv = (limit: number): Record<string, string> => ({
  BCRYPT_COST: '10',
  LOGIN_FAILURE_LIMIT: String(limit),
  LOGIN_LOCKOUT: '60s',
});

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, any>;
}

/** Reads a JWT's header and claims without verifying it (what any client can see). */
export function decodeJwt(token: string): DecodedJwt {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}

/** Signs arbitrary claims, by default with the test apps' own secret (to make expired or odd tokens). */
export function signJwt(claims: Record<string, unknown>, secret = TEST_JWT_SECRET): string {
  return new JwtService({ secret }).sign(claims, { algorithm: 'HS256' });
}

/** GET /auth/me with a token, repeated until it is refused or 5 s pass. */
export function meUntilRefused(api: TestApp, accessToken: string): Promise<HttpAnswer> {
  return eventually(
    () => api.request('GET', `${API}/auth/me`, undefined, { token: accessToken }),
    (res) => res.status === 401,
  );
}

/** POST /auth/login with the documents' form, as it is answered. */
export function loginRequest(
  api: { request: Requester },
  username: string,
  password: string,
  headers?: Record<string, string>,
): Promise<HttpAnswer> {
  return api.request('POST', `${API}/auth/login`, { username, password }, { form: true, headers });
}

/** The tokens of a successful login (anything else throws). */
export async function login(
  api: TestApp,
  username: string,
  password: string,
  headers?: Record<string, string>,
) {
  const res = await loginRequest(api, username, password, headers);
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body as {
    access_token: string;
    refresh_token: string;
    token_type: string;
    expires_in: number;
  };
}

export function expectNotAuthenticated(res: HttpAnswer): void {
  expect([res.status, res.body]).toEqual([401, { detail: 'Not authenticated' }]);
}

/** No bcrypt hash (`$2a$`/`$2b$`/`$2y$`) anywhere in an answer. */
export function expectNoPasswordHash(res: HttpAnswer): void {
  expect(res.text).not.toMatch(/\$2[aby]\$/);
}
