import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, type ResolvedConfig } from './app-config.js';

/**
 * Makes the validated configuration injectable everywhere as `AppConfig`. Only a resolved one is
 * accepted, so a provider may declare the value it injects as `ResolvedConfig`.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
