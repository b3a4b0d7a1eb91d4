import { Global, Module } from '@nestjs/common';
import { AuditReaderService } from './audit-reader.service.js';
import { AuditRetentionService } from './audit-retention.service.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/**
 * The security audit log (API.md §12). Global because every feature module writes into it and it
 * depends on none of them: it sits beside `common/`, under every feature.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditReaderService, AuditRetentionService],
  exports: [AuditService],
})
export class AuditModule {}
