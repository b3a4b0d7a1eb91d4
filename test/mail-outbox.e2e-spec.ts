import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, stopAllAppProcesses } from './support/app-process.js';
import { API } from './support/http.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { registerUser } from './support/users.js';
import { eventually, sleep } from './support/wait.js';

const PUBLIC_URL = 'https://console.example.test';
/** The mails of this suite are reset links only: no verification mail at sign-up. */
const ONLY_RESETS = { EMAIL_VERIFICATION: 'off' };

const linesNaming = (output: string, file: string) =>
  output.split('\n').filter((line) => line.includes(file));

async function requestResets(app: TestApp, emails: string[]): Promise<number[]> {
  const answers = await Promise.all(
    emails.map((email) => app.request('POST', `${API}/auth/password-reset`, { email })),
  );
  return answers.map((answer) => answer.status);
}

describe('mail outbox over a real SMTP server', () => {
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
    await stopAllAppProcesses();
  });

  it('delivers a queued mail over SMTP, links from PUBLIC_URL with the token in the fragment, and clears the sent body', async () => {
    const app = await startTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      MAIL_FROM: 'ChatOps Test <robot@example.test>',
      ...ONLY_RESETS,
    });
    try {
      const user = await registerUser(app);
      const answer = await app.request(
        'POST',
        `${API}/auth/password-reset`,
        { email: user.email },
        {
          headers: { Host: 'evil.example.com' },
        },
      );
      expect(answer.status).toBe(202);
      const [mail] = await smtp.waitFor(user.email);
      expect(mail).toBeDefined();
      expect(mail.parsed.from?.value).toEqual([
        { name: 'ChatOps Test', address: 'robot@example.test' },
      ]);
      expect(mail.link).toMatch(
        new RegExp(`^${PUBLIC_URL}/reset-password#token=[A-Za-z0-9_-]{43}$`),
      );
      expect(mail.html).toContain(mail.link);
      expect(mail.text).toMatch(/30 minutes/);
      expect(mail.text).toMatch(/wasn.t you/);
      const rows = await eventually(
        () =>
          app.sql(`SELECT sent_at, text_body, link FROM mail_outbox WHERE recipient = $1`, [
            user.email,
          ]),
        (r) => r.every((row) => row.sent_at !== null),
      );
      expect(rows).toEqual([{ sent_at: expect.any(Date), text_body: null, link: null }]);
    } finally {
      await app.close();
    }
  });

  it('sends each mail exactly once while two instances deliver from one outbox at the same time', async () => {
    const database = await createTestDatabase();
    const env = { SMTP_URL: smtp.url, PUBLIC_URL, ...ONLY_RESETS };
    const a = await startTestApp(env, database);
    const b = await startTestApp(env, database);
    try {
      const users = [];
      for (let i = 0; i < 24; i++) users.push(await registerUser(i % 2 ? a : b));
      const emails = users.map((u) => u.email);
      // Both instances queue and deliver at once: each nudges its own worker after every commit.
      const statuses = await Promise.all([
        requestResets(a, emails.slice(0, 12)),
        requestResets(b, emails.slice(12)),
      ]);
      expect(statuses.flat().every((s) => s === 202)).toBe(true);
      await eventually(
        async () => emails.filter((e) => smtp.to(e).length > 0).length,
        (n) => n === emails.length,
        20_000,
      );
      await sleep(2500); // two more polls of each worker: a duplicate would arrive now
      for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
      const ids = emails.map((e) => smtp.to(e)[0].messageId);
      expect(new Set(ids).size).toBe(emails.length);
      const pending = await a.sql(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE sent_at IS NULL`,
      );
      expect(pending).toEqual([{ n: 0 }]);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });

  it('an SMTP outage mid-run fails no request, delays the mail, and loses or repeats none', async () => {
    const app = await startTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      MAIL_RETRY_DELAY: '1s',
      ...ONLY_RESETS,
    });
    try {
      const users = [];
      for (let i = 0; i < 10; i++) users.push(await registerUser(app));
      const before = users.slice(0, 3).map((u) => u.email);
      const during = users.slice(3).map((u) => u.email);
      expect(await requestResets(app, before)).toEqual([202, 202, 202]);
      for (const email of before) await smtp.waitFor(email);

      await smtp.refuse();
      expect(await requestResets(app, during)).toEqual(during.map(() => 202));
      // Delivery is tried and fails while the server is away; nothing arrives, nothing is dropped.
      const failing = await eventually(
        () =>
          app.sql(
            `SELECT count(*)::int AS n FROM mail_outbox WHERE attempts > 0 AND sent_at IS NULL`,
          ),
        (r) => r[0].n > 0,
        10_000,
      );
      expect(failing[0].n).toBeGreaterThan(0);
      await sleep(3000);
      for (const email of during) expect(smtp.to(email)).toEqual([]);
      const waiting = await app.sql(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL`,
      );
      expect(waiting).toEqual([{ n: during.length }]);

      await smtp.resume();
      await eventually(
        async () => during.filter((e) => smtp.to(e).length > 0).length,
        (n) => n === during.length,
        30_000,
      );
      await sleep(2000);
      for (const email of [...before, ...during]) expect(smtp.to(email)).toHaveLength(1);
    } finally {
      await app.close();
    }
  }, 90_000);

  it('without SMTP_URL writes DATA_DIR/mail/<time>-<to>.eml and logs one line naming the file and the link', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatops-mail-'));
    const database = await createTestDatabase();
    try {
      const app = await startApp({
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        PUBLIC_URL,
        ...ONLY_RESETS,
        LOG_LEVEL: 'log',
      });
      const email = `eml_${Date.now()}@example.com`;
      const registered = await app.request('POST', `${API}/auth/register`, {
        email,
        username: `eml_${Date.now()}`,
        password: 'Tr1cky-Horse-Battery!',
      });
      expect(registered.status).toBe(201);
      expect((await app.request('POST', `${API}/auth/password-reset`, { email })).status).toBe(202);
      const files = await eventually(
        () => readdir(join(dataDir, 'mail')).catch(() => [] as string[]),
        (found) => found.some((f) => f.endsWith(`-${email}.eml`)),
        10_000,
      );
      const file = files
        .filter((f) => f.endsWith(`-${email}.eml`))
        .sort()
        .at(-1)!;
      const parsed = await simpleParser(await readFile(join(dataDir, 'mail', file)));
      const link = /https:\/\/\S+reset-password#token=\S+/.exec(parsed.text ?? '')?.[0];
      expect(link).toBeDefined();
      // The file is written just before its log line, which comes through the child's stdout pipe.
      const lines = await eventually(
        async () => linesNaming(app.output(), file),
        (found) => found.length > 0,
      );
      const resetLines = lines.filter((l) => l.includes(link!));
      expect(resetLines).toHaveLength(1);
      await app.stop();
    } finally {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('in production the log line names the file but never the link', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatops-mail-'));
    const database = await createTestDatabase();
    try {
      const app = await startApp({
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        PUBLIC_URL,
        LOG_LEVEL: 'log',
        ...ONLY_RESETS,
      });
      const email = `prod_${Date.now()}@example.com`;
      const registered = await app.request('POST', `${API}/auth/register`, {
        email,
        username: `prod_${Date.now()}`,
        password: 'Tr1cky-Horse-Battery!',
      });
      expect(registered.status).toBe(201);
      expect((await app.request('POST', `${API}/auth/password-reset`, { email })).status).toBe(202);
      const files = await eventually(
        () => readdir(join(dataDir, 'mail')).catch(() => [] as string[]),
        (found) => found.some((f) => f.endsWith(`-${email}.eml`)),
        10_000,
      );
      const file = files.find((f) => f.endsWith(`-${email}.eml`))!;
      const parsed = await simpleParser(await readFile(join(dataDir, 'mail', file)));
      const token = /#token=([A-Za-z0-9_-]+)/.exec(parsed.text ?? '')?.[1];
      expect(token).toBeDefined();
      const [line] = await eventually(
        async () => linesNaming(app.output(), file),
        (found) => found.length > 0,
      );
      expect(line).toContain('its link is not logged in production');
      expect(app.output()).not.toContain(token);
      await app.stop();
    } finally {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('SMTP_URL transport security', () => {
  // The test server's certificate is smtp-server's self-signed one: the URL says to accept it
  // (`tls.rejectUnauthorized=false`, a nodemailer URL option); real providers need nothing.
  it.each([
    ['smtp:// upgrades with STARTTLS when the server offers it', 'starttls'],
    ['smtps:// speaks TLS from the first byte', 'implicit'],
  ] as const)('%s, and authenticates with the user and password of the URL', async (_name, tls) => {
    const smtp = await startSmtpServer({ tls, auth: { user: 'mailer', pass: 's3cret' } });
    const url = smtp.url.replace('://', '://mailer:s3cret@');
    const app = await startTestApp({ SMTP_URL: url, PUBLIC_URL, ...ONLY_RESETS });
    try {
      const user = await registerUser(app);
      await app.request('POST', `${API}/auth/password-reset`, { email: user.email });
      const [mail] = await smtp.waitFor(user.email);
      expect(mail).toMatchObject({ secure: true, user: 'mailer' });
    } finally {
      await app.close();
      await smtp.close();
    }
  });
});
