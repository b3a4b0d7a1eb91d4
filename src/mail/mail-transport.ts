import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import { onFirstUse } from '../common/on-first-use.js';
import { AppConfig } from '../config/app-config.js';

/** One mail as the outbox hands it over. */
export interface Envelope {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  link: string | null;
}

/** Connection-level failures: the server is not there, so the rest of a batch would fail too. */
const UNREACHABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED']);

export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code !== undefined && UNREACHABLE.has(code);
}

/**
 * Hands a mail to SMTP_URL with nodemailer (STARTTLS when the server offers it; `smtps://` for TLS
 * from the first byte), or, with no SMTP_URL, writes it to DATA_DIR/mail/<time>-<to>.eml and logs
 * one line naming the file and the link, so `npm start` alone is enough to verify and reset.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private smtp?: Transporter;
  /**
   * Made with the first mail: nodemailer (~3 MiB of heap) loads then, not at start-up, so an
   * instance that sends no mail does not hold it.
   */
  private readonly transporter = onFirstUse(async (): Promise<Transporter> => {
    const { default: nodemailer } = await import('nodemailer');
    if (!this.config.smtpUrl) {
      return nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
    this.smtp = nodemailer.createTransport({
      url: this.config.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as never);
    return this.smtp;
  });

  constructor(private readonly config: AppConfig) {}

  get writesFiles(): boolean {
    return !this.config.smtpUrl;
  }

  async send(mail: Envelope): Promise<void> {
    const message = {
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // The outbox row's id: a receiving server (or a person) can tell a retry from a second mail.
      messageId: `<${mail.id}@chatops.outbox>`,
    };
    const transport = await this.transporter();
    if (this.config.smtpUrl) {
      await transport.sendMail(message);
      return;
    }
    const info = (await transport.sendMail(message)) as { message: Buffer };
    const directory = join(this.config.dataDir, 'mail');
    await mkdir(directory, { recursive: true });
    const time = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(directory, `${time}-${mail.to.replace(/[^A-Za-z0-9@._+-]/g, '_')}.eml`);
    await writeFile(file, info.message, { mode: 0o600 });
    const link = !mail.link
      ? ''
      : this.config.isProduction
        ? ' (its link is not logged in production)'
        : `; link: ${mail.link}`;
    this.logger.log(`Mail to ${mail.to} ("${mail.subject}") written to ${file}${link}`);
  }

  onModuleDestroy(): void {
    this.smtp?.close();
  }
}
