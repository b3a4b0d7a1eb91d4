import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { AuditOrigin } from '../../audit/audit-event.js';
import type { Principal } from '../../common/access.js';
import { conflict, notAuthenticated, notFound } from '../../common/problem.js';
import { MailOutbox } from '../../mail/mail-outbox.service.js';
import { Mails } from '../../mail/mail-templates.js';
import { User } from '../../users/user.entity.js';
import { USER_DELETING, type UserDeletingEvent } from '../../users/user.events.js';
import { AuthService } from '../auth.service.js';
import { SECOND_FACTOR_REQUIRED, SecondFactorService } from '../mfa/second-factor.service.js';
import { INVALID_CODE } from '../mfa/totp.service.js';
import { SessionsService } from '../sessions.service.js';

export const LAST_ADMIN = 'Cannot delete the last active admin';

/**
 * Deleting an account (API.md §10): in one transaction its servers go as DELETE /servers/{id}
 * deletes them (keys revoked, agents cut after the commit on every instance), the row goes (its
 * sessions and tokens with it: ON DELETE CASCADE), a notice is queued and the event recorded. The
 * username and email are free again; the audit log keeps its events (it has no foreign key).
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventEmitter2,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  /**
   * DELETE /users/me: the password first (counted against the lock-out), then — with an
   * authenticator app — a code, spent only if the deletion commits.
   */
  async deleteSelf(
    caller: Principal,
    password: string,
    origin: AuditOrigin,
    code?: string,
  ): Promise<void> {
    await this.auth.assertCurrentPassword(caller.id, password, origin);
    await this.delete(caller.id, caller, origin, async (manager) => {
      if (await this.secondFactor.confirmCode(manager, caller.id, code)) return;
      throw notAuthenticated(code ? INVALID_CODE : SECOND_FACTOR_REQUIRED);
    });
  }

  /** DELETE /users/{id} by an admin (404 for no such user). */
  async deleteByAdmin(id: string, admin: Principal, origin: AuditOrigin): Promise<void> {
    await this.delete(id, admin, origin);
  }

  private async delete(
    id: string,
    actor: Principal,
    origin: AuditOrigin,
    confirm?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    const afterCommit: (() => void)[] = [];
    await this.dataSource.transaction(async (manager) => {
      await confirm?.(manager);
      // Serialised on the set of admins, as demotions are: two admins deleting each other at once
      // cannot leave none.
      await manager.query(`SELECT id FROM users WHERE is_admin FOR UPDATE`);
      const target = await manager.findOneBy(User, { id });
      if (!target) throw notFound();
      if (target.isAdmin && target.isActive) {
        const admins = await manager.countBy(User, { isAdmin: true, isActive: true });
        if (admins <= 1) throw conflict(LAST_ADMIN);
      }
      const deleting: UserDeletingEvent = {
        userId: id,
        manager,
        afterCommit: (task) => afterCommit.push(task),
      };
      await this.events.emitAsync(USER_DELETING, deleting);
      await this.outbox.enqueue(manager, target.email, Mails.accountDeleted());
      const self = actor.id === id;
      await this.audit.record(manager, {
        action: self ? 'user.deleted' : 'admin.user.deleted',
        actor: { type: 'user', id: actor.id, username: actor.username },
        subject: { type: 'user', id, name: target.username },
        origin,
        outcome: 'success',
      });
      await manager.delete(User, { id });
    });
    for (const task of afterCommit) task();
    this.sessions.forgetUser(id);
    this.outbox.nudge();
  }
}
