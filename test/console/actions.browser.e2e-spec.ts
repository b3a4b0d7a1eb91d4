import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeInChromium, screenshot, signIn, watchForErrors } from '../support/browser.js';
import { callAs, createServerWithKey } from '../support/servers-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type RegisteredUser, registerUser } from '../support/users.js';
import { eventually } from '../support/wait.js';

/** Real programs, run by the real agent CLI from its own actions file. */
const ACTIONS_YAML = `
actions:
  - name: echo
    description: Prints its text back
    command: [echo, "{text}"]
    params:
      type: object
      properties:
        text: { type: string, maxLength: 200, description: What to print }
        shout: { type: boolean }
      required: [text]
    timeout_s: 10
  - name: journal
    description: Lines of a unit (here, a count of them)
    command: [seq, "{lines}"]
    params:
      type: object
      properties:
        unit: { type: string, enum: [nginx, postgresql] }
        lines: { type: integer, minimum: 1, maximum: 50, default: 3 }
      required: [unit]
    timeout_s: 10
  - name: wait
    description: Sleeps a long time
    command: [sleep, "300"]
    timeout_s: 600
    risk: high
`;

const UI_WAIT = 15_000;

/**
 * The Actions tab in real Chromium (API.md §13): the catalog of a real agent CLI, a form built from
 * each action's params schema, Run with live output, status and exit code, Cancel, the history.
 */
describeInChromium('Web console: a server’s Actions tab (Chromium)', (chromium) => {
  let app: TestApp;
  let owner: RegisteredUser;
  let serverId: string;
  let agent: ChildProcess;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  const jobHead = () => page.locator('.job-head');
  const terminal = () => page.getByLabel('Output', { exact: true });

  beforeAll(async () => {
    app = await startTestApp();
    owner = await registerUser(app);
    const server = await createServerWithKey(app, owner);
    serverId = server.serverId;
    dir = mkdtempSync(join(tmpdir(), 'console-actions-'));
    writeFileSync(join(dir, 'actions.yaml'), ACTIONS_YAML);
    agent = spawn(
      process.execPath,
      [
        '--import',
        '@swc-node/register/esm-register',
        'src/agent-client/cli.ts',
        '--url',
        app.baseUrl,
        '--actions',
        join(dir, 'actions.yaml'),
      ],
      {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', HOME: dir, CHATOPS_API_KEY: server.key },
        stdio: 'ignore',
      },
    );
    await eventually(
      () => callAs(app, owner).get(`/servers/${serverId}/actions`),
      (res) => res.body?.items?.length === 3,
      30_000,
    );
    context = await chromium.visitor(app.baseUrl);
    page = await context.newPage();
    errors = watchForErrors(page);
    await signIn(page, { username: owner.username, password: owner.password });
  }, 60_000);

  afterAll(async () => {
    agent?.kill('SIGTERM');
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the agent’s actions and builds the form from the chosen one’s schema', async () => {
    await page.goto(`/servers/${serverId}/actions`);
    await page.getByRole('tab', { name: 'Actions', selected: true }).waitFor();
    const choice = page.getByLabel('Action', { exact: true });
    await choice.waitFor();
    const names = await choice.locator('option').allInnerTexts();
    expect(names).toEqual(['echo', 'journal', 'wait (high risk)']);
    await page.getByLabel('text', { exact: true }).waitFor();
    expect(await page.getByLabel('shout').getAttribute('type')).toBe('checkbox');

    await choice.selectOption('journal');
    const unit = page.getByLabel('unit', { exact: true });
    expect(await unit.locator('option').allInnerTexts()).toEqual(['nginx', 'postgresql']);
    const lines = page.getByLabel('lines', { exact: true });
    expect(await lines.getAttribute('type')).toBe('number');
    expect(await lines.inputValue()).toBe('3');
    expect(await lines.getAttribute('max')).toBe('50');
  });

  it('runs an action and shows its output live, then the status and exit code', async () => {
    await page.getByLabel('Action', { exact: true }).selectOption('journal');
    await page.getByLabel('lines', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Run' }).click();
    await jobHead().getByText('succeeded').waitFor({ timeout: UI_WAIT });
    expect(await terminal().innerText()).toBe('1\n2\n3\n4\n');
    expect(await jobHead().innerText()).toContain('Exit code: 0');
    await screenshot(page, 'actions-01-succeeded');
  });

  it('shows output as text, never as HTML', async () => {
    const markup = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    await page.getByLabel('Action', { exact: true }).selectOption('echo');
    await page.getByLabel('text', { exact: true }).fill(markup);
    await page.getByRole('button', { name: 'Run' }).click();
    await jobHead().getByRole('heading', { name: 'echo' }).waitFor({ timeout: UI_WAIT });
    await jobHead().getByText('succeeded').waitFor({ timeout: UI_WAIT });
    expect(await terminal().innerText()).toBe(`${markup}\n`);
    expect(await terminal().locator('img, b').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
  });

  it('cancels a running job with Cancel', async () => {
    await page.getByLabel('Action', { exact: true }).selectOption('wait');
    await page.getByRole('button', { name: 'Run' }).click();
    await jobHead().getByRole('heading', { name: 'wait' }).waitFor({ timeout: UI_WAIT });
    await jobHead().getByText('running').waitFor({ timeout: UI_WAIT });
    await screenshot(page, 'actions-02-running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await jobHead().getByText('cancelled').waitFor({ timeout: UI_WAIT });
    expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  });

  it('keeps a history of the jobs with each one’s output', async () => {
    const history = page.getByRole('table', { name: 'Jobs' });
    await eventually(
      () => history.getByRole('row').count(),
      (rows) => rows === 4, // header + 3 jobs
      UI_WAIT,
    );
    const row = history.getByRole('row').filter({ hasText: 'journal' });
    expect(await row.innerText()).toContain('succeeded');
    await row.getByRole('button', { name: /Output of journal/ }).click();
    await jobHead().getByRole('heading', { name: 'journal' }).waitFor();
    await eventually(
      () => terminal().innerText(),
      (text) => text === '1\n2\n3\n4\n',
      UI_WAIT,
    );
    expect(await terminal().innerText()).toBe('1\n2\n3\n4\n');
    await screenshot(page, 'actions-03-history');
    expect(errors).toEqual([]);
  });
});
