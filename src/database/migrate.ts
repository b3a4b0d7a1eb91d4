import 'reflect-metadata';
import 'dotenv/config';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { createDataSource } from './data-source.js';
import { EmbeddedDatabase } from './embedded-database.js';
import { runMigrationsExclusively } from './run-migrations.js';

/** `npm run migration:run` / `migration:revert`: the same migrations the app runs at start-up. */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'run' && command !== 'revert') {
    throw new Error('usage: migrate.js run|revert');
  }
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await EmbeddedDatabase.start({ dataDir: config.dataDir });
  const dataSource = createDataSource(config.databaseUrl ?? embedded!.url);
  try {
    await dataSource.initialize();
    if (command === 'run') {
      const applied = await runMigrationsExclusively(dataSource);
      console.log(
        applied.length
          ? `Applied: ${applied.map((m) => m.name).join(', ')}`
          : 'Schema is up to date',
      );
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration');
    }
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(
    error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`,
  );
  process.exit(1);
});
