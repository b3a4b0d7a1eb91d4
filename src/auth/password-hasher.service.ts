import { Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { AppConfig } from '../config/app-config.js';
import { PASSWORD_MAX_BYTES } from './password-policy.js';

/** bcrypt at BCRYPT_COST, always asynchronous (the work runs off the event loop). */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.bcryptCost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    // bcrypt reads only the first 72 bytes: a longer password would match any stored password it
    // starts with. None longer is ever stored, so it matches nothing (at the cost of a real compare).
    if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES)
      return this.verifyAgainstNothing(password);
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
