import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeNeeding, PYTHON } from './support/required-programs.js';
import { callAs, createServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { eventually } from './support/wait.js';

/**
 * The README's Python agent (examples/python-agent.py, python-socketio), run as a user would, with
 * Debian's python3-socketio: an agent in another language works from the documents alone.
 */
const AGENT = fileURLToPath(new URL('../examples/python-agent.py', import.meta.url));
const README = fileURLToPath(new URL('../README.md', import.meta.url));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function runAgent(baseUrl: string, apiKey: string): Run {
  const child = spawn(PYTHON, [AGENT], {
    env: {
      PATH: process.env.PATH,
      CHATOPS_URL: baseUrl,
      CHATOPS_API_KEY: apiKey,
      CHATOPS_HEARTBEAT: '0.5',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const d = describeNeeding(['python3-socketio'], 'PYTHON AGENT TESTS');

d('the Python agent of the README', () => {
  let app: TestApp;
  let user: RegisteredUser;
  const runs: Run[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
  });

  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await app?.close();
  });

  it('is the program the README shows', () => {
    const block = readFileSync(README, 'utf8').match(/```python\n([\s\S]*?)```/)?.[1];
    expect(block).toBe(readFileSync(AGENT, 'utf8'));
  });

  it('authenticates, reports agent_info, gets heartbeat acks: its server is online with its info', async () => {
    const server = await createServerWithKey(app, user);
    const run = runAgent(app.baseUrl, server.key);
    runs.push(run);
    await eventually(
      async () => run.output(),
      (output) => (output.match(/heartbeat_ack/g) ?? []).length >= 2 || run.child.exitCode !== null,
      15_000,
    );
    expect(run.output()).toMatch(
      new RegExp(`connected, server ${server.serverId}\\nheartbeat_ack \\d{4}-`),
    );
    const res = await callAs(app, user).get(`/servers/${server.serverId}`);
    expect(res.body).toMatchObject({
      status: 'online',
      agent: { version: '0.1.0-python', os: expect.any(String), platform: 'linux' },
    });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const after = await eventually(
      () => callAs(app, user).get(`/servers/${server.serverId}`),
      (answer) => answer.body.status === 'offline',
    );
    expect(after.body.status).toBe('offline');
  });

  it('exits 1 with the refusal when its key is refused, never printing the key', async () => {
    const key = `chatops_${'A'.repeat(38)}`;
    const run = runAgent(app.baseUrl, key);
    runs.push(run);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('refused: Invalid API key');
    expect(run.output()).not.toContain(key);
  });
});
