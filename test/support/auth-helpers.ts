import { expect } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { HttpAnswer, TestApp } from './test-app.js';
import { TEST_JWT_SECRET } from './test-app.js';

export const API = '/api/v1';

/** Every key of a user object, as API.md §2 lists them. */
export const USER_KEYS = [
  'created_at',
  'email',
  'full_name',
  'id',
  'is_active',
  'is_admin',
  'username',
];
export const TOKEN_PAIR_KEYS = ['access_token', 'expires_in', 'refresh_token', 'token_type'];
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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

/**
 * Repeats `probe` until `done` holds or `ms` pass (revocation is promised "within 5 seconds"), and
 * returns the last answer: the caller asserts on it, so a timeout fails with the real answer.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

/** GET /auth/me with a token, repeated until it is refused or 5 s pass. */
export function meUntilRefused(api: TestApp, accessToken: string): Promise<HttpAnswer> {
  return eventually(
    () => api.request('GET', `${API}/auth/me`, undefined, { token: accessToken }),
    (res) => res.status === 401,
  );
}

export async function login(
  api: TestApp,
  username: string,
  password: string,
  headers?: Record<string, string>,
) {
  const res = await api.request(
    'POST',
    `${API}/auth/login`,
    { username, password },
    { form: true, headers },
  );
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
