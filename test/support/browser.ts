import { afterAll, beforeAll } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';
import { describeNeeding, findChrome } from './required-programs.js';

/**
 * What a browser suite gets: real Chromium (STACK.md "Browser tests": Debian's headless shell or
 * chromium, found by findChrome) driven by playwright-core. No browser download ever happens.
 */
export interface Chromium {
  /** A new visitor (see newVisitor) of the app at `baseUrl`; closed with the suite. */
  visitor(baseUrl: string, viewport?: { width: number; height: number }): Promise<BrowserContext>;
}

/**
 * A browser suite: `suite` runs with a Chromium launched for it, whose visitors and itself are
 * closed before the suite's own afterAll runs. With no Chromium here it is skipped loudly, or
 * fails under CI=true (describeNeeding).
 */
export function describeInChromium(title: string, suite: (chromium: Chromium) => void): void {
  describeNeeding(['chromium'], 'CONSOLE BROWSER SUITE')(title, () => {
    let browser: Browser | undefined;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      browser = await launchBrowser(findChrome()!);
    });
    // Declared before the suite's hooks, so it runs before them (Jest runs afterAll in order).
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
    });
    suite({
      visitor: async (baseUrl, viewport) => {
        const context = await newVisitor(browser!, baseUrl, viewport);
        contexts.push(context);
        return context;
      },
    });
  });
}

/** Signs in through the console's form and waits for the servers page. */
export async function signIn(page: Page, user: { username: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Servers' }).waitFor();
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh browser profile (cookies, storage) with the clipboard allowed, as a new visitor. */
export async function newVisitor(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  context.setDefaultTimeout(10_000);
  return context;
}

/**
 * Everything the page reported as a problem: console errors and warnings, uncaught exceptions,
 * and CSP violations (Chromium logs those as console errors).
 */
export function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** Screenshots go under test-output/screenshots (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(process.cwd(), 'test-output', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

/** Everything the page keeps where script can read it: both web storages and readable cookies. */
export async function scriptReadableState(page: Page): Promise<string> {
  // Runs in the page (a string: this project's Node types have no DOM).
  return page.evaluate(`(() => {
    const dump = (storage) =>
      Array.from({ length: storage.length }, (_, i) => storage.key(i) + '=' + storage.getItem(storage.key(i)));
    return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join('\\n');
  })()`);
}
