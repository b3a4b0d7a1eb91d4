import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  type AuditEventInput,
  type AuditOrigin,
  userActor,
  userSubject,
} from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import {
  conflict,
  forbidden,
  notAuthenticated,
  notFound,
  unprocessable,
} from '../common/problem.js';
import { AppConfig } from '../config/app-config.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { normalizeEmail } from '../users/user-fields.js';
import { DUPLICATE_ACCOUNT } from '../users/user-messages.js';
import { toUserDto } from '../users/user.dto.js';
import { User } from '../users/user.entity.js';
import { EmailVerificationService } from './account/email-verification.service.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import type { RegisteredDto } from './dto/token.dto.js';
import { checked, LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.service.js';
import { PasswordRules } from './password-rules.service.js';
import { Session } from './session.entity.js';
import { type ClientInfo, SessionsService } from './sessions.service.js';

/** Any number will do as long as it is only used here: serialises "is this the first user?". */
const FIRST_USER_LOCK = 727_001;

export const INVALID_LOGIN = 'Invalid username or password';
export const INVALID_CURRENT_PASSWORD = 'Current password is incorrect';

type LoginAction = 'auth.login.failed' | 'auth.login.locked_out';

const isTooManyRequests = (error: unknown) =>
  error instanceof HttpException && error.getStatus() === HttpStatus.TOO_MANY_REQUESTS;

/** Credentials: creating an account, checking a password (login), changing one. */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly rules: PasswordRules,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly verification: EmailVerificationService,
    private readonly outbox: MailOutbox,
  ) {}

  /**
   * Creates the account, its verification mail and its first session in one transaction: a
   * failure leaves no half-made user. The first account on an empty database becomes admin. With
   * EMAIL_VERIFICATION=required there is no session until the address is verified (no tokens).
   */
  async register(body: RegisterDto, client: ClientInfo): Promise<RegisteredDto> {
    if (body.password_confirm !== undefined && body.password_confirm !== body.password) {
      throw unprocessable([
        { type: 'value_error', loc: ['body', 'password_confirm'], msg: 'Passwords do not match' },
      ]);
    }
    this.rules.assertAcceptable(body.password, { username: body.username, email: body.email });
    const passwordHash = await this.hasher.hash(body.password);
    try {
      const { answer, mailed } = await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [FIRST_USER_LOCK]);
        const isFirst = !(await manager.getRepository(User).exists());
        const user = await manager.getRepository(User).save(
          manager.getRepository(User).create({
            email: body.email,
            username: body.username,
            passwordHash,
            // Blank (trimmed to '') is no name, as in PATCH /users/me.
            fullName: body.full_name || body.name || null,
            isAdmin: isFirst,
          }),
        );
        await this.audit.record(manager, {
          action: 'user.created',
          actor: userActor(user),
          subject: userSubject(user),
          origin: client,
          outcome: 'success',
          details: { is_admin: user.isAdmin },
        });
        const mailed = await this.verification.onRegistered(manager, user);
        const shown = toUserDto(user);
        if (this.config.emailVerification === 'required') {
          return { answer: { ...shown, user: shown } as RegisteredDto, mailed };
        }
        const pair = await this.sessions.start(user, client, manager.getRepository(Session));
        return { answer: { ...shown, user: shown, ...pair }, mailed };
      });
      if (mailed) this.outbox.nudge();
      return answer;
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(DUPLICATE_ACCOUNT);
      throw error;
    }
  }

  /**
   * Checks a username-or-email and password. Unknown accounts cost the same bcrypt time as known
   * ones and get the same answer. The check is reserved against the account's lock-out before its
   * hash is touched: past the limit (or locked) it is a 429 without any bcrypt work.
   */
  async verifyCredentials(login: string, password: string, client: ClientInfo = {}): Promise<User> {
    // Emails are stored NFC-normalised: either spelling of one finds it (usernames are ASCII).
    const identifier = normalizeEmail(login);
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where(
        identifier.includes('@') ? 'u.email = :identifier' : 'lower(u.username) = :identifier',
        { identifier },
      )
      .getOne();
    // An unknown account is recorded without the name tried: people type passwords there too.
    const failure = (action: LoginAction, reason: string): AuditEventInput => ({
      action,
      actor: user ? userActor(user) : { type: 'user', id: null },
      subject: userSubject(user ?? { id: null }),
      origin: client,
      outcome: 'failure',
      details: { reason },
    });
    const matches = await this.countedCheck(
      user ? `user:${user.id}` : `unknown:${identifier}`,
      () =>
        user
          ? this.hasher.verify(password, user.passwordHash)
          : this.hasher.verifyAgainstNothing(password),
      (action, reason) => this.audit.recordUnchanged(failure(action, reason)),
      user ? 'wrong_password' : 'unknown_account',
    );
    if (!user || !matches) throw notAuthenticated(INVALID_LOGIN);
    if (!user.isActive) {
      this.audit.recordUnchanged(failure('auth.login.failed', 'account_disabled'));
      throw forbidden('Account is disabled');
    }
    if (this.config.emailVerification === 'required' && !user.emailVerifiedAt) {
      this.audit.recordUnchanged(failure('auth.login.failed', 'email_not_verified'));
      throw forbidden('Email not verified');
    }
    return user;
  }

  /**
   * Changes the password and ends every other session: whoever else held one is out. The check of
   * the current password counts against the account's login lock-out (API.md §3 v1.1), reserved
   * before bcrypt runs: a stolen access token is no unlimited password oracle.
   */
  async changePassword(
    id: string,
    sessionId: string,
    body: ChangePasswordDto,
    client: ClientInfo = {},
  ): Promise<void> {
    const user = await this.withPasswordHash(id);
    const event = (outcome: 'success' | 'failure', reason?: string): AuditEventInput => ({
      action: 'auth.password.changed',
      actor: userActor(user),
      subject: userSubject(user),
      origin: client,
      outcome,
      details: reason ? { reason } : { other_sessions_ended: true },
    });
    const matches = await this.countedCheck(
      `user:${user.id}`,
      () => this.hasher.verify(body.current_password, user.passwordHash),
      (action, reason) =>
        this.audit.recordUnchanged(
          action === 'auth.login.locked_out'
            ? { ...event('failure', reason), action }
            : event('failure', reason),
        ),
      'wrong_current_password',
    );
    if (!matches) throw notAuthenticated(INVALID_CURRENT_PASSWORD);
    this.rules.assertAcceptable(
      body.new_password,
      { username: user.username, email: user.email },
      'new_password',
    );
    const passwordHash = await this.hasher.hash(body.new_password);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id }, { passwordHash });
      await this.sessions.revokeAllForUser(id, sessionId, manager.getRepository(Session));
      await this.audit.record(manager, event('success'));
    });
  }

  /**
   * Checks a signed-in user's password before a sensitive change (email change, deletion), counted
   * against the same per-account lock-out as a login: 401 when wrong, 429 past the limit.
   */
  async assertCurrentPassword(
    id: string,
    password: string,
    client: AuditOrigin = {},
  ): Promise<void> {
    const user = await this.withPasswordHash(id);
    const matches = await this.countedCheck(
      `user:${user.id}`,
      () => this.hasher.verify(password, user.passwordHash),
      (action, reason) =>
        this.audit.recordUnchanged({
          action,
          actor: userActor(user),
          subject: userSubject(user),
          origin: client,
          outcome: 'failure',
          details: { reason },
        }),
      'wrong_current_password',
    );
    if (!matches) throw notAuthenticated(INVALID_CURRENT_PASSWORD);
  }

  /** A signed-in user with the hash their password is checked against (404 if gone meanwhile). */
  private async withPasswordHash(id: string): Promise<User> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
    if (!user) throw notFound();
    return user;
  }

  /**
   * One password check of `account`, reserved against its lock-out before the check runs (429
   * past the limit, without any bcrypt work) and settled with its outcome. Each way it can fail is
   * told to `failed`: a wrong password (`wrongReason`), the failure that locked the account
   * (auth.login.locked_out), a check refused while locked out (reason `locked_out`).
   */
  private async countedCheck(
    account: string,
    check: () => Promise<boolean>,
    failed: (action: LoginAction, reason: string) => void,
    wrongReason: string,
  ): Promise<boolean> {
    let attempt;
    try {
      attempt = await this.throttle.reserveAttempt(account);
    } catch (error) {
      if (isTooManyRequests(error)) failed('auth.login.failed', 'locked_out');
      throw error;
    }
    const matches = await checked(attempt, check);
    if (matches) {
      await attempt.succeeded();
    } else {
      failed('auth.login.failed', wrongReason);
      if (await attempt.failed()) failed('auth.login.locked_out', 'too_many_failures');
    }
    return matches;
  }
}
