import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSocket, type RecordedSocket } from './support/agent-sockets.js';
import { callAs, createServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { eventually } from './support/wait.js';

/** The agent's actions for this suite: real programs, run by the real agent CLI. */
const ACTIONS_YAML = `
actions:
  - name: echo
    description: Prints its text back
    command: [echo, "{text}"]
    params:
      type: object
      properties:
        text: { type: string, maxLength: 200 }
      required: [text]
    timeout_s: 10
  - name: ticks
    description: Two lines, a second apart
    command: [sh, -c, "echo one; sleep 1; echo two >&2; exit 3"]
    timeout_s: 10
  - name: family
    description: Starts a grandchild that would outlive a careless kill
    command: [sh, -c, "sleep 300 & echo $!; wait"]
    timeout_s: 60
  - name: stubborn
    description: Ignores SIGTERM
    command: [sh, -c, "trap '' TERM; echo ready; while true; do sleep 0.2; done"]
    timeout_s: 1
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the agent CLI runs actions from its own file', () => {
  let app: TestApp;
  let owner: RegisteredUser;
  let serverId: string;
  let agent: ChildProcess & { output(): string };
  let live: RecordedSocket;
  let dir: string;

  beforeAll(async () => {
    app = await startTestApp();
    owner = await registerUser(app);
    const server = await createServerWithKey(app, owner);
    serverId = server.serverId;
    dir = mkdtempSync(join(tmpdir(), 'agent-actions-'));
    writeFileSync(join(dir, 'actions.yaml'), ACTIONS_YAML);
    const child = spawn(
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
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    agent = Object.assign(child, { output: () => output });
    live = openSocket(app.baseUrl, '/events', { token: owner.accessToken });
    await live.next('connect');
    const actions = await eventually(
      () => callAs(app, owner).get(`/servers/${serverId}/actions`),
      (res) => res.body?.items?.length === 4,
      30_000,
    );
    expect(actions.body.items.map((a: { name: string }) => a.name).sort()).toEqual([
      'echo',
      'family',
      'stubborn',
      'ticks',
    ]);
  }, 60_000);

  afterAll(async () => {
    live?.close();
    agent?.kill('SIGTERM');
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (action: string, params?: Record<string, unknown>) =>
    callAs(app, owner).post(`/servers/${serverId}/jobs`, { action, params });
  const ended = (jobId: string, ms = 15_000) =>
    live.next('job_status', ms, (j) => j.id === jobId && !['queued', 'running'].includes(j.status));

  it('passes a param as one whole argument, never through a shell', async () => {
    const text = 'a b; $(touch /tmp/pwned) `id` | cat';
    const created = await run('echo', { text });
    expect(created.status).toBe(201);
    const done = await ended(created.body.id);
    expect(done.data).toMatchObject({ status: 'succeeded', exit_code: 0 });
    const job = await callAs(app, owner).get(`/jobs/${created.body.id}`);
    expect(job.body.output.map((c: { data: string }) => c.data).join('')).toBe(`${text}\n`);
  });

  it('streams stdout and stderr as they come, with their stream, then the exit code', async () => {
    const created = await run('ticks');
    const jobId = created.body.id;
    const first = await live.next('job_output', 10_000, (o) => o.job_id === jobId);
    expect(first.data).toMatchObject({ stream: 'stdout', data: 'one\n' });
    // The first line was shown while the job was still running.
    expect((await callAs(app, owner).get(`/jobs/${jobId}`)).body.status).toBe('running');
    const done = await ended(jobId);
    expect(done.data).toMatchObject({ status: 'failed', exit_code: 3 });
    const job = await callAs(app, owner).get(`/jobs/${jobId}`);
    expect(
      job.body.output.map((c: { stream: string; data: string }) => [c.stream, c.data]),
    ).toEqual([
      ['stdout', 'one\n'],
      ['stderr', 'two\n'],
    ]);
  });

  it('cancels a job by ending its whole process group', async () => {
    const created = await run('family');
    const jobId = created.body.id;
    const printed = await live.next('job_output', 10_000, (o) => o.job_id === jobId);
    const grandchild = Number(printed.data.data.trim());
    expect(alive(grandchild)).toBe(true);
    expect((await callAs(app, owner).post(`/jobs/${jobId}/cancel`)).status).toBe(202);
    const done = await ended(jobId);
    expect(done.data.status).toBe('cancelled');
    await eventually(
      async () => alive(grandchild),
      (isAlive) => !isAlive,
      2000,
    );
    expect(alive(grandchild)).toBe(false);
  });

  it('times a job out: SIGTERM, then SIGKILL 5 s later for a program that ignores it', async () => {
    const created = await run('stubborn');
    const done = await ended(created.body.id, 20_000);
    expect(done.data.status).toBe('timed_out');
    const took = Date.parse(done.data.finished_at) - Date.parse(done.data.started_at);
    expect(took).toBeGreaterThanOrEqual(5_000);
  }, 30_000);

  it('logs what it offers and each job it runs, never the key', () => {
    expect(agent.output()).toContain('offering 4 action(s): echo, ticks, family, stubborn');
    expect(agent.output()).toMatch(/job [0-9a-f-]{36}: running action echo/);
    expect(agent.output()).not.toContain('chatops_');
  });
});
