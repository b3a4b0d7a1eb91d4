import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AgentsModule } from './agents/agents.module.js';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { RedisModule } from './common/redis.module.js';
import type { ResolvedConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthController } from './health/health.controller.js';
import { JobsModule } from './jobs/jobs.module.js';
import { ServersModule } from './servers/servers.module.js';
import { UsersModule } from './users/users.module.js';

/** Wires the feature modules. */
@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        EventEmitterModule.forRoot(),
        DatabaseModule,
        AuditModule,
        RedisModule,
        AuthModule,
        UsersModule,
        ServersModule,
        ApiKeysModule,
        JobsModule,
        AgentsModule,
      ],
      controllers: [HealthController],
    };
  }
}
