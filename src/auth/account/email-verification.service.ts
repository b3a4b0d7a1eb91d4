import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { AuditOrigin } from '../../audit/audit-event.js';
import { badRequest } from '../../common/problem.js';
import { AppConfig } from '../../config/app-config.js';
import { MailOutbox } from '../../mail/mail-outbox.service.js';
import { Mails } from '../../mail/mail-templates.js';
import { User } from '../../users/user.entity.js';
import { normalizeEmail } from '../../users/user-fields.js';
import { accountLink } from './account-links.js';
import { AccountTokens, INVALID_LINK } from './account-tokens.service.js';

export const VERIFICATION_RESENT =
  'If that address has an unverified account, a verification link is on its way';

/**
 * Proving an address (API.md §10): register queues a link (unless EMAIL_VERIFICATION=off), the link
 * marks the address verified, and anyone may ask for a new link with the same answer for every
 * address. With `off`, nothing is mailed unasked and nothing is required, but a user may still
 * verify on request.
 */
@Injectable()
export class EmailVerificationService {
  private readonly logger = new Logger('EmailVerification');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly tokens: AccountTokens,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
  ) {}

  /** In the registering transaction: queues the first link. Returns whether mail was queued. */
  async onRegistered(manager: EntityManager, user: User): Promise<boolean> {
    if (this.config.emailVerification === 'off') return false;
    return this.queueLink(manager, user);
  }

  /** Same answer, same time, for every address: the work happens after the answer. */
  resendInBackground(email: string): void {
    setImmediate(() => {
      this.resend(normalizeEmail(email)).catch((error: Error) =>
        this.logger.error(`Verification resend failed: ${error.message}`),
      );
    });
  }

  async resend(email: string): Promise<void> {
    const queued = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(User, { email });
      if (!user || !user.isActive || user.emailVerifiedAt) return false;
      return this.queueLink(manager, user);
    });
    if (queued) this.outbox.nudge();
  }

  /** Uses a verification link: the address it was sent to is now proven (if still the account's). */
  async verify(token: string, origin: AuditOrigin): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const used = await this.tokens.consume(manager, 'verify_email', token);
      const user = await manager.findOneBy(User, { id: used.user_id });
      // The address changed since the link was sent: it proves nothing about the new one.
      if (!user || user.email !== used.email) throw badRequest(INVALID_LINK);
      if (user.emailVerifiedAt) return;
      await manager.update(User, { id: user.id }, { emailVerifiedAt: () => 'now()' });
      await this.audit.record(manager, {
        action: 'auth.email.verified',
        actor: { type: 'user', id: user.id, username: user.username },
        subject: { type: 'user', id: user.id, name: user.username },
        origin,
        outcome: 'success',
      });
    });
  }

  private async queueLink(manager: EntityManager, user: User): Promise<boolean> {
    const ttl = this.config.emailTokenTtl;
    const token = await this.tokens.issue(manager, user.id, 'verify_email', user.email, ttl);
    const mail = Mails.verifyEmail(accountLink(this.config, 'verify-email', token), ttl);
    if (await this.outbox.enqueue(manager, user.email, mail, { limited: true })) return true;
    await manager.query(`DELETE FROM account_tokens WHERE user_id = $1 AND kind = 'verify_email'`, [
      user.id,
    ]);
    return false;
  }
}
