import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeInChromium, screenshot, signIn, watchForErrors } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';

const UI_WAIT = 10_000;

/**
 * The console's account pages in Chromium: the API's refusals shown in words where they belong,
 * sessions that end everywhere, and an admin disabling a user.
 */
describeInChromium('Web console: accounts, sessions and admin (Chromium)', (chromium) => {
  let app: TestApp;
  let admin: RegisteredUser;
  let member: RegisteredUser;
  /** Locked out by the 429 test: nobody else signs in with it. */
  let lockedOut: RegisteredUser;

  async function visitor(viewport?: { width: number; height: number }): Promise<Page> {
    return (await chromium.visitor(app.baseUrl, viewport)).newPage();
  }

  const signInHeading = (page: Page) => page.getByRole('heading', { name: 'Sign in' });

  beforeAll(async () => {
    app = await startTestApp({ LOGIN_FAILURE_LIMIT: '3', LOGIN_LOCKOUT: '90s' });
    admin = await registerUser(app, { username: 'admin_ann' }); // the first account: admin
    member = await registerUser(app, { username: 'member_max' });
    lockedOut = await registerUser(app, { username: 'forgetful_fred' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows the API's 422 beside its field (a common password), and the field is marked invalid", async () => {
    const page = await visitor();
    await page.goto('/signup');
    await page.getByLabel('Email', { exact: true }).fill('newbie@example.com');
    await page.getByLabel('Username', { exact: true }).fill('newbie');
    // Meets every rule shown while typing, but the API knows it is a common password.
    await page.getByLabel('Password', { exact: true }).fill('Password123!');
    await page.getByLabel('Confirm password').fill('Password123!');
    await page.getByRole('button', { name: 'Sign up' }).click();
    const password = page.getByLabel('Password', { exact: true });
    await page.getByText('Password is too common.').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's description: a screen reader reads it with the field.
    const describedBy = (await password.getAttribute('aria-describedby'))!.split(' ');
    const messages = await Promise.all(
      describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()),
    );
    expect(messages).toContain('Password is too common.');
    expect(await page.getByRole('alert').innerText()).toContain('Please correct the fields');
    // A duplicate answers 409: said in words, not as JSON.
    await page.getByLabel('Username', { exact: true }).fill(member.username);
    await page.getByLabel('Password', { exact: true }).fill('Quiet-Lantern-77#');
    await page.getByLabel('Confirm password').fill('Quiet-Lantern-77#');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('Username or email already exists.').waitFor();
    expect(await page.content()).not.toContain('{"detail"');
  });

  it('shows a 429 with its wait and keeps Sign in disabled until then', async () => {
    const page = await visitor();
    await page.goto('/login');
    await page.getByLabel('Username or email').fill(lockedOut.username);
    await page.getByLabel('Password', { exact: true }).fill('Wrong-Password-1!');
    const button = page.getByRole('button', { name: 'Sign in', exact: true });
    for (let attempt = 0; attempt < 6; attempt++) {
      await button.click();
      const alert = await page.getByRole('alert').innerText({ timeout: UI_WAIT });
      if (alert.startsWith('Too many attempts')) break;
      expect(alert).toBe('Invalid username or password.');
      await button.isEnabled();
    }
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toMatch(/^Too many attempts\. Try again in \d+ seconds?\.$/);
    const seconds = Number(alert.match(/(\d+) second/)![1]);
    expect(seconds).toBeGreaterThan(30);
    expect(seconds).toBeLessThanOrEqual(90);
    expect(await button.isDisabled()).toBe(true);
  });

  it('tab order on the sign-in page follows the form: username, password, Sign in, Forgot password?, Sign in with a passkey, Sign up', async () => {
    const page = await visitor();
    await page.goto('/login');
    await signInHeading(page).waitFor();
    await page.getByLabel('Username or email').focus();
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = (globalThis as any).document.activeElement;
          return el.labels?.[0]?.textContent ?? el.textContent;
        }),
      );
    }
    expect(order).toEqual([
      'Password',
      'Sign in',
      'Forgot password?',
      'Sign in with a passkey',
      'Sign up',
    ]);
  });

  it('errors from the API are words on the page: an unknown server, an unknown page', async () => {
    const page = await visitor();
    const errors = watchForErrors(page);
    await signIn(page, member);
    await page.goto('/servers/6f1c1f44-98a4-4a44-9d0c-0a4a3b2c1d00');
    await page.getByText('This server does not exist, or it is not yours.').waitFor();
    await page.goto('/servers/not-a-uuid/api-keys');
    await page.getByText('This server does not exist, or it is not yours.').waitFor();
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto('/admin/users');
    await page.getByText('Only administrators can see this page.').waitFor();
    // The two 404 answers are the only console lines: no script error.
    expect(errors.filter((line) => !line.includes('404'))).toEqual([]);
  });

  it('account: profile, password change and the sessions list with "this device"', async () => {
    const page = await visitor();
    await signIn(page, member);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
    await page.getByLabel('Full name').fill('Max Member');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.getByText('this device').waitFor();
    expect(await sessions.getByText('Chrome on Linux').count()).toBeGreaterThan(0);

    const passwordForm = page.getByRole('region', { name: 'Change password' });
    await passwordForm.getByLabel('Current password').fill('not-my-password');
    await passwordForm.getByLabel('New password').fill('Silver-Kettle-93$');
    await page.getByRole('button', { name: 'Change password' }).click();
    // A wrong current password is said as such, and does not sign the user out.
    await page.getByText('Current password is incorrect.').waitFor();
    expect(await page.getByRole('button', { name: 'Sign out', exact: true }).count()).toBe(1);
    await passwordForm.getByLabel('Current password').fill(member.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other sessions were signed out.').waitFor();
    member = { ...member, password: 'Silver-Kettle-93$' };
    // The sessions list is loaded again: the other sessions ended, this one remains.
    await sessions.getByRole('button', { name: 'Revoke' }).first().waitFor({ state: 'detached' });
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await screenshot(page, '06-account');
  });

  it('Sign out everywhere ends the sessions of the other browser contexts', async () => {
    const [here, there] = [await visitor(), await visitor()];
    await signIn(here, admin);
    await signIn(there, admin);
    await here.getByRole('link', { name: 'Account' }).click();
    await here.getByRole('button', { name: 'Sign out everywhere' }).click();
    await here.getByRole('dialog', { name: 'Sign out everywhere?' }).waitFor();
    await here.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await signInHeading(here).waitFor();
    await here.getByText('You were signed out on every device.').waitFor();
    // The other context: its live connection is cut and its refresh refused, without a reload…
    await signInHeading(there).waitFor({ timeout: UI_WAIT });
    // …and a reload does not bring the session back.
    await there.reload();
    await signInHeading(there).waitFor();
    expect(await there.getByRole('button', { name: 'Sign out', exact: true }).count()).toBe(0);
  });

  it('an admin disables a user: their session ends and they cannot sign in', async () => {
    const victim = await registerUser(app, { username: 'soon_disabled' });
    const theirs = await visitor();
    await signIn(theirs, victim);

    const page = await visitor();
    await signIn(page, admin);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: victim.username });
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('disabled', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Enable' }).waitFor();
    // The admin cannot disable themself from here.
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: `${admin.username} (you)` })
        .getByRole('button', { name: 'Disable' })
        .isDisabled(),
    ).toBe(true);
    await screenshot(page, '07-admin-users');

    await signInHeading(theirs).waitFor({ timeout: UI_WAIT });
    await theirs.getByLabel('Username or email').fill(victim.username);
    await theirs.getByLabel('Password', { exact: true }).fill(victim.password);
    await theirs.getByRole('button', { name: 'Sign in', exact: true }).click();
    await theirs.getByText('Account is disabled.').waitFor();
  });

  it('looks right at phone width: sign-in and account pages do not overflow', async () => {
    const page = await visitor({ width: 390, height: 844 });
    await page.goto('/login');
    await signInHeading(page).waitFor();
    await screenshot(page, '08-phone-sign-in');
    await signIn(page, member);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
    const overflow = await page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBe(0);
  });
});
