import { afterAll, beforeAll } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { ApiKeyVerifier } from '../../src/api-keys/api-key-verifier.service.js';
import { apiKeyKit, createServer, recordEvents } from './servers-api.js';
import { startTestApp, type TestApp } from './test-app.js';
import { registerUser, type RegisteredUser } from './users.js';

/**
 * The set-up the two API-key suites share. A suite calls `useApiKeySuite()` in its describe; the
 * hooks start an app and fill the bindings below, which the suite imports. (Jest gives every test
 * file its own copy of this module, so they are that file's own fixtures.) The first user, the
 * admin, is registered and not used; `alice` owns `server` ('web-01'); `bob` owns nothing.
 */
export let api: TestApp;
export let verifier: ApiKeyVerifier;
export let events: EventEmitter2;
export let alice: RegisteredUser;
export let bob: RegisteredUser;
export let server: { id: string };

/**
 * Registers the hooks; returns the key calls (bound to the suite's app and, for lists and new
 * keys, to alice), `record` for the app's events, and `sha256` (what the database stores for a key).
 */
export function useApiKeySuite() {
  beforeAll(async () => {
    api = await startTestApp();
    verifier = api.app.get(ApiKeyVerifier);
    events = api.app.get(EventEmitter2);
    await registerUser(api);
    alice = await registerUser(api);
    bob = await registerUser(api);
    server = await createServer(api, alice, { name: 'web-01' });
  });

  afterAll(async () => {
    await api.close();
  });

  return {
    ...apiKeyKit(
      () => api,
      () => alice,
    ),
    record: <T>(name: string) => recordEvents<T>(events, name),
    sha256: (text: string) => createHash('sha256').update(text).digest('hex'),
  };
}
