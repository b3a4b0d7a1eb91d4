import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServersModule } from '../servers/servers.module.js';
import { ApiKeyExpiryService } from './api-key-expiry.service.js';
import { ApiKeyUsageRecorder } from './api-key-usage.recorder.js';
import { ApiKeyVerifier } from './api-key-verifier.service.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { ServerKeysListener } from './server-keys.listener.js';

/** Agent credentials: HTTP management of a server's keys, and the verifier the gateway calls. */
@Module({
  imports: [ServersModule, TypeOrmModule.forFeature([ApiKey])],
  controllers: [ApiKeysController],
  providers: [
    ApiKeysService,
    ApiKeyVerifier,
    ApiKeyUsageRecorder,
    ServerKeysListener,
    ApiKeyExpiryService,
  ],
  exports: [ApiKeyVerifier, ApiKeyUsageRecorder],
})
export class ApiKeysModule {}
