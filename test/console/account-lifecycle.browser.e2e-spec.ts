import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeInChromium, signIn, watchForErrors } from '../support/browser.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';

const NEW_PASSWORD = 'Quiet-Otter-Lantern-7';
const PUBLIC_URL = 'https://console.example.test';

/**
 * The page a mailed link opens, on the test app: the link is built from PUBLIC_URL (checked), and
 * its path and fragment are what the console reads.
 */
function opened(link: string | undefined): string {
  expect(link?.startsWith(`${PUBLIC_URL}/`)).toBe(true);
  const url = new URL(link!);
  return `${url.pathname}${url.hash}`;
}

/**
 * The account lifecycle in the console, end to end: every mail goes through the real SMTP server
 * on loopback, and the browser opens the link it carries.
 */
describeInChromium(
  'Web console: verification, reset, email change, deletion (Chromium)',
  (chromium) => {
    let smtp: TestSmtpServer;
    let app: TestApp;
    let admin: RegisteredUser;

    async function visitor(): Promise<Page> {
      return (await chromium.visitor(app.baseUrl)).newPage();
    }

    beforeAll(async () => {
      smtp = await startSmtpServer();
      app = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL });
      admin = await registerUser(app);
    });
    afterAll(async () => {
      await app?.close();
      await smtp?.close();
    });

    it('"Forgot password?" mails a link; the reset page sets a new password; the used link then says so and offers a new one', async () => {
      const user = await registerUser(app);
      const page = await visitor();
      const problems = watchForErrors(page);
      await page.goto('/login');
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
      await page.getByLabel('Email').fill(user.email);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByText('If that address has an account, a reset link is on its way').waitFor();

      const [, mail] = await smtp.waitFor(user.email, 2); // the sign-up verification, then the reset
      expect(mail.link).toContain('/reset-password#token=');
      await page.goto(opened(mail.link));
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      // The token left the address bar as soon as the page read it.
      expect(page.url()).not.toContain('token');
      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByText('Your password was changed').waitFor();
      await signIn(page, { username: user.username, password: NEW_PASSWORD });

      const again = await visitor();
      await again.goto(opened(mail.link));
      await again.getByLabel('New password', { exact: true }).fill('Another-Fine-Passw0rd!');
      await again.getByLabel('Confirm new password').fill('Another-Fine-Passw0rd!');
      await again.getByRole('button', { name: 'Set new password' }).click();
      await again.getByText('This link has expired or was already used').waitFor();
      await again.getByRole('button', { name: 'Send a new link' }).waitFor();
      expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    });

    it('shows "Verify your email" until the mailed link is opened; Resend sends a new one', async () => {
      const user = await registerUser(app);
      const page = await visitor();
      await signIn(page, user);
      const banner = page.getByRole('region', { name: 'Verify your email' });
      await banner.waitFor();
      const [first] = await smtp.waitFor(user.email);
      // Past the per-address minute of the sign-up mail, so Resend really sends.
      await app.sql(`UPDATE mail_outbox SET created_at = created_at - interval '61 seconds'`);
      await banner.getByRole('button', { name: 'Resend' }).click();
      await banner.getByText('a verification link is on its way').waitFor();
      const [, second] = await smtp.waitFor(user.email, 2);
      expect(second.token).not.toBe(first.token);

      await page.goto(opened(first.link));
      await page.getByText('This link has expired or was already used').waitFor();
      await page.goto(opened(second.link));
      await page.getByText('Your email address is verified').waitFor();
      await page.getByRole('link', { name: 'Go to your servers' }).click();
      await page.getByRole('heading', { name: 'Servers' }).waitFor();
      expect(await banner.count()).toBe(0);
    });

    it('Account → Change email (with the password): the link to the new address, opened signed out, asks to sign in and then confirms', async () => {
      const user = await registerUser(app);
      const next = `moved_${Date.now()}@example.org`;
      const page = await visitor();
      await signIn(page, user);
      await page.goto('/account');
      const section = page.getByRole('region', { name: 'Change email' });
      await section.getByLabel('New email').fill(next);
      await section.getByLabel('Current password').fill('Wrong-Passw0rd!');
      await section.getByRole('button', { name: 'Change email' }).click();
      await section.getByText('Current password is incorrect').waitFor();
      await section.getByLabel('Current password').fill(user.password);
      await section.getByRole('button', { name: 'Change email' }).click();
      await section.getByText(`We sent a link to ${next}`).waitFor();

      const [mail] = await smtp.waitFor(next);
      const elsewhere = await visitor();
      await elsewhere.goto(opened(mail.link));
      await elsewhere.getByText('Sign in to confirm your new email address').waitFor();
      await elsewhere.getByLabel('Username or email').fill(user.username);
      await elsewhere.getByLabel('Password', { exact: true }).fill(user.password);
      await elsewhere.getByRole('button', { name: 'Sign in', exact: true }).click();
      await elsewhere.getByText(`Your account now uses ${next}`).waitFor();
      // After the sign-up verification: the notice of the request, then of the change.
      const mails = await smtp.waitFor(user.email, 3);
      expect(mails.map((m) => m.subject)).toEqual([
        'ChatOps: verify your email address',
        'ChatOps: an email change was requested',
        'ChatOps: your email address was changed',
      ]);
      expect(mails[1].text).toContain('mo***@ex***.org');
    });

    it('Account → Delete account needs the typed username and the password; then the account is gone', async () => {
      const user = await registerUser(app);
      const page = await visitor();
      await signIn(page, user);
      await page.goto('/account');
      await page.getByRole('button', { name: 'Delete account' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
      const confirm = dialog.getByRole('button', { name: 'Delete account' });
      await dialog.getByLabel('Password', { exact: true }).fill(user.password);
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByLabel('Username').fill(user.username);
      expect(await confirm.isEnabled()).toBe(true);
      await confirm.click();
      await page.getByText('Your account was deleted.').waitFor();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await app.sql(`SELECT id FROM users WHERE id = $1`, [user.id])).toEqual([]);
      const mails = await smtp.waitFor(user.email, 2);
      expect(mails.at(-1)!.subject).toMatch(/account was deleted/);
      expect(admin.isAdmin).toBe(true);
    });
  },
);
