import { afterAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Several instances deployed together (docker-compose starts two) run the start-up migrations at
 * the same moment against one empty database: exactly one applies them, the others wait and find
 * the schema ready.
 */
describe('instances starting together on an empty database', () => {
  const apps: TestApp[] = [];
  let drop: () => Promise<void> = async () => undefined;

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await drop();
  });

  it('all start, and each migration is applied once', async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const started = await Promise.allSettled([1, 2, 3].map(() => startTestApp({}, database)));
    for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
    expect(started.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual([
      'started',
      'started',
      'started',
    ]);
    const applied = await apps[0].sql<{ name: string; count: number }>(
      'SELECT name, count(*)::int AS count FROM migrations GROUP BY name',
    );
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.filter((m) => m.count !== 1)).toEqual([]);
    for (const app of apps) expect((await app.request('GET', '/health/ready')).status).toBe(200);
  });
});
