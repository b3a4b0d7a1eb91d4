import { Module } from '@nestjs/common';
import { MailDeliveryWorker } from './mail-delivery.worker.js';
import { MailOutbox } from './mail-outbox.service.js';
import { MailTransport } from './mail-transport.js';

/**
 * Mail (API.md §10): the outbox other modules write into inside their transactions, and the
 * delivery worker every instance runs. Depends on no feature module.
 */
@Module({
  providers: [MailOutbox, MailTransport, MailDeliveryWorker],
  exports: [MailOutbox],
})
export class MailModule {}
