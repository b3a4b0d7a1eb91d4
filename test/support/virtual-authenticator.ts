import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** @simplewebauthn/browser's own bundle: the page calls the same code the console does. */
const BROWSER_LIBRARY = join(
  dirname(require.resolve('@simplewebauthn/browser')),
  '../dist/bundle/index.umd.min.js',
);

/**
 * A page at `origin` (e.g. http://localhost:3999: a secure context whose host is the RP ID) with
 * Chromium's DevTools virtual authenticator attached (a CTAP2 platform authenticator with resident
 * keys and user verification) and @simplewebauthn/browser loaded. The page itself is an empty
 * document served by Playwright's router, so no server needs to listen on `origin`: the test then
 * carries the authenticator's JSON to the API over real HTTP, as a client app would.
 */
export async function authenticatorPage(
  context: BrowserContext,
  origin: string,
): Promise<{ page: Page; authenticatorId: string }> {
  const page = await context.newPage();
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<!doctype html><title>rp</title>',
    }),
  );
  await page.goto(`${origin}/`);
  await page.addScriptTag({ path: BROWSER_LIBRARY });
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { page, authenticatorId };
}

/** navigator.credentials.create() through startRegistration, in the page; its JSON answer. */
export function createCredential(page: Page, optionsJSON: unknown): Promise<any> {
  return page.evaluate(
    `SimpleWebAuthnBrowser.startRegistration({ optionsJSON: ${JSON.stringify(optionsJSON)} })`,
  );
}

/** navigator.credentials.get() through startAuthentication, in the page; its JSON answer. */
export function getAssertion(page: Page, optionsJSON: unknown): Promise<any> {
  return page.evaluate(
    `SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: ${JSON.stringify(optionsJSON)} })`,
  );
}
