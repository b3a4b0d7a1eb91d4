import type { DataSource, Migration } from 'typeorm';

/** Any number will do as long as only this module uses it: "someone is migrating this database". */
const MIGRATION_LOCK = 727_002;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so instances started together
 * (docker-compose starts two) take turns: the first applies them, the others then find nothing to
 * do. TypeORM's own `migrationsRun` has no such lock and lets them collide.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    // The lock belongs to this one connection, held while other pooled connections migrate.
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockHolder
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
      .catch(() => undefined);
    await lockHolder.release();
  }
}
