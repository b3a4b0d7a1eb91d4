import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { type AuditOrigin, userActor, userSubject } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../common/access.js';
import { page, type Page } from '../common/pagination.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { conflict, notFound, unprocessable } from '../common/problem.js';
import type { AdminUpdateUserDto, ListUsersQueryDto } from './dto/admin-users.dto.js';
import type { UpdateProfileDto } from './dto/update-profile.dto.js';
import { DUPLICATE_ACCOUNT } from './user-messages.js';
import { type ProfileUpdateDto, toUserDto, type UserDto } from './user.dto.js';
import { User } from './user.entity.js';
import {
  USER_ACCESS_CHANGED,
  USER_DISABLED,
  USER_EMAIL_CHANGE_REQUESTED,
  type UserAccessChangedEvent,
  type UserDisabledEvent,
  type UserEmailChangeRequestedEvent,
} from './user.events.js';

/** Accounts: profiles and the admins' changes. (Credentials and sessions are the auth module's.) */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventEmitter2,
    private readonly audit: AuditService,
  ) {}

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound();
    return toUserDto(user);
  }

  /**
   * Name and username change at once, recorded (user.updated: which fields, never their values)
   * with them. A new email does not (API.md §10): it needs `current_password`, is checked for
   * collisions now, and takes effect when the link mailed to it is used; the answer names it as
   * `pending_email`.
   */
  async updateProfile(
    id: string,
    changes: UpdateProfileDto,
    origin: AuditOrigin = {},
  ): Promise<ProfileUpdateDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound();
    const newEmail =
      changes.email !== undefined && changes.email !== user.email ? changes.email : undefined;
    if (newEmail !== undefined && changes.current_password === undefined) {
      throw unprocessable([
        {
          type: 'missing',
          loc: ['body', 'current_password'],
          msg: 'Field required to change the email',
        },
      ]);
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      const kept = await this.saveProfile(manager, user, changes, origin);
      if (newEmail === undefined) return kept;
      const event: UserEmailChangeRequestedEvent = {
        userId: id,
        username: kept.username,
        currentEmail: kept.email,
        newEmail,
        currentPassword: changes.current_password!,
        origin,
        manager,
      };
      await this.events.emitAsync(USER_EMAIL_CHANGE_REQUESTED, event);
      // After the password check (no address oracle without it); a 409 rolls the request back.
      if (await manager.existsBy(User, { email: newEmail })) throw conflict(DUPLICATE_ACCOUNT);
      return kept;
    });
    const shown = toUserDto(saved);
    return newEmail === undefined ? shown : { ...shown, pending_email: newEmail };
  }

  private async saveProfile(
    manager: EntityManager,
    user: User,
    changes: UpdateProfileDto,
    origin: AuditOrigin,
  ): Promise<User> {
    const before = { username: user.username, full_name: user.fullName };
    if (changes.username !== undefined) user.username = changes.username;
    if (changes.full_name !== undefined) user.fullName = changes.full_name || null;
    let saved: User;
    try {
      saved = await manager.save(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(DUPLICATE_ACCOUNT);
      throw error;
    }
    const after = { username: saved.username, full_name: saved.fullName };
    const fields = (Object.keys(after) as (keyof typeof after)[]).filter(
      (field) => after[field] !== before[field],
    );
    if (fields.length > 0) {
      await this.audit.record(manager, {
        action: 'user.updated',
        actor: userActor(saved),
        subject: userSubject(saved),
        origin,
        outcome: 'success',
        details: {
          fields,
          ...(fields.includes('username') ? { previous_username: before.username } : {}),
        },
      });
    }
    return saved;
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const builder = this.users
      .createQueryBuilder('u')
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
      builder.where(
        '(lower(u.username) LIKE :pattern OR u.email LIKE :pattern OR lower(u.full_name) LIKE :pattern)',
        { pattern },
      );
    }
    const [users, total] = await builder.getManyAndCount();
    return page(users.map(toUserDto), total, query);
  }

  /**
   * Admin changes to a user. Serialised on the set of admins so two admins demoting each other at
   * once cannot leave none. Disabling ends the user's sessions in the same transaction (through
   * USER_DISABLED; not their agents: those belong to servers).
   */
  async adminUpdate(
    id: string,
    changes: AdminUpdateUserDto,
    admin: Principal,
    origin: AuditOrigin = {},
  ): Promise<UserDto> {
    const user = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM users WHERE is_admin FOR UPDATE`);
      const target = await manager.findOneBy(User, { id });
      if (!target) throw notFound();
      const losesAdmin =
        target.isAdmin &&
        target.isActive &&
        (changes.is_admin === false || changes.is_active === false);
      if (losesAdmin && (await this.countActiveAdmins(manager)) <= 1) {
        throw conflict('Cannot remove the last active admin');
      }
      const before = { is_active: target.isActive, is_admin: target.isAdmin };
      if (changes.is_active !== undefined) target.isActive = changes.is_active;
      if (changes.is_admin !== undefined) target.isAdmin = changes.is_admin;
      const saved = await manager.save(target);
      await this.audit.record(manager, {
        action: 'admin.user.updated',
        actor: userActor(admin),
        subject: userSubject(saved),
        origin,
        outcome: 'success',
        details: {
          ...(changes.is_active !== undefined
            ? { is_active: saved.isActive, was_active: before.is_active }
            : {}),
          ...(changes.is_admin !== undefined
            ? { is_admin: saved.isAdmin, was_admin: before.is_admin }
            : {}),
          ...(changes.is_active === false ? { sessions_ended: true } : {}),
        },
      });
      if (changes.is_active === false) {
        const event: UserDisabledEvent = { userId: id, manager };
        await this.events.emitAsync(USER_DISABLED, event);
      }
      return saved;
    });
    // Role and state are read through a session cache: the change must be visible now.
    const event: UserAccessChangedEvent = { userId: id };
    this.events.emit(USER_ACCESS_CHANGED, event);
    return toUserDto(user);
  }

  private countActiveAdmins(manager: EntityManager): Promise<number> {
    return manager.countBy(User, { isAdmin: true, isActive: true });
  }
}
