import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ApiError } from '../common/problem.js';
import { AppConfig } from '../config/app-config.js';
import { BcryptBusyError, BcryptPool } from './bcrypt-pool.js';
import { PASSWORD_MAX_BYTES } from './password-policy.js';

/**
 * bcrypt at BCRYPT_COST, off the event loop on a bounded pool of low-priority threads
 * (bcrypt-pool.ts). When the pool's queue is full the request is refused with 503 + Retry-After
 * rather than queued for longer than a client would wait (API.md §8 "Login floods").
 */
@Injectable()
export class PasswordHasher implements OnApplicationShutdown {
  private readonly pool = new BcryptPool();
  private dummyHash?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return this.run(() => this.pool.hash(password, this.config.bcryptCost));
  }

  verify(password: string, hash: string): Promise<boolean> {
    // bcrypt reads only the first 72 bytes: a longer password would match any stored password it
    // starts with. None longer is ever stored, so it matches nothing (at the cost of a real compare).
    if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES)
      return this.verifyAgainstNothing(password);
    return this.run(() => this.pool.compare(password, hash));
  }

  /**
   * Spends the same time as a real comparison, for logins naming no account: the answer's timing
   * must not tell an attacker which usernames exist.
   */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= this.pool
      .hash('no such account: timing equaliser', this.config.bcryptCost)
      .catch((error: unknown) => {
        this.dummyHash = undefined; // refused while the pool was full: made on the next call
        throw error;
      });
    await this.run(async () => this.pool.compare(password, await this.dummyHash!));
    return false;
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BcryptBusyError) {
        throw new ApiError(503, 'Service unavailable', {
          'Retry-After': String(error.retryAfterSeconds),
        });
      }
      throw error;
    }
  }
}
