import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { describeInChromium, screenshot, signIn, watchForErrors } from '../support/browser.js';
import { totpCode } from '../support/mfa.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';

/** A port free right now, so that PUBLIC_URL can name the port the app will listen on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Chromium's virtual authenticator on this tab (a platform authenticator with a PIN). */
async function addAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/**
 * Account → Security and the sign-in's second step in Chromium: an authenticator app set up from
 * the QR page (codes computed with otplib from the key the page shows), recovery codes copied and
 * downloaded, and passkeys made by the DevTools virtual authenticator. The console is served at
 * http://localhost:<port> = PUBLIC_URL (a secure context whose host is the passkeys' RP ID).
 */
describeInChromium(
  'Web console: Security — authenticator app, recovery codes, passkeys (Chromium)',
  (chromium) => {
    let app: TestApp;
    let baseUrl: string;

    /**
     * A new visitor, and what its page reported as a problem — but the console lines of the API's
     * refusals the test provokes itself (a wrong password or code; the login's "Second factor
     * required" 401): script errors and CSP violations remain.
     */
    async function visitor(): Promise<{ page: Page; problems: () => string[] }> {
      const page = await (await chromium.visitor(baseUrl)).newPage();
      const lines = watchForErrors(page);
      return { page, problems: () => lines.filter((line) => !/status of 40[01] \(/.test(line)) };
    }

    const security = (page: Page) => page.getByRole('region', { name: 'Security' });

    async function openSecurity(page: Page) {
      await page.goto('/account');
      await security(page).getByRole('heading', { name: 'Authenticator app' }).waitFor();
    }

    /** Sets up the app through the console; the key it showed and the recovery codes. */
    async function setUpApp(page: Page, user: RegisteredUser) {
      await openSecurity(page);
      await page.getByRole('button', { name: 'Set up authenticator app' }).click();
      const dialog = page.getByRole('dialog', { name: 'Set up authenticator app' });
      await dialog.getByLabel('Password', { exact: true }).fill(user.password);
      await dialog.getByRole('button', { name: 'Continue' }).click();
      const qr = dialog.getByRole('img', { name: 'QR code for your authenticator app' });
      await qr.waitFor();
      const secret = (await dialog.locator('code.secret').innerText()).trim();
      await dialog.getByLabel('Code').fill(await totpCode(secret));
      await dialog.getByRole('button', { name: 'Turn on' }).click();
      const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
      await codes.first().waitFor();
      return { secret, codes };
    }

    beforeAll(async () => {
      const port = await freePort();
      baseUrl = `http://localhost:${port}`;
      app = await startTestApp({ PORT: String(port), PUBLIC_URL: baseUrl });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('sets up the authenticator app: a locally rendered QR image and the key as text, then 10 recovery codes with Copy and Download', async () => {
      const user = await registerUser(app);
      const { page, problems } = await visitor();
      await signIn(page, user);
      await openSecurity(page);
      await page.getByRole('button', { name: 'Set up authenticator app' }).click();
      const dialog = page.getByRole('dialog', { name: 'Set up authenticator app' });
      await dialog.getByLabel('Password', { exact: true }).fill('Wrong-pass-1!');
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await dialog.getByText('Current password is incorrect.').waitFor();
      await dialog.getByLabel('Password', { exact: true }).fill(user.password);
      await dialog.getByRole('button', { name: 'Continue' }).click();
      const qr = dialog.getByRole('img', { name: 'QR code for your authenticator app' });
      await qr.waitFor();
      // An SVG made in the page, as an image: no third-party service, no HTML injected.
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
      const secret = (await dialog.locator('code.secret').innerText()).trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await screenshot(page, 'security-totp-setup');
      await dialog.getByLabel('Code').fill('000000');
      await dialog.getByRole('button', { name: 'Turn on' }).click();
      await dialog.getByText('Invalid code.').waitFor();
      await dialog.getByLabel('Code').fill(await totpCode(secret));
      await dialog.getByRole('button', { name: 'Turn on' }).click();

      const saved = page.getByRole('dialog', { name: 'Save your recovery codes' });
      const items = saved.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
      await items.first().waitFor();
      const codes = (await items.allInnerTexts()).map((c) => c.trim());
      expect(codes).toHaveLength(10);
      await saved.getByRole('button', { name: 'Copy' }).click();
      await saved.getByText('Copied to the clipboard.').waitFor();
      const clipboard: string = await page.evaluate('navigator.clipboard.readText()');
      for (const code of codes) expect(clipboard).toContain(code);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        saved.getByRole('button', { name: 'Download' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('chatops-recovery-codes.txt');
      const file = readFileSync((await download.path())!, 'utf8');
      for (const code of codes) expect(file).toContain(code);
      await saved.getByRole('button', { name: 'Done' }).click();
      await security(page).getByText('Recovery codes left: 10').waitFor();
      // Shown once: the page no longer has the key or the codes.
      const content = await page.content();
      expect(content).not.toContain(secret);
      for (const code of codes) expect(content).not.toContain(code);
      expect(problems()).toEqual([]);
    });

    it('asks for a code after the password, takes a recovery code instead, and refuses a wrong one in words', async () => {
      const user = await registerUser(app);
      const first = await visitor();
      await signIn(first.page, user);
      const { secret, codes } = await setUpApp(first.page, user);
      const recovery = (await codes.allInnerTexts()).map((c) => c.trim());

      const { page, problems } = await visitor();
      await page.goto('/login');
      await page.getByLabel('Username or email').fill(user.username);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
      await page.getByLabel('Code').fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('alert').getByText('Invalid code.').waitFor();
      await page.getByLabel('Code').fill(await totpCode(secret, 1));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('heading', { name: 'Servers' }).waitFor();

      const other = await visitor();
      await other.page.goto('/login');
      await other.page.getByLabel('Username or email').fill(user.username);
      await other.page.getByLabel('Password', { exact: true }).fill(user.password);
      await other.page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await other.page.getByRole('button', { name: 'Use a recovery code' }).click();
      await other.page.getByLabel('Recovery code').fill(recovery[0]);
      await other.page.getByRole('button', { name: 'Verify' }).click();
      await other.page.getByRole('heading', { name: 'Servers' }).waitFor();
      expect(problems()).toEqual([]);
    });

    it('adds, renames and deletes passkeys, signs in with a passkey alone, and offers one as the second step', async () => {
      const user = await registerUser(app);
      const { page, problems } = await visitor();
      await addAuthenticator(page);
      await signIn(page, user);
      await openSecurity(page);
      await security(page).getByText('No passkeys yet.').waitFor();
      await security(page).getByRole('button', { name: 'Add passkey' }).click();
      const add = page.getByRole('dialog', { name: 'Add passkey' });
      await add.getByLabel('Password', { exact: true }).fill(user.password);
      await add.getByLabel('Passkey name (optional)').fill('Laptop');
      await add.getByRole('button', { name: 'Add passkey' }).click();
      const list = security(page).getByRole('list', { name: 'Passkeys' });
      await list.getByText('Laptop').waitFor();

      await list.getByRole('button', { name: 'Rename Laptop' }).click();
      const rename = page.getByRole('dialog', { name: 'Rename passkey' });
      await rename.getByLabel('Name').fill('Work laptop');
      await rename.getByRole('button', { name: 'Save' }).click();
      await list.getByText('Work laptop').waitFor();
      await screenshot(page, 'security-passkeys');

      // Signed out, the passkey alone signs in (the authenticator verifies the user).
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.getByRole('heading', { name: 'Servers' }).waitFor();

      // With a passkey, the password is no longer enough: the second step offers the passkey.
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByLabel('Username or email').fill(user.username);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      await page.getByRole('heading', { name: 'Servers' }).waitFor();
      // The Account page says how each live session signed in (the others were signed out).
      await page.goto('/account');
      await page.getByText('with a password and a passkey').waitFor();
      const sessions = await app.sql<{ auth_method: string }>(
        'SELECT auth_method FROM sessions WHERE user_id = $1 ORDER BY created_at',
        [user.id],
      );
      expect(sessions.map((s) => s.auth_method)).toEqual([
        'password',
        'password',
        'passkey',
        'password+passkey',
      ]);

      // Its last second factor: deleting it also takes a confirmation with the passkey, which the
      // virtual authenticator gives (the API refuses the password alone, see passkeys-webauthn).
      await openSecurity(page);
      await list.getByRole('button', { name: 'Delete Work laptop' }).click();
      const del = page.getByRole('dialog', { name: 'Delete passkey?' });
      await del.getByLabel('Password', { exact: true }).fill(user.password);
      await del.getByRole('button', { name: 'Delete passkey' }).click();
      await security(page).getByText('No passkeys yet.').waitFor();
      expect(problems()).toEqual([]);
    });
  },
);
