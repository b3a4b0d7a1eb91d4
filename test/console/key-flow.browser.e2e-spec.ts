import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import type { BrowserContext, Page } from 'playwright-core';
import { emitWithAck, openSocket, type RecordedSocket } from '../support/agent-sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  describeInChromium,
  screenshot,
  scriptReadableState,
  watchForErrors,
} from '../support/browser.js';

const PASSWORD = 'Blue-Otter-42!';
const KEY = /^chatops_[0-9A-Za-z]{38}$/;

/** Generous bounds for the UI (a busy 2-core machine); the contract's 1 s is asserted on its own. */
const UI_WAIT = 10_000;

/**
 * The ChatOps document's own flow, in real Chromium against the real server and database: "Log
 * into the web interface · Navigate to a server · Go to the 'API Keys' tab · Click 'Create API Key'
 * · Copy the key immediately (only shown once)" — then a real agent with the copied key.
 */
describeInChromium('Web console: from sign-up to a live agent (Chromium)', (chromium) => {
  let app: TestApp;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const agents: RecordedSocket[] = [];
  let serverName: string;

  const dialog = () => page.getByRole('dialog');
  const serverBadge = () => page.locator('.page-head .badge');
  const keyRow = (name: string) =>
    page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: name });
  const clipboard = () => page.evaluate('navigator.clipboard.readText()') as Promise<string>;
  const isFocused = (locator: ReturnType<Page['getByRole']>) =>
    locator.evaluate((el: unknown) => el === (globalThis as any).document.activeElement);
  /** The focused element, in words (for readable failures), once focus has settled. */
  const focused = async () => {
    await page.waitForTimeout(50);
    return page.evaluate(() => {
      const el = (globalThis as any).document.activeElement;
      return `${el?.tagName.toLowerCase()} "${(el?.textContent ?? '').trim().slice(0, 40)}"`;
    });
  };
  const agentWith = async (key: string) => {
    const agent = openSocket(app.baseUrl, '/agents', { api_key: key });
    agents.push(agent);
    return agent;
  };

  /** Creates a key through the dialog; answers the key the Copy button put on the clipboard. */
  async function createKey(name: string): Promise<string> {
    await page.getByRole('button', { name: 'Create API Key' }).click();
    await dialog().getByLabel('Name', { exact: true }).fill(name);
    await dialog().getByRole('button', { name: 'Create', exact: true }).click();
    await dialog().getByRole('button', { name: 'Copy' }).click();
    await dialog().getByText('Copied to the clipboard.').waitFor();
    return clipboard();
  }

  beforeAll(async () => {
    app = await startTestApp();
    context = await chromium.visitor(app.baseUrl);
    page = await context.newPage();
    errors = watchForErrors(page);
    serverName = 'web-01';
  });
  afterAll(async () => {
    for (const agent of agents) agent.close();
    await app?.close();
  });

  it('signs a new user up from the first page, with the password rules shown as they type', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, '01-sign-in');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Email', { exact: true }).fill('ops@example.com');
    await page.getByLabel('Username', { exact: true }).fill('opsuser');
    await page.getByLabel('Password', { exact: true }).fill('blue');
    const rules = page.getByRole('list', { name: 'Password rules' });
    expect(
      await rules.getByRole('listitem').filter({ hasText: 'At least 8 characters' }).innerText(),
    ).toContain('not met');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    expect(
      await rules.getByRole('listitem').filter({ hasText: 'At least 8 characters' }).innerText(),
    ).toContain('(met)');
    expect(await rules.innerText()).not.toContain('not met');
    await page.getByLabel('Confirm password').fill(PASSWORD);
    await screenshot(page, '02-sign-up');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Servers' }).waitFor();
    await page.getByText('No servers yet — Add server').waitFor();
    expect(new URL(page.url()).pathname).toBe('/servers');
  });

  it('adds a server and opens its API Keys tab', async () => {
    await page.getByRole('button', { name: 'Add server' }).click();
    await dialog().getByLabel('Name', { exact: true }).fill(serverName);
    await dialog().getByLabel('Hostname (optional)').fill('web-01.example.com');
    await dialog().getByLabel('Tags (optional)').fill('prod, eu-west-1');
    await dialog().getByRole('button', { name: 'Add server' }).click();
    await page.getByRole('heading', { name: serverName }).waitFor();
    expect(await serverBadge().innerText()).toBe('offline');
    await page.getByRole('tab', { name: 'API Keys' }).click();
    expect(await page.getByRole('tab', { name: 'API Keys' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await page.getByText('No API keys yet — Create API Key').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/servers\/[0-9a-f-]{36}\/api-keys$/);
  });

  let key: string;

  it('Create API Key shows the key once, with the warning; Copy puts exactly the key on the clipboard', async () => {
    await page.getByRole('button', { name: 'Create API Key' }).click();
    expect(await dialog().getAttribute('aria-labelledby')).toBeTruthy();
    await page.getByRole('dialog', { name: 'Create API Key' }).waitFor();
    await dialog().getByLabel('Name', { exact: true }).fill('prod agent');
    await dialog().getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('dialog', { name: 'Your new API key' }).waitFor();
    await dialog().getByText("You won't be able to see this key again").waitFor();
    const shown = await dialog().getByLabel('API key “prod agent”').inputValue();
    expect(shown).toMatch(KEY);
    await dialog().getByRole('button', { name: 'Copy' }).click();
    await dialog().getByText('Copied to the clipboard.').waitFor();
    key = await clipboard();
    expect(key).toBe(shown);
    await screenshot(page, '04-api-key-created');
  });

  it('Done closes the dialog; the list shows the name and prefix, never the key', async () => {
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'detached' });
    const row = keyRow('prod agent');
    expect(await row.innerText()).toContain(key.slice(0, 12));
    expect(await row.getByText('active', { exact: true }).count()).toBe(1);
    expect(await page.content()).not.toContain(key);
    expect(await page.content()).not.toContain(key.slice(12));
    // Focus is back where it was before the dialog opened.
    expect(await focused()).toBe('button "Create API Key"');
  });

  let agent: RecordedSocket;

  it('a real agent connects with the copied key and the page shows online without a reload', async () => {
    agent = await agentWith(key);
    await agent.next('auth_success', UI_WAIT);
    await emitWithAck(agent.socket, 'agent_info', {
      type: 'agent_info',
      version: '1.4.2',
      hostname: 'web-01',
      os: 'Debian 13',
      platform: 'linux',
    });
    await page.locator('.page-head .badge', { hasText: 'online' }).waitFor({ timeout: UI_WAIT });
    expect(await serverBadge().innerText()).toBe('online');
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText('1.4.2').waitFor({ timeout: UI_WAIT });
    await screenshot(page, '05-server-overview-online');
    await page.getByRole('link', { name: 'Servers', exact: true }).first().click();
    await page.getByRole('link', { name: serverName }).waitFor();
    await page
      .locator('tr', { hasText: serverName })
      .getByText('online', { exact: true })
      .waitFor();
    await screenshot(page, '03-servers');
    await page.getByRole('link', { name: serverName }).click();
    await page.getByRole('tab', { name: 'API Keys' }).click();
    await keyRow('prod agent').waitFor();
  });

  it('Revoke (confirmed) cuts the agent within 1 s; the page shows offline and revoked', async () => {
    await keyRow('prod agent').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog', { name: 'Revoke “prod agent”?' }).waitFor();
    const answered = page.waitForResponse(
      (res) => res.request().method() === 'DELETE' && res.url().includes('/api-keys/'),
    );
    await dialog().getByRole('button', { name: 'Revoke' }).click();
    const answer = await answered;
    const answeredAt = performance.now();
    expect(answer.status()).toBe(204);
    const cut = await agent.next('disconnect', UI_WAIT);
    // The contract's bound, from the API's answer to the click (the cut may even come first).
    expect(cut.at - answeredAt).toBeLessThan(1000);
    expect(agent.received.find((r) => r.event === 'auth_error')?.data).toMatchObject({
      message: 'API key revoked',
    });
    await page.locator('.page-head .badge', { hasText: 'offline' }).waitFor({ timeout: UI_WAIT });
    await keyRow('prod agent').getByText('revoked', { exact: true }).waitFor({ timeout: UI_WAIT });
    expect(await keyRow('prod agent').getByRole('button', { name: 'Revoke' }).count()).toBe(0);
  });

  it('after a reload the user is still signed in, and the key is nowhere in the page or web storage', async () => {
    await page.reload();
    await page.getByRole('tab', { name: 'API Keys' }).waitFor();
    await keyRow('prod agent').waitFor();
    expect(await page.getByRole('button', { name: 'Sign out', exact: true }).count()).toBe(1);
    expect(await page.content()).not.toContain(key);
    const readable = await scriptReadableState(page);
    expect(readable).not.toContain(key);
    // No token either: only the hint cookie, which holds no secret.
    expect(readable).not.toMatch(/eyJ/);
    expect(readable.trim()).toBe('chatops_session=1');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'chatops_refresh')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/v1/auth',
    });
  });

  it('Rotate with a grace period: the new key is shown once, and the old key keeps working', async () => {
    const old = await createKey('rotating agent');
    await dialog().getByRole('button', { name: 'Done' }).click();
    const oldAgent = await agentWith(old);
    await oldAgent.next('auth_success', UI_WAIT);

    await keyRow('rotating agent').getByRole('button', { name: 'Rotate' }).click();
    await page.getByRole('dialog', { name: 'Rotate “rotating agent”' }).waitFor();
    await dialog().getByLabel('Grace period').selectOption({ label: '1 hour' });
    await dialog().getByRole('button', { name: 'Rotate' }).click();
    await page.getByRole('dialog', { name: 'Your new API key' }).waitFor();
    await dialog().getByText("You won't be able to see this key again").waitFor();
    await dialog().getByRole('button', { name: 'Copy' }).click();
    await dialog().getByText('Copied to the clipboard.').waitFor();
    const fresh = await clipboard();
    expect(fresh).toMatch(KEY);
    expect(fresh).not.toBe(old);
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(fresh);

    // The old key: its agent is still connected, and a new connection with it is accepted.
    expect(oldAgent.socket.connected).toBe(true);
    await (await agentWith(old)).next('auth_success', UI_WAIT);
    await (await agentWith(fresh)).next('auth_success', UI_WAIT);
    await page.getByRole('table', { name: 'API keys' }).getByRole('row').nth(3).waitFor();
  });

  it('works from the keyboard alone: Enter opens the dialog, focus moves in, Escape closes it and focus returns', async () => {
    const create = page.getByRole('button', { name: 'Create API Key' });
    await create.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Create API Key' }).waitFor();
    expect(await isFocused(dialog().getByLabel('Name', { exact: true }))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    expect(await focused()).toBe('button "Create API Key"');

    // Create a key with keys only: type, Enter submits, Enter on the focused Copy, Tab to Done.
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Create API Key' }).waitFor();
    await page.keyboard.type('keyboard agent');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Your new API key' }).waitFor();
    expect(await isFocused(dialog().getByRole('button', { name: 'Copy' }))).toBe(true);
    await page.keyboard.press('Enter');
    await dialog().getByText('Copied to the clipboard.').waitFor();
    expect(await clipboard()).toMatch(KEY);
    // Tab stays inside the modal dialog until Done is reached.
    for (
      let i = 0;
      i < 5 && !(await isFocused(dialog().getByRole('button', { name: 'Done' })));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    expect(await isFocused(dialog().getByRole('button', { name: 'Done' }))).toBe(true);
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await keyRow('keyboard agent').waitFor();
    expect(await focused()).toBe('button "Create API Key"');
  });

  it('the tabs follow the arrow keys (WAI-ARIA tabs pattern)', async () => {
    await page.getByRole('tab', { name: 'API Keys' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
    expect(await isFocused(page.getByRole('tab', { name: 'Overview' }))).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'API Keys', selected: true }).waitFor();
  });

  it('looks right at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Servers', exact: true }).first().click();
    await page.getByRole('link', { name: serverName }).waitFor();
    await screenshot(page, '09-phone-servers');
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('servers: search narrows the list; Overview: Edit saves, Delete asks first and removes the server', async () => {
    await page.getByRole('link', { name: 'Servers', exact: true }).first().click();
    const search = page.getByRole('searchbox', { name: 'Search servers' });
    await search.fill('no-such-server');
    await page.getByText('No server matches “no-such-server”.').waitFor();
    await search.fill('web');
    await page.getByRole('link', { name: serverName }).click();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await dialog().getByLabel('Description (optional)').fill('Front web server');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.getByText('Front web server').waitFor();

    await page.getByRole('button', { name: 'Delete server' }).click();
    await page.getByRole('dialog', { name: `Delete ${serverName}?` }).waitFor();
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: serverName }).waitFor();
    const connected = agents.filter((a) => a.socket.connected);
    expect(connected.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Delete server' }).click();
    await dialog().getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No servers yet — Add server').waitFor();
    // Its agents were disconnected with it.
    for (const agent of connected) await agent.next('disconnect', UI_WAIT);
  });

  it('left no script error, CSP violation or failed request in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
