import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const EVERY_MS = 3600 * 1000;

/**
 * Deletes the mfa_tokens and WebAuthn challenges that can no longer be used (expired, or used an
 * hour ago): every password check of a second-factor user leaves one mfa_token, and a user who
 * never comes back would otherwise keep it forever. Runs at start-up and hourly on every instance
 * (concurrent runs are harmless).
 */
@Injectable()
export class MfaPurgeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SecondFactor');
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), EVERY_MS);
    this.timer.unref();
    void this.purge();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes what can no longer be used; returns how many rows. Never throws (retried next run). */
  async purge(): Promise<number> {
    try {
      const [, tokens] = (await this.dataSource.query(
        `DELETE FROM mfa_tokens WHERE expires_at < now() - interval '1 hour'`,
      )) as [unknown, number];
      const [, challenges] = (await this.dataSource.query(
        `DELETE FROM webauthn_challenges WHERE expires_at < now() - interval '1 hour'`,
      )) as [unknown, number];
      return tokens + challenges;
    } catch (error) {
      this.logger.warn(`Purge failed (retried later): ${(error as Error).message}`);
      return 0;
    }
  }
}
