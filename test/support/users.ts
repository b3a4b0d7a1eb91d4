import { randomBytes } from 'node:crypto';
import { API } from './http.js';
import type { TestApp } from './test-app.js';

export const STRONG_PASSWORD = 'Tr1cky-Horse-Battery!';

export interface RegisteredUser {
  id: string;
  username: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  isAdmin: boolean;
}

/** Registers a fresh, unique user through the real API and returns its credentials and tokens. */
export async function registerUser(
  app: TestApp,
  overrides: { username?: string; email?: string; password?: string } = {},
): Promise<RegisteredUser> {
  const suffix = randomBytes(4).toString('hex');
  const username = overrides.username ?? `user_${suffix}`;
  const email = overrides.email ?? `${username.toLowerCase()}@example.com`;
  const password = overrides.password ?? STRONG_PASSWORD;
  const res = await app.request('POST', `${API}/auth/register`, { username, email, password });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return {
    id: res.body.user.id,
    username,
    email,
    password,
    accessToken: res.body.access_token,
    refreshToken: res.body.refresh_token,
    isAdmin: res.body.user.is_admin,
  };
}
