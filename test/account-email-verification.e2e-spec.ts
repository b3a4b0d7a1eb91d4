import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../src/database/migrations/index.js';
import { MailAndAccountTokens1732300020000 } from '../src/database/migrations/1732300020000-mail-and-account-tokens.js';
import { loginRequest, USER_KEYS } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { STRONG_PASSWORD } from './support/users.js';
import { sleep } from './support/wait.js';

let counter = 0;
function newAccount() {
  const name = `v${Date.now().toString(36)}_${counter++}`;
  return { username: name, email: `${name}@example.com`, password: STRONG_PASSWORD };
}

const RESENT = {
  detail: 'If that address has an unverified account, a verification link is on its way',
};

describe('email verification (API.md §10)', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());

  describe('EMAIL_VERIFICATION=optional (the default)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://console.example.test' });
    });
    afterAll(() => app.close());

    const verify = (token: string) => app.request('POST', `${API}/auth/verify-email`, { token });

    it('register signs in at once, shows email_verified: false and mails a link that verifies the address once', async () => {
      const account = newAccount();
      const registered = await app.request('POST', `${API}/auth/register`, account);
      expect(registered.status).toBe(201);
      expect(registered.body.access_token).toEqual(expect.any(String));
      expect(registered.body.email_verified).toBe(false);
      expect(Object.keys(registered.body.user).sort()).toEqual(USER_KEYS);
      const [mail] = await smtp.waitFor(account.email);
      expect(mail.link).toMatch(/^https:\/\/console\.example\.test\/verify-email#token=/);
      expect(mail.text).toMatch(/24 hours/);

      expect((await verify(mail.token!)).status).toBe(204);
      const me = await app.request('GET', `${API}/users/me`, undefined, {
        token: registered.body.access_token,
      });
      expect(me.body.email_verified).toBe(true);
      const again = await verify(mail.token!);
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ detail: 'Invalid or expired link' });
      const audit = await app.sql(
        `SELECT action FROM audit_events WHERE subject_id = $1 AND action = 'auth.email.verified'`,
        [registered.body.id],
      );
      expect(audit).toHaveLength(1);
    });

    it('resend answers the same for unknown, verified and unverified addresses and mails only the unverified one', async () => {
      const unverified = newAccount();
      const verified = newAccount();
      for (const account of [unverified, verified]) {
        expect((await app.request('POST', `${API}/auth/register`, account)).status).toBe(201);
      }
      const [first] = await smtp.waitFor(verified.email);
      expect((await verify(first.token!)).status).toBe(204);
      await smtp.waitFor(unverified.email);
      // Past the per-address minute of the registration mail.
      await app.sql(`UPDATE mail_outbox SET created_at = created_at - interval '61 seconds'`);
      const unknown = `nobody_${Date.now()}@example.com`;
      const answers = await Promise.all(
        [unverified.email, verified.email, unknown].map((email) =>
          app.request('POST', `${API}/auth/verify-email/resend`, { email }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(202);
        expect(answer.body).toEqual(RESENT);
      }
      const mails = await smtp.waitFor(unverified.email, 2);
      await sleep(1500);
      expect(smtp.to(verified.email)).toHaveLength(1);
      expect(smtp.to(unknown)).toEqual([]);
      // The new link voided the first one.
      expect((await verify(mails[0].token!)).status).toBe(400);
      expect((await verify(mails[1].token!)).status).toBe(204);
    });

    it('resend answers unknown, verified and unverified addresses in the same time (median of 50 each within 10 ms)', async () => {
      const unverified = newAccount();
      const verified = newAccount();
      for (const account of [unverified, verified]) {
        expect((await app.request('POST', `${API}/auth/register`, account)).status).toBe(201);
      }
      await app.sql(`UPDATE users SET email_verified_at = now() WHERE email = $1`, [
        verified.email,
      ]);
      const addresses = [`ghost_${Date.now()}@example.com`, verified.email, unverified.email];
      const times: number[][] = [[], [], []];
      for (let round = 0; round < 50; round++) {
        for (const [index, email] of addresses.entries()) {
          const start = performance.now();
          const answer = await app.request('POST', `${API}/auth/verify-email/resend`, { email });
          times[index].push(performance.now() - start);
          expect(answer.body).toEqual(RESENT);
        }
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
      const medians = times.map(median);
      expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(10);
    }, 60_000);

    it('a link for an address the account no longer has proves nothing', async () => {
      const account = newAccount();
      const registered = await app.request('POST', `${API}/auth/register`, account);
      const [mail] = await smtp.waitFor(account.email);
      await app.sql(`UPDATE users SET email = $2 WHERE id = $1`, [
        registered.body.id,
        `moved_${account.email}`,
      ]);
      expect((await verify(mail.token!)).status).toBe(400);
    });
  });

  describe('EMAIL_VERIFICATION=required', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ SMTP_URL: smtp.url, EMAIL_VERIFICATION: 'required' });
    });
    afterAll(() => app.close());

    it('register answers 201 with the user fields and no tokens; login is 403 until the address is verified', async () => {
      const account = newAccount();
      const registered = await app.request('POST', `${API}/auth/register`, account);
      expect(registered.status).toBe(201);
      expect(Object.keys(registered.body).sort()).toEqual([...USER_KEYS, 'user'].sort());
      expect(registered.headers.get('set-cookie')).toBeNull();
      expect(
        await app.sql(`SELECT id FROM sessions WHERE user_id = $1`, [registered.body.id]),
      ).toEqual([]);

      const refused = await loginRequest(app, account.username, account.password);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ detail: 'Email not verified' });
      // A wrong password is still the plain 401: the 403 tells nothing to someone without it.
      expect((await loginRequest(app, account.username, 'Wrong-Passw0rd!')).status).toBe(401);

      const [mail] = await smtp.waitFor(account.email);
      expect(
        (await app.request('POST', `${API}/auth/verify-email`, { token: mail.token })).status,
      ).toBe(204);
      expect((await loginRequest(app, account.username, account.password)).status).toBe(200);
    });
  });

  describe('EMAIL_VERIFICATION=off', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ SMTP_URL: smtp.url, EMAIL_VERIFICATION: 'off' });
    });
    afterAll(() => app.close());

    it('register mails nothing and login needs no verification', async () => {
      const account = newAccount();
      expect((await app.request('POST', `${API}/auth/register`, account)).status).toBe(201);
      expect((await loginRequest(app, account.username, account.password)).status).toBe(200);
      await sleep(1500);
      expect(smtp.to(account.email)).toEqual([]);
    });
  });

  it('accounts that existed before the migration count as verified', async () => {
    const database = await createTestDatabase();
    const before = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: MIGRATIONS.filter((m) => m !== MailAndAccountTokens1732300020000),
    });
    await before.initialize();
    await before.runMigrations();
    await before.query(
      `INSERT INTO users (email, username, password_hash) VALUES ('old@example.com', 'old_timer', 'x')`,
    );
    await before.destroy();
    const app = await startTestApp({}, database);
    try {
      const rows = await app.sql(`SELECT email_verified_at IS NOT NULL AS verified FROM users`);
      expect(rows).toEqual([{ verified: true }]);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
