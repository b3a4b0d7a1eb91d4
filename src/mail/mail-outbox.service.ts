import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import type { ComposedMail } from './mail-templates.js';

/** Emitted (locally) once a transaction that queued mail has committed: deliver now, not at the next poll. */
export const MAIL_QUEUED = 'mail.queued';

/** Per address and kind of link mail (API.md §10): one per minute, five per hour. */
const PER_MINUTE = 1;
const PER_HOUR = 5;

/** Any number will do as long as it is only used here: serialises the limit check per address. */
const LIMIT_LOCK_SPACE = 727_019;

/**
 * The mail outbox: a mail is a row, written by the transaction of the change that causes it, so the
 * mail exists exactly when the change does. MailDeliveryWorker (on every instance) sends it.
 */
@Injectable()
export class MailOutbox {
  constructor(private readonly events: EventEmitter2) {}

  /**
   * Queues `mail` to `to` in `manager`'s transaction. With `limited` (mails a caller can ask for
   * again: links), at most one of its kind per address per minute and five per hour are queued;
   * beyond that nothing is, and `false` says so (the caller's answer must not change).
   */
  async enqueue(
    manager: EntityManager,
    to: string,
    mail: ComposedMail,
    options: { limited?: boolean } = {},
  ): Promise<boolean> {
    if (options.limited) {
      await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [
        LIMIT_LOCK_SPACE,
        `${mail.kind}:${to}`,
      ]);
      const [counts] = (await manager.query(
        `SELECT count(*) FILTER (WHERE created_at > now() - interval '60 seconds')::int AS minute,
                count(*)::int AS hour
           FROM mail_outbox
          WHERE recipient = $1 AND kind = $2 AND created_at > now() - interval '1 hour'`,
        [to, mail.kind],
      )) as { minute: number; hour: number }[];
      if (counts.minute >= PER_MINUTE || counts.hour >= PER_HOUR) return false;
    }
    await manager.query(
      `INSERT INTO mail_outbox (kind, recipient, subject, text_body, html_body, link)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [mail.kind, to, mail.subject, mail.text, mail.html, mail.link ?? null],
    );
    return true;
  }

  /** Call after the transaction that queued mail committed: this instance delivers it at once. */
  nudge(): void {
    this.events.emit(MAIL_QUEUED);
  }
}
