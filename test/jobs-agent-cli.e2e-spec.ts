import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
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
  - name: environment
    description: Prints the environment the command gets
    command: [env]
    timeout_s: 10
  - name: stubborn
    description: Ignores SIGTERM
    command: [sh, -c, "trap '' TERM; echo ready; while true; do sleep 0.2; done"]
    timeout_s: 1
`;

/** A TCP relay in front of the app whose live connections can be cut, like a network outage. */
async function relay(port: number): Promise<{ url: string; cut(): void; close(): void }> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(port, '127.0.0.1');
    for (const end of [client, upstream]) {
      open.add(end);
      end
        .on('error', () => end.destroy())
        .on('close', () => (open.delete(end), client.destroy(), upstream.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = () => open.forEach((end) => end.destroy());
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    cut,
    close: () => (cut(), server.close()),
  };
}

function startAgentCli(url: string, apiKey: string, actionsFile: string, home: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      '@swc-node/register/esm-register',
      'src/agent-client/cli.ts',
      '--url',
      url,
      '--actions',
      actionsFile,
    ],
    {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: home, CHATOPS_API_KEY: apiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return Object.assign(child, { output: () => output });
}

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
    agent = startAgentCli(app.baseUrl, server.key, join(dir, 'actions.yaml'), dir);
    live = openSocket(app.baseUrl, '/events', { token: owner.accessToken });
    await live.next('connect');
    const actions = await eventually(
      () => callAs(app, owner).get(`/servers/${serverId}/actions`),
      (res) => res.body?.items?.length === 5,
      30_000,
    );
    expect(actions.body.items.map((a: { name: string }) => a.name).sort()).toEqual([
      'echo',
      'environment',
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

  it('never hands a command the agent’s API key', async () => {
    const created = await run('environment');
    expect((await ended(created.body.id)).data.status).toBe('succeeded');
    const job = await callAs(app, owner).get(`/jobs/${created.body.id}`);
    const environment = job.body.output.map((c: { data: string }) => c.data).join('');
    expect(environment).toContain('PATH=');
    expect(environment).not.toContain('CHATOPS_API_KEY');
    expect(environment).not.toContain('chatops_');
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

  it('keeps a job through a cut connection: reconnects and delivers every chunk once and one result', async () => {
    const server = await createServerWithKey(app, owner);
    const link = await relay(Number(new URL(app.baseUrl).port));
    const file = join(dir, 'counting.yaml');
    writeFileSync(
      file,
      'actions:\n  - name: count\n    description: One line every 0.3 s\n' +
        '    command: [sh, -c, "for i in 1 2 3 4 5 6 7 8 9 10; do echo $i; sleep 0.3; done"]\n' +
        '    timeout_s: 30\n',
    );
    const second = startAgentCli(link.url, server.key, file, dir);
    try {
      await eventually(
        () => callAs(app, owner).get(`/servers/${server.serverId}/actions`),
        (res) => res.body?.items?.length === 1,
        30_000,
      );
      const created = await callAs(app, owner).post(`/servers/${server.serverId}/jobs`, {
        action: 'count',
      });
      const jobId = created.body.id;
      await live.next('job_output', 10_000, (o) => o.job_id === jobId);
      link.cut();
      const done = await ended(jobId, 30_000);
      expect(done.data).toMatchObject({ status: 'succeeded', exit_code: 0 });
      const job = await callAs(app, owner).get(`/jobs/${jobId}`);
      const text = job.body.output.map((c: { data: string }) => c.data).join('');
      expect(text).toBe('1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n');
      const seqs = job.body.output.map((c: { seq: number }) => c.seq);
      expect(seqs).toEqual([...seqs.keys()]);
      const results = await app.sql(
        `SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1 AND action = 'job.finished'`,
        [jobId],
      );
      expect(results[0].n).toBe(1);
      expect(second.output()).toContain('disconnected');
    } finally {
      second.kill('SIGTERM');
      link.close();
    }
  }, 60_000);

  it('logs what it offers and each job it runs, never the key', () => {
    expect(agent.output()).toContain(
      'offering 5 action(s): echo, ticks, family, environment, stubborn',
    );
    expect(agent.output()).toMatch(/job [0-9a-f-]{36}: running action echo/);
    expect(agent.output()).not.toContain('chatops_');
  });
});
