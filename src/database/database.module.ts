import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, type ResolvedConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { runMigrationsExclusively } from './run-migrations.js';

/**
 * The TypeORM connection. `DATABASE_URL` is always resolved before Nest starts (main.ts starts the
 * embedded cluster when it is unset), so here it is just a URL. Schema changes only ever come from
 * migrations, run at start-up — one instance at a time (run-migrations.ts).
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: ResolvedConfig) => ({
        type: 'postgres' as const,
        url: config.databaseUrl,
        entities: ENTITIES,
        migrations: MIGRATIONS,
        synchronize: false,
        retryAttempts: 0,
        extra: { max: 20, connectionTimeoutMillis: 5000 },
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        try {
          await runMigrationsExclusively(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
