import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { checked, LoginThrottleService } from '../auth/login-throttle.service.js';
import { PasswordHasher } from '../auth/password-hasher.service.js';
import { PasswordRules } from '../auth/password-rules.service.js';
import { Session } from '../auth/session.entity.js';
import { SessionsService } from '../auth/sessions.service.js';
import { DUPLICATE_ACCOUNT, INVALID_CURRENT_PASSWORD } from './user-messages.js';
import { page, type Page } from '../common/pagination.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { conflict, notAuthenticated, notFound } from '../common/problem.js';
import type { AdminUpdateUserDto, ListUsersQueryDto } from './dto/admin-users.dto.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { UpdateProfileDto } from './dto/update-profile.dto.js';
import { toUserDto, type UserDto } from './user.dto.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly rules: PasswordRules,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound();
    return toUserDto(user);
  }

  async updateProfile(id: string, changes: UpdateProfileDto): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound();
    if (changes.email !== undefined) user.email = changes.email;
    if (changes.username !== undefined) user.username = changes.username;
    if (changes.full_name !== undefined) user.fullName = changes.full_name || null;
    try {
      return toUserDto(await this.users.save(user));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(DUPLICATE_ACCOUNT);
      throw error;
    }
  }

  /**
   * Changes the password and ends every other session: whoever else held one is out. The check of
   * the current password counts against the account's login lock-out (API.md §3 v1.1), reserved
   * before bcrypt runs: a stolen access token is no unlimited password oracle.
   */
  async changePassword(id: string, sessionId: string, body: ChangePasswordDto): Promise<void> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
    if (!user) throw notFound();
    const attempt = await this.throttle.reserveAttempt(`user:${user.id}`);
    const matches = await checked(attempt, () =>
      this.hasher.verify(body.current_password, user.passwordHash),
    );
    if (!matches) {
      await attempt.failed();
      throw notAuthenticated(INVALID_CURRENT_PASSWORD);
    }
    await attempt.succeeded();
    this.rules.assertAcceptable(
      body.new_password,
      { username: user.username, email: user.email },
      'new_password',
    );
    const passwordHash = await this.hasher.hash(body.new_password);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id }, { passwordHash });
      await this.sessions.revokeAllForUser(id, sessionId, manager.getRepository(Session));
    });
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
   * once cannot leave none. Disabling ends the user's sessions (not their agents: those belong to
   * servers).
   */
  async adminUpdate(id: string, changes: AdminUpdateUserDto): Promise<UserDto> {
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
      if (changes.is_active !== undefined) target.isActive = changes.is_active;
      if (changes.is_admin !== undefined) target.isAdmin = changes.is_admin;
      const saved = await manager.save(target);
      if (changes.is_active === false)
        await this.sessions.revokeAllForUser(id, undefined, manager.getRepository(Session));
      return saved;
    });
    // Role and state are read through the session cache: make the change visible now.
    this.sessions.forgetUser(id);
    return toUserDto(user);
  }

  private countActiveAdmins(manager: EntityManager): Promise<number> {
    return manager.countBy(User, { isAdmin: true, isActive: true });
  }
}
