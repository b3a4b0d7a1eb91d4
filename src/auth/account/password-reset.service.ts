import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { AuditActor, AuditOrigin } from '../../audit/audit-event.js';
import type { Principal } from '../../common/access.js';
import { conflict, notFound } from '../../common/problem.js';
import { AppConfig } from '../../config/app-config.js';
import { MailOutbox } from '../../mail/mail-outbox.service.js';
import { Mails } from '../../mail/mail-templates.js';
import { User } from '../../users/user.entity.js';
import { normalizeEmail } from '../../users/user-fields.js';
import { LoginThrottleService } from '../login-throttle.service.js';
import { PasswordHasher } from '../password-hasher.service.js';
import { PasswordRules } from '../password-rules.service.js';
import { Session } from '../session.entity.js';
import { SessionsService } from '../sessions.service.js';
import { accountLink } from './account-links.js';
import { AccountTokens } from './account-tokens.service.js';

export const RESET_REQUESTED = 'If that address has an account, a reset link is on its way';

/**
 * "Forgot password?" (API.md §10, after OWASP's Forgot Password Cheat Sheet): the request gets the
 * same answer at once whatever the address; the lookup and the mail happen after it. The link's
 * token is single use and voids older ones; using it ends every session and signs nobody in.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly tokens: AccountTokens,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly rules: PasswordRules,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
  ) {}

  /**
   * Starts the work for `email` without waiting for it: the caller answers the same 202, in the
   * same time, whether the address is unknown, disabled or known.
   */
  requestInBackground(email: string, origin: AuditOrigin): void {
    setImmediate(() => {
      this.request(email, origin).catch((error: Error) =>
        this.logger.error(`Password reset request failed: ${error.message}`),
      );
    });
  }

  /** Mails a reset link to the active account with this address, if there is one. */
  async request(email: string, origin: AuditOrigin): Promise<void> {
    await this.issue({ email: normalizeEmail(email) }, origin);
  }

  /**
   * An admin sends user `id` a reset link: 404 for no such user, 409 for a disabled one (a link
   * could not be used). Within the per-address limit, as any request.
   */
  async requestForUser(id: string, admin: Principal, origin: AuditOrigin): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw notFound();
    if (!user.isActive) throw conflict('Account is disabled');
    await this.issue({ id }, origin, { type: 'user', id: admin.id, username: admin.username });
  }

  private async issue(
    where: { email: string } | { id: string },
    origin: AuditOrigin,
    admin?: AuditActor,
  ): Promise<void> {
    const queued = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(User, where);
      if (!user || !user.isActive) return false;
      const token = await this.tokens.issue(
        manager,
        user.id,
        'password_reset',
        user.email,
        this.config.passwordResetTtl,
      );
      const link = accountLink(this.config, 'reset-password', token);
      const mail = Mails.passwordReset(link, this.config.passwordResetTtl);
      if (!(await this.outbox.enqueue(manager, user.email, mail, { limited: true }))) {
        // Over the per-address limit: no mail, and no token a mail would have carried.
        await manager.query(`DELETE FROM account_tokens WHERE user_id = $1 AND kind = $2`, [
          user.id,
          'password_reset',
        ]);
        return false;
      }
      await this.audit.record(manager, {
        action: 'auth.password.reset_requested',
        actor: admin ?? { type: 'user', id: user.id, username: user.username },
        subject: { type: 'user', id: user.id, name: user.username },
        origin,
        outcome: 'success',
        details: admin ? { by_admin: true } : {},
      });
      return true;
    });
    if (queued) this.outbox.nudge();
  }

  /**
   * Sets the new password from a reset link: policy first (a refused password does not spend the
   * link), then in one transaction the token is used, the password set, the address counted as
   * verified, every session ended and the notice queued. The lock-out count is cleared after.
   */
  async confirm(token: string, newPassword: string, origin: AuditOrigin): Promise<void> {
    const peeked = await this.tokens.peek('password_reset', token);
    const owner = await this.dataSource.getRepository(User).findOneBy({ id: peeked.user_id });
    if (owner) {
      this.rules.assertAcceptable(
        newPassword,
        { username: owner.username, email: owner.email },
        'new_password',
      );
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const user = await this.dataSource.transaction(async (manager) => {
      const used = await this.tokens.consume(manager, 'password_reset', token);
      const target = await manager.findOneBy(User, { id: used.user_id });
      if (!target) throw new Error('account token without its user');
      const verifies = target.emailVerifiedAt === null && target.email === used.email;
      await manager.update(
        User,
        { id: target.id },
        { passwordHash, ...(verifies ? { emailVerifiedAt: () => 'now()' } : {}) },
      );
      await this.sessions.revokeAllForUser(target.id, undefined, manager.getRepository(Session));
      await this.outbox.enqueue(manager, target.email, Mails.passwordChanged());
      await this.audit.record(manager, {
        action: 'auth.password.reset',
        actor: { type: 'user', id: target.id, username: target.username },
        subject: { type: 'user', id: target.id, name: target.username },
        origin,
        outcome: 'success',
      });
      return target;
    });
    this.outbox.nudge();
    this.sessions.forgetUser(user.id);
    await this.throttle.clearAccount(`user:${user.id}`);
  }
}
