import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callAs, createKey, createServer } from '../support/servers-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';

/**
 * Twenty rotations of one key sent at once (a double-clicking user, a retrying script): exactly one
 * new key is issued, every other answer is a 409, and the server holds the old key plus that one.
 */
const PARALLEL = 20;

describe('concurrent rotations of one key', () => {
  let app: TestApp;
  let owner: RegisteredUser;

  beforeAll(async () => {
    app = await startTestApp();
    owner = await registerUser(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  // Without grace the race was lost in about one round in eight: enough rounds to see it.
  it.each([
    ['without grace', 0, 40],
    ['with a grace period', 600, 10],
  ])(
    '%s: each round issues exactly one new key',
    async (_, grace, rounds) => {
      for (let round = 0; round < rounds; round++) {
        const server = await createServer(app, owner, { name: `race-${grace}-${round}` });
        const old = await createKey(app, owner, server.id);
        const call = callAs(app, owner);
        const answers = await Promise.all(
          Array.from({ length: PARALLEL }, () =>
            call('POST', `/servers/${server.id}/api-keys/${old.id}/rotate`, {
              grace_period_seconds: grace,
            }),
          ),
        );
        const statuses = answers.map((a) => a.status).sort();
        expect({ round, statuses }).toEqual({
          round,
          statuses: [201, ...Array<number>(PARALLEL - 1).fill(409)],
        });
        const rows = await app.sql('SELECT id FROM api_keys WHERE server_id = $1', [server.id]);
        expect(rows).toHaveLength(2);
      }
    },
    120_000,
  );

  it('answers a second rotation of a key in its grace period with 409 "API key was already rotated"', async () => {
    const server = await createServer(app, owner, { name: 'rotated-twice' });
    const old = await createKey(app, owner, server.id);
    const call = callAs(app, owner);
    const path = `/servers/${server.id}/api-keys/${old.id}/rotate`;
    expect((await call('POST', path, { grace_period_seconds: 600 })).status).toBe(201);
    const again = await call('POST', path, { grace_period_seconds: 600 });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ detail: 'API key was already rotated' });
  });
});
