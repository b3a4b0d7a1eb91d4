import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeInChromium, signIn } from '../support/browser.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { STRONG_PASSWORD } from '../support/users.js';

const PUBLIC_URL = 'https://console.example.test';

/** Sign-up with EMAIL_VERIFICATION=required in the console, through the real SMTP server. */
describeInChromium('Web console: sign-up when verification is required (Chromium)', (chromium) => {
  let smtp: TestSmtpServer;
  let app: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL, EMAIL_VERIFICATION: 'required' });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('sign-up says to open the mailed link; sign-in before it says "Email not verified" and offers a new link; after it, sign-in works', async () => {
    const page = await (await chromium.visitor(app.baseUrl)).newPage();
    const email = `req_${Date.now()}@example.com`;
    const username = `req_${Date.now().toString(36)}`;
    await page.goto('/signup');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
    await page.getByLabel('Confirm password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText(`Account created. We sent a link to ${email}`).waitFor();

    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').getByText('Email not verified.').waitFor();
    await page.getByRole('link', { name: 'send a new one' }).waitFor();

    const [mail] = await smtp.waitFor(email);
    expect(mail.link!.startsWith(`${PUBLIC_URL}/verify-email#token=`)).toBe(true);
    const url = new URL(mail.link!);
    await page.goto(`${url.pathname}${url.hash}`);
    await page.getByText('Your email address is verified').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await signIn(page, { username, password: STRONG_PASSWORD });
    expect(await page.getByRole('region', { name: 'Verify your email' }).count()).toBe(0);
  });
});
