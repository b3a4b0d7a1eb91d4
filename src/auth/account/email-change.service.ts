import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { AuditOrigin } from '../../audit/audit-event.js';
import { isUniqueViolation } from '../../common/postgres-errors.js';
import { badRequest, conflict } from '../../common/problem.js';
import { AppConfig } from '../../config/app-config.js';
import { MailOutbox } from '../../mail/mail-outbox.service.js';
import { Mails, maskAddress } from '../../mail/mail-templates.js';
import { DUPLICATE_ACCOUNT } from '../../users/user-messages.js';
import { toUserDto, type UserDto } from '../../users/user.dto.js';
import { User } from '../../users/user.entity.js';
import {
  USER_EMAIL_CHANGE_REQUESTED,
  type UserEmailChangeRequestedEvent,
} from '../../users/user.events.js';
import { AuthService } from '../auth.service.js';
import { accountLink } from './account-links.js';
import { AccountTokens, INVALID_LINK } from './account-tokens.service.js';

/**
 * Changing the address (API.md §10): PATCH /users/me (users module) asks, this checks the password
 * and mails a link to the new address and a notice to the old one; the link's confirmation makes
 * the change. Both steps refuse an address another account has (409).
 */
@Injectable()
export class EmailChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly tokens: AccountTokens,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
  ) {}

  @OnEvent(USER_EMAIL_CHANGE_REQUESTED, { suppressErrors: false })
  async request(event: UserEmailChangeRequestedEvent): Promise<void> {
    const { manager, userId, newEmail } = event;
    await this.auth.assertCurrentPassword(userId, event.currentPassword, event.origin);
    const ttl = this.config.emailTokenTtl;
    const token = await this.tokens.issue(manager, userId, 'email_change', newEmail, ttl);
    const link = Mails.emailChange(accountLink(this.config, 'confirm-email', token), ttl);
    if (await this.outbox.enqueue(manager, newEmail, link, { limited: true })) {
      await this.outbox.enqueue(
        manager,
        event.currentEmail,
        Mails.emailChangeNotice(maskAddress(newEmail)),
      );
    } else {
      await manager.query(
        `DELETE FROM account_tokens WHERE user_id = $1 AND kind = 'email_change'`,
        [userId],
      );
    }
    await this.audit.record(manager, {
      action: 'auth.email.change_requested',
      actor: { type: 'user', id: userId, username: event.username },
      subject: { type: 'user', id: userId, name: event.username },
      origin: event.origin,
      outcome: 'success',
      details: { new_email: maskAddress(newEmail) },
    });
    // The transaction is the caller's: the worker polls within a second of its commit.
  }

  /** Uses the link mailed to the new address: the caller's account takes it, verified. */
  async confirm(userId: string, token: string, origin: AuditOrigin): Promise<UserDto> {
    try {
      const user = await this.dataSource.transaction(async (manager) => {
        const used = await this.tokens.consume(manager, 'email_change', token);
        if (used.user_id !== userId) throw badRequest(INVALID_LINK);
        const target = await manager.findOneByOrFail(User, { id: userId });
        const oldEmail = target.email;
        target.email = used.email;
        target.emailVerifiedAt = new Date();
        const saved = await manager.save(target);
        await this.outbox.enqueue(manager, oldEmail, Mails.emailChanged(maskAddress(used.email)));
        await this.audit.record(manager, {
          action: 'auth.email.changed',
          actor: { type: 'user', id: userId, username: target.username },
          subject: { type: 'user', id: userId, name: target.username },
          origin,
          outcome: 'success',
          details: { old_email: maskAddress(oldEmail), new_email: maskAddress(used.email) },
        });
        return saved;
      });
      this.outbox.nudge();
      return toUserDto(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(DUPLICATE_ACCOUNT);
      throw error;
    }
  }
}
