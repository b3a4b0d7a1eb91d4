import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';

/**
 * Real Chromium for the console's suites (STACK.md "Browser tests"): Debian's headless shell or
 * chromium, driven by playwright-core. No browser download ever happens.
 */
export function findChrome(): string | undefined {
  // An explicit CHROME_PATH is the only candidate: a wrong one must not silently test another browser.
  const explicit = process.env.CHROME_PATH;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path));
}

/**
 * Whether the browser suites run here. Under CI=true a missing browser is a failure (the suite
 * throws); elsewhere it is announced loudly and the suite shows one skipped test.
 */
export function browserAvailability(): { chrome?: string; skipReason?: string } {
  const chrome = findChrome();
  if (chrome) return { chrome };
  const reason =
    'No Chromium found (CHROME_PATH, /usr/bin/chromium-headless-shell, /usr/bin/chromium): ' +
    'install it with `apt-get install chromium-headless-shell` to run the console browser suites.';
  if (process.env.CI === 'true') throw new Error(`${reason} Browsers are required under CI=true.`);
  console.warn(`SKIPPED console browser suites — ${reason}`);
  return { skipReason: reason };
}

export interface Chromium {
  /** A new visitor (see newVisitor) of the app at `baseUrl`; closed with the suite. */
  visitor(baseUrl: string, viewport?: { width: number; height: number }): Promise<BrowserContext>;
}

/**
 * A browser suite: `suite` runs with a Chromium launched for it, whose visitors and itself are
 * closed before the suite's own afterAll runs; with no Chromium here, one skipped test says why
 * (a failure under CI=true, see browserAvailability).
 */
export function describeInChromium(title: string, suite: (chromium: Chromium) => void): void {
  const { chrome, skipReason } = browserAvailability();
  if (!chrome) {
    describe(title, () => it.skip(`skipped: ${skipReason}`, () => undefined));
    return;
  }
  describe(title, () => {
    let browser: Browser | undefined;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      browser = await launchBrowser(chrome);
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
  await page.getByRole('button', { name: 'Sign in' }).click();
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
