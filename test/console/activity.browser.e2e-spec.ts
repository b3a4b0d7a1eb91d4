import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeInChromium, screenshot, signIn, watchForErrors } from '../support/browser.js';
import { API } from '../support/http.js';
import { createKey, createServer } from '../support/servers-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';
import { eventually } from '../support/wait.js';

/**
 * The console's Activity page and a server's Activity tab in Chromium: the caller's own events in
 * words (what, when, from where, on which device), filtered by kind; admins see everyone's and
 * filter by actor.
 */
describeInChromium('Web console: activity (Chromium)', (chromium) => {
  let app: TestApp;
  let admin: RegisteredUser;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  async function visitor(): Promise<Page> {
    return (await chromium.visitor(app.baseUrl)).newPage();
  }
  const rows = (page: Page, label: string) =>
    page.getByRole('table', { name: label }).locator('tbody tr');

  beforeAll(async () => {
    app = await startTestApp();
    admin = await registerUser(app, { username: 'admin_ada' });
    alice = await registerUser(app, { username: 'alice_activity' });
    bob = await registerUser(app, { username: 'bob_activity' });
    await createServer(app, bob, { name: 'bobs-secret-box' });
    // A failed sign-in of Alice's, from a script (a tool, not a browser).
    await app.request(
      'POST',
      `${API}/auth/login`,
      { username: alice.username, password: 'not her password' },
      { form: true, headers: { 'user-agent': 'curl/8.5.0' } },
    );
    // Failed sign-ins are written in batches (within a second): the page must find it there.
    const written = await eventually(
      () =>
        app.sql(`SELECT 1 FROM audit_events WHERE action = 'auth.login.failed' AND actor_id = $1`, [
          alice.id,
        ]),
      (rows) => rows.length > 0,
    );
    expect(written).toHaveLength(1);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows the user's own activity in words: what, when, from where, the device", async () => {
    const page = await visitor();
    const problems = watchForErrors(page);
    await signIn(page, alice);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Activity' })
      .click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    const table = rows(page, 'Activity');
    await table.first().waitFor();
    const texts = await table.allInnerTexts();
    const signedIn = texts.find((t) => t.includes('Signed in'))!;
    expect(signedIn).toContain('Chrome on Linux');
    expect(signedIn).toContain('127.0.0.1');
    const failed = texts.find((t) => t.includes('Failed sign-in: wrong password'))!;
    expect(failed).toContain('curl');
    expect(texts.some((t) => t.includes('Account created'))).toBe(true);
    // The When column is a readable time, not an ISO string.
    const when = await table.first().locator('time').getAttribute('datetime');
    expect(Number.isNaN(Date.parse(when!))).toBe(false);
    // Nobody else's events, and no admin-only control.
    expect(texts.join('\n')).not.toContain('bobs-secret-box');
    expect(await page.getByLabel('Everyone’s activity').count()).toBe(0);
    await screenshot(page, 'activity-own');
    expect(problems).toEqual([]);
  });

  it('filters by kind', async () => {
    await createServer(app, alice, { name: 'alice-web' });
    const page = await visitor();
    await signIn(page, alice);
    await page.goto('/activity');
    await rows(page, 'Activity').first().waitFor();
    await page.getByLabel('Kind of activity').selectOption({ label: 'Servers' });
    // The server's row is in the unfiltered list too: wait for the filtered answer to replace it
    // (a row only the unfiltered list has is gone), or the rows read may be the old ones.
    await page.getByText('Account created').waitFor({ state: 'detached' });
    await page.getByText('Server “alice-web” created').waitFor();
    const texts = await rows(page, 'Activity').allInnerTexts();
    expect(texts).toHaveLength(1);
    await page.getByLabel('Kind of activity').selectOption({ label: 'Sign-ins' });
    await page.getByText('Failed sign-in: wrong password').waitFor();
    const signIns = await rows(page, 'Activity').allInnerTexts();
    expect(signIns.every((t) => /Signed in|Failed sign-in/.test(t))).toBe(true);
  });

  it("a server's Activity tab: the server's own events and its keys'", async () => {
    const server = await createServer(app, alice, { name: 'tabbed' });
    const key = await createKey(app, alice, server.id, { name: 'deploy' });
    const page = await visitor();
    await signIn(page, alice);
    await page.goto(`/servers/${server.id}`);
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.waitForURL(`**/servers/${server.id}/activity`);
    const table = rows(page, 'Server activity');
    await table.first().waitFor();
    const texts = await table.allInnerTexts();
    expect(texts[0]).toContain(`API key “deploy” (${key.prefix}…) created`);
    expect(texts[1]).toContain('Server “tabbed” created');
    expect(texts).toHaveLength(2);
    expect(texts.join('\n')).not.toContain(key.key);
  });

  it("admins see everyone's activity and filter it by actor", async () => {
    const page = await visitor();
    const problems = watchForErrors(page);
    await signIn(page, admin);
    await page.goto('/activity');
    await page.getByLabel('Everyone’s activity').check();
    await page.getByRole('columnheader', { name: 'Who' }).waitFor();
    await page.getByText('Server “bobs-secret-box” created').waitFor();
    await page.getByLabel('Actor (username)').fill(bob.username);
    const onlyBobs = (texts: string[]) =>
      texts.length > 0 && texts.every((t) => t.includes(bob.username));
    const deadline = Date.now() + 10_000;
    while (!onlyBobs(await rows(page, 'Activity').allInnerTexts()) && Date.now() < deadline) {
      await page.waitForTimeout(100);
    }
    const texts = await rows(page, 'Activity').allInnerTexts();
    expect(onlyBobs(texts)).toBe(true);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(texts.join('\n')).toContain('Server “bobs-secret-box” created');
    await page.getByLabel('Actor (username)').fill('nobody_here');
    await page.getByText('No user is named “nobody_here”.').waitFor();
    await screenshot(page, 'activity-admin');
    expect(problems).toEqual([]);
  });
});
