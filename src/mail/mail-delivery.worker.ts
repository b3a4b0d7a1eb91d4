import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { MAIL_QUEUED } from './mail-outbox.service.js';
import { isUnreachable, MailTransport } from './mail-transport.js';

/** How often each instance looks for due mail (besides the nudge after its own commits). */
const POLL_MS = 1000;
const BATCH = 20;
/** Past this age a mail that could not be delivered is given up (marked failed, kept for a while). */
const GIVE_UP_SECONDS = 24 * 3600;
/** Sent and failed rows are kept this long: the per-address limits read the last hour of them. */
const KEEP_DAYS = 7;

interface DueRow {
  id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  link: string | null;
  attempts: number;
  age_seconds: number;
}

/**
 * Delivers the outbox, on every instance. A batch is claimed with FOR UPDATE SKIP LOCKED in one
 * transaction that stays open while it is sent and is committed with each row marked sent (or
 * rescheduled): no other instance can claim a row while it is being sent, so nothing goes out
 * twice; an instance that dies mid-send rolls back, and the row is sent again by another — the one
 * case where a mail may be repeated (delivered, then the commit lost), which SMTP cannot exclude.
 *
 * A failure reschedules the row: MAIL_RETRY_DELAY, doubling, at most 30 times that, for 24 h.
 * A server that cannot be reached ends the batch at once (the others would fail the same way).
 */
@Injectable()
export class MailDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastCleanup = 0;
  /** Said once when the database goes away, and once when it is back (not once a second). */
  private paused = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  @OnEvent(MAIL_QUEUED)
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      // Full batches mean more is due: keep going until a batch comes back short.
      while (!this.stopped && (await this.deliverBatch()) === BATCH);
      if (this.paused) {
        this.paused = false;
        this.logger.log('Mail delivery resumed');
      }
      if (Date.now() - this.lastCleanup > 3600_000) {
        this.lastCleanup = Date.now();
        await this.dataSource.query(
          `DELETE FROM mail_outbox
            WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL)
              AND created_at < now() - make_interval(days => $1)`,
          [KEEP_DAYS],
        );
      }
    } catch (error) {
      // The database itself is away: the next poll tries again.
      if (!this.paused) this.logger.warn(`Mail delivery paused: ${(error as Error).message}`);
      this.paused = true;
    }
  }

  /** Claims and sends one batch; returns how many rows it claimed. */
  private deliverBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT id, recipient, subject, text_body, html_body, link, attempts,
                extract(epoch FROM now() - created_at)::float8 AS age_seconds
           FROM mail_outbox
          WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [BATCH],
      )) as DueRow[];
      for (const row of rows) {
        try {
          await this.transport.send({
            id: row.id,
            to: row.recipient,
            subject: row.subject,
            text: row.text_body,
            html: row.html_body,
            link: row.link,
          });
          await manager.query(
            `UPDATE mail_outbox
                SET sent_at = now(), attempts = attempts + 1, last_error = NULL,
                    text_body = NULL, html_body = NULL, link = NULL
              WHERE id = $1`,
            [row.id],
          );
        } catch (error) {
          await this.reschedule(manager, row, error);
          // The rest stay due and are tried at the next poll (still locked by us until commit).
          if (isUnreachable(error)) return 0;
        }
      }
      return rows.length;
    });
  }

  private async reschedule(manager: EntityManager, row: DueRow, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const base = this.config.mailRetryDelay;
    const delay = Math.min(base * 2 ** (attempts - 1), base * 30);
    const giveUp = row.age_seconds + delay > GIVE_UP_SECONDS;
    const reason = ((error as Error).message ?? String(error)).slice(0, 500);
    await manager.query(
      `UPDATE mail_outbox
          SET attempts = $2, last_error = $3,
              next_attempt_at = now() + make_interval(secs => $4),
              failed_at = CASE WHEN $5 THEN now() END,
              text_body = CASE WHEN $5 THEN NULL ELSE text_body END,
              html_body = CASE WHEN $5 THEN NULL ELSE html_body END,
              link = CASE WHEN $5 THEN NULL ELSE link END
        WHERE id = $1`,
      [row.id, attempts, reason, delay, giveUp],
    );
    const when = giveUp ? 'giving up after 24 h' : `retry in ${delay} s`;
    this.logger.warn(`Mail ${row.id} not delivered (${reason}); ${when}`);
  }
}
