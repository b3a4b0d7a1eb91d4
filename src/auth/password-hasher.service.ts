import { Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { AppConfig } from '../config/app-config.js';

/** bcrypt at BCRYPT_COST, always asynchronous (the work runs off the event loop). */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.bcryptCost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  /**
   * Spends the same time as a real comparison, for logins naming no account: the answer's timing
   * must not tell an attacker which usernames exist.
   */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= bcrypt.hash('no such account: timing equaliser', this.config.bcryptCost);
    await bcrypt.compare(password, await this.dummyHash);
    return false;
  }
}
