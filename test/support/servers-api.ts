import { expect } from '@jest/globals';
import type { TestApp } from './test-app.js';
import type { RegisteredUser } from './users.js';

/** Helpers for the servers and API-keys suites: calls as a user, fixtures, 422 locations. */
export const NOT_FOUND = { detail: 'Not Found' };
export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

export interface CreatedKey {
  id: string;
  key: string;
  name: string;
  prefix: string;
  server_id: string;
  expires_at: string | null;
}

export function callAs(api: TestApp, user: RegisteredUser | undefined) {
  const options = user ? { token: user.accessToken } : {};
  return (method: string, path: string, body?: unknown) =>
    api.request(method, `/api/v1${path}`, body, options);
}

export async function createServer(
  api: TestApp,
  user: RegisteredUser,
  body: Record<string, unknown>,
) {
  const res = await callAs(api, user)('POST', '/servers', body);
  if (res.status !== 201) throw new Error(`create server failed: ${res.status} ${res.text}`);
  return res.body;
}

export async function createKey(
  api: TestApp,
  user: RegisteredUser,
  serverId: string,
  body: Record<string, unknown> = { name: 'agent' },
): Promise<CreatedKey> {
  const res = await callAs(api, user)('POST', `/servers/${serverId}/api-keys`, body);
  if (res.status !== 201) throw new Error(`create key failed: ${res.status} ${res.text}`);
  return res.body;
}

/** The `loc` of each item of what must be a 422 answer. */
export function locs(res: { status: number; body: any }): unknown[][] {
  expect(res.status).toBe(422);
  return res.body.detail.map((item: { loc: unknown[] }) => item.loc);
}

/** Collects what the app emits on `name` (in-process events) until `stop()`. */
export function recordEvents<T>(
  events: {
    on(name: string, listener: (event: T) => void): unknown;
    off(name: string, listener: (event: T) => void): unknown;
  },
  name: string,
) {
  const seen: T[] = [];
  const listener = (event: T) => void seen.push(event);
  events.on(name, listener);
  return { seen, stop: () => void events.off(name, listener) };
}

/**
 * The calls the API-key suites make, bound to an app and a key owner that are only known once
 * `beforeAll` has run (hence the getters).
 */
export function apiKeyKit(app: () => TestApp, owner: () => RegisteredUser) {
  const call = (user: RegisteredUser | undefined, method: string, path: string, body?: unknown) =>
    callAs(app(), user)(method, path, body);
  const keysOf = (serverId: string) => `/servers/${serverId}/api-keys`;
  const listKeys = async (serverId: string) =>
    (await call(owner(), 'GET', keysOf(serverId))).body.items as any[];
  return {
    call,
    keysOf,
    listKeys,
    createServer: (user: RegisteredUser, name: string) => createServer(app(), user, { name }),
    createKey: (serverId: string, body?: Record<string, unknown>) =>
      createKey(app(), owner(), serverId, body),
    keyInList: async (serverId: string, keyId: string) =>
      (await listKeys(serverId)).find((k) => k.id === keyId),
  };
}
