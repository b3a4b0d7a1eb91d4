import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notAuthenticated, notFound } from '../../common/problem.js';
import { User } from '../../users/user.entity.js';
import { INVALID_CURRENT_PASSWORD } from '../auth.service.js';
import { checked, LoginThrottleService } from '../login-throttle.service.js';
import { PasswordHasher } from '../password-hasher.service.js';

/**
 * The counted checks behind every factor operation. Both count against the account's lock-out
 * (LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT) and are reserved before they run (429 past the limit):
 * - a password check, on the same count as a login (`user:<id>`);
 * - a second-factor check (TOTP code, recovery code, passkey) on a count of its own
 *   (`second-factor:<id>`) that only a right second factor resets — a right password must not, or
 *   whoever holds the password could reset the count between guesses at the code.
 */
@Injectable()
export class FactorChecks {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** Throws 401 "Current password is incorrect" unless `password` is the user's password. */
  async assertPassword(userId: string, password: string): Promise<void> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :userId', { userId })
      .getOne();
    if (!user) throw notFound();
    const matches = await this.counted(`user:${userId}`, () =>
      this.hasher.verify(password, user.passwordHash),
    );
    if (!matches) throw notAuthenticated(INVALID_CURRENT_PASSWORD);
  }

  /** Runs one second-factor check of the user, counted; true when it passed. */
  secondFactor(userId: string, check: () => Promise<boolean>): Promise<boolean> {
    return this.counted(`second-factor:${userId}`, check);
  }

  private async counted(account: string, check: () => Promise<boolean>): Promise<boolean> {
    const attempt = await this.throttle.reserveAttempt(account);
    const passed = await checked(attempt, check);
    await (passed ? attempt.succeeded() : attempt.failed());
    return passed;
  }
}
