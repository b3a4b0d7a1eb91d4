import { expect } from '@jest/globals';
import { API } from './http.js';
import type { TestApp } from './test-app.js';
import type { RegisteredUser } from './users.js';

/** Calls as a user, servers and keys made through the real routes, 422 locations, events. */
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

/**
 * Calls under /api/v1 with the user's access token (none for `undefined`):
 * `callAs(api, alice)('PATCH', '/servers/…', body)`, or `.get(path)`, `.post(path, body = {})`,
 * `.delete(path)`.
 */
export function callAs(api: TestApp, user: RegisteredUser | undefined) {
  const options = user ? { token: user.accessToken } : {};
  const call = (method: string, path: string, body?: unknown) =>
    api.request(method, `${API}${path}`, body, options);
  return Object.assign(call, {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}) => call('POST', path, body),
    delete: (path: string) => call('DELETE', path),
  });
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

export interface ServerWithKey {
  serverId: string;
  keyId: string;
  key: string;
}

/** A server of a random name and one API key for it (`keyBody` adds to `{ name: 'agent' }`). */
export async function createServerWithKey(
  api: TestApp,
  user: RegisteredUser,
  keyBody: Record<string, unknown> = {},
): Promise<ServerWithKey> {
  const server = await createServer(api, user, {
    name: `srv-${Math.random().toString(36).slice(2, 10)}`,
  });
  const key = await createKey(api, user, server.id, { name: 'agent', ...keyBody });
  return { serverId: server.id, keyId: key.id, key: key.key };
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
