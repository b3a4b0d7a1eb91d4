import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eventually } from './wait.js';

/** One mail as the test SMTP server received it over TCP, parsed with mailparser. */
export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The link of the mail (the first URL of its text), if any. */
  link?: string;
  /** The token in the link's fragment (`#token=…`), if any. */
  token?: string;
  /** Whether the mail travelled over TLS (STARTTLS or implicit). */
  secure: boolean;
  /** The user the client authenticated as, if it did. */
  user?: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to. */
  url: string;
  mails: ReceivedMail[];
  /** The mails to `address` so far. */
  to(address: string): ReceivedMail[];
  /** Waits (up to `ms`) until `count` mails to `address` have arrived; returns them all. */
  waitFor(address: string, count?: number, ms?: number): Promise<ReceivedMail[]>;
  /** Stops listening: connections are refused until `resume()` (an SMTP outage). */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  /**
   * `none` (default): plain SMTP, no STARTTLS offered; `starttls`: STARTTLS offered; `implicit`:
   * TLS from the first byte (smtps). TLS uses smtp-server's built-in self-signed certificate.
   */
  tls?: 'none' | 'starttls' | 'implicit';
  /** Require AUTH with this user and password. */
  auth?: { user: string; pass: string };
}

/**
 * A real SMTP server (nodemailer's smtp-server) on loopback: the app sends to it over TCP exactly as
 * it would to a provider; every mail is parsed with mailparser. By default no authentication and
 * no STARTTLS.
 */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const tls = options.tls ?? 'none';
  const mails: ReceivedMail[] = [];
  const create = () =>
    new SMTPServer({
      authOptional: !options.auth,
      secure: tls === 'implicit',
      disabledCommands: tls === 'none' ? ['STARTTLS'] : [],
      onAuth(auth, _session, callback) {
        if (auth.username === options.auth?.user && auth.password === options.auth?.pass) {
          callback(null, { user: auth.username });
        } else callback(new Error('Invalid username or password'));
      },
      logger: false,
      closeTimeout: 200,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const text = parsed.text ?? '';
            const link = /https?:\/\/\S+/.exec(text)?.[0];
            mails.push({
              to: (Array.isArray(parsed.to) ? parsed.to[0] : parsed.to)?.value[0]?.address ?? '',
              subject: parsed.subject ?? '',
              text,
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              link,
              token: link ? /#token=([A-Za-z0-9_-]+)/.exec(link)?.[1] : undefined,
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : undefined,
              parsed,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  let server = create();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () =>
        resolve((server.server.address() as AddressInfo).port),
      );
    });
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const port = await listen(0);
  const to = (address: string) => mails.filter((mail) => mail.to === address.toLowerCase());
  return {
    port,
    url:
      tls === 'implicit'
        ? `smtps://127.0.0.1:${port}/?tls.rejectUnauthorized=false`
        : `smtp://127.0.0.1:${port}${tls === 'starttls' ? '/?tls.rejectUnauthorized=false' : ''}`,
    mails,
    to,
    async waitFor(address, count = 1, ms = 10_000) {
      return eventually(
        async () => to(address),
        (found) => found.length >= count,
        ms,
      );
    },
    refuse: stop,
    async resume() {
      server = create();
      await listen(port);
    },
    close: stop,
  };
}
