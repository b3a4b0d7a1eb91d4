import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { openSocket, type RecordedSocket } from '../support/agent-sockets.js';
import { createServerWithKey } from '../support/servers-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';
import { describeInChromium, screenshot, signIn, watchForErrors } from '../support/browser.js';

/**
 * With access tokens that live 5 s, the `/events` socket is dropped by the server at each token's
 * expiry: the console refreshes its token (through the cookie) and reconnects, so status still
 * arrives without a reload.
 */
describeInChromium('Web console: live status across token expiry (Chromium)', (chromium) => {
  let app: TestApp;
  let page: Page;
  let user: RegisteredUser;
  let agent: RecordedSocket | undefined;

  beforeAll(async () => {
    app = await startTestApp({ ACCESS_TOKEN_TTL: '5s' });
    user = await registerUser(app);
    page = await (await chromium.visitor(app.baseUrl)).newPage();
  });
  afterAll(async () => {
    agent?.close();
    await app?.close();
  });

  it('shows an agent coming online after the first access tokens have expired, without a reload', async () => {
    const errors = watchForErrors(page);
    // What the console asked and got, for a readable failure on a slow machine.
    const exchanges: string[] = [];
    page.on('response', (res) =>
      exchanges.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`),
    );
    const failed = async (error: unknown) => {
      await screenshot(page, 'failed-live-reconnect');
      const text = await page.locator('body').innerText();
      throw new Error(`${String(error)}\npage: ${text}\nrequests: ${exchanges.join(', ')}`);
    };
    const { serverId, key } = await createServerWithKey(app, user);
    await signIn(page, user);
    await page.goto(`/servers/${serverId}`);
    await page.locator('.page-head .badge', { hasText: 'offline' }).waitFor().catch(failed);
    const firstPage = page.url();
    // Two token lifetimes: the socket the page opened with has been cut at least once.
    await page.waitForTimeout(11_000);
    agent = openSocket(app.baseUrl, '/agents', { api_key: key });
    await agent.next('auth_success', 10_000);
    await page
      .locator('.page-head .badge', { hasText: 'online' })
      .waitFor({ timeout: 10_000 })
      .catch(failed);
    expect(page.url()).toBe(firstPage);
    expect(await page.getByRole('button', { name: 'Sign out', exact: true }).count()).toBe(1);
    expect(errors).toEqual([]);
  }, 60_000);
});
