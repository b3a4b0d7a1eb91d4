import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openSocket, type RecordedSocket } from './support/agent-sockets.js';
import { scriptedAgent, type ScriptedAgent } from './support/job-agent.js';
import { callAs, createServerWithKey, MISSING_ID, NOT_FOUND } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { registerUser, type RegisteredUser } from './support/users.js';
import { eventually } from './support/wait.js';

/** Agent actions over HTTP and /agents on one instance (API.md §13). */
describe('jobs', () => {
  let app: TestApp;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;
  const opened: { close(): void }[] = [];
  const keep = <T extends { close(): void }>(thing: T) => (opened.push(thing), thing);
  const as = (user: RegisteredUser) => callAs(app, user);

  beforeAll(async () => {
    app = await startTestApp({
      JOB_LOST_GRACE: '2s',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    });
    owner = await registerUser(app);
    stranger = await registerUser(app);
  });

  afterAll(async () => {
    opened.forEach((thing) => thing.close());
    await app?.close();
  });

  async function serverWithAgent(options: Parameters<typeof scriptedAgent>[2] = {}) {
    const server = await createServerWithKey(app, owner);
    const agent = keep(await scriptedAgent(app.baseUrl, server.key, options));
    // Presence is recorded asynchronously: wait until the server shows online.
    await eventually(
      () => as(owner).get(`/servers/${server.serverId}`),
      (res) => res.body.status === 'online',
    );
    return { ...server, agent };
  }

  const events = async (user: RegisteredUser): Promise<RecordedSocket> => {
    const socket = keep(openSocket(app.baseUrl, '/events', { token: user.accessToken }));
    await socket.next('connect');
    return socket;
  };

  const audit = (jobId: string) =>
    app.sql<{ action: string; actor_type: string; details: any }>(
      `SELECT action, actor_type, details FROM audit_events WHERE subject_id = $1 ORDER BY at, id`,
      [jobId],
    );

  it('lists the connected agent’s catalog; the owner only; empty without an agent', async () => {
    const { serverId } = await serverWithAgent();
    const listed = await as(owner).get(`/servers/${serverId}/actions`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a: { name: string }) => a.name)).toEqual(['journal', 'noop']);
    expect(listed.body.items[0]).toMatchObject({ timeout_s: 30, risk: 'low' });

    expect(await as(stranger).get(`/servers/${serverId}/actions`)).toMatchObject({
      status: 404,
      body: NOT_FOUND,
    });
    const lonely = await createServerWithKey(app, owner);
    expect((await as(owner).get(`/servers/${lonely.serverId}/actions`)).body).toEqual({
      items: [],
    });
  });

  it('refuses a catalog that is not the documented shape with "Invalid payload"', async () => {
    const server = await createServerWithKey(app, owner);
    const socket = keep(openSocket(app.baseUrl, '/agents', { api_key: server.key }));
    await socket.next('auth_success');
    for (const actions of [
      [
        {
          name: 'x',
          description: 'd',
          params: { type: 'object', properties: {} },
          timeout_s: 0,
          risk: 'low',
        },
      ],
      [
        {
          name: 'Bad Name',
          description: 'd',
          params: { type: 'object', properties: {} },
          timeout_s: 5,
          risk: 'low',
        },
      ],
      [
        {
          name: 'rx',
          description: 'd',
          params: { type: 'object', properties: { a: { type: 'string', pattern: '(a+)+$' } } },
          timeout_s: 5,
          risk: 'low',
        },
      ],
      'all of them',
    ]) {
      const answer = await socket.socket.timeout(5000).emitWithAck('capabilities', { actions });
      expect(answer).toEqual({ type: 'error', message: 'Invalid payload' });
    }
  });

  it('answers "Invalid payload" to job messages that are not the documented shape', async () => {
    const { agent } = await serverWithAgent();
    const job = '6f1c1a7e-8a55-4b8e-9d43-6a0f3e1a2b3c';
    for (const [event, payload] of [
      ['job_output', { job_id: job, seq: -1, stream: 'stdout', data: 'x' }],
      ['job_output', { job_id: job, seq: 0, stream: 'stdin', data: 'x' }],
      ['job_output', { job_id: job, seq: 0, stream: 'stdout', data: 'a\u0000b' }],
      ['job_output', { job_id: 'not-a-job', seq: 0, stream: 'stdout', data: 'x' }],
      ['job_output', { job_id: job, seq: 0, stream: 'stdout', data: 'x'.repeat(40_000) }],
      ['job_result', { job_id: job, exit_code: 0, status: 'lost' }],
      ['job_result', { job_id: job, exit_code: 1.5, status: 'failed' }],
      ['job_result', 'done'],
    ] as const) {
      const answer = await agent.socket.socket.timeout(5000).emitWithAck(event, payload);
      expect([event, answer]).toEqual([event, { type: 'error', message: 'Invalid payload' }]);
    }
  });

  it('answers 409 "Agent not connected" when no agent of the server is connected', async () => {
    const { serverId } = await createServerWithKey(app, owner);
    const res = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    expect(res).toMatchObject({ status: 409, body: { detail: 'Agent not connected' } });
    expect(await app.sql(`SELECT 1 FROM jobs WHERE server_id = $1`, [serverId])).toHaveLength(0);
  });

  it('answers 422 for an unknown action and for params that fail the schema, one item per problem', async () => {
    const { serverId } = await serverWithAgent();
    const path = `/servers/${serverId}/jobs`;
    const unknown = await as(owner).post(path, { action: 'rm-rf' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toEqual([
      { type: 'unknown_action', loc: ['body', 'action'], msg: 'Unknown action', input: 'rm-rf' },
    ]);

    const bad = await as(owner).post(path, {
      action: 'journal',
      params: { unit: 'sshd', lines: 'many', shell: '; reboot' },
    });
    expect(bad.status).toBe(422);
    const byLoc = Object.fromEntries(
      bad.body.detail.map((item: { loc: string[] }) => [item.loc.join('.'), item]),
    );
    expect(Object.keys(byLoc).sort()).toEqual([
      'body.params.lines',
      'body.params.shell',
      'body.params.unit',
    ]);
    expect(byLoc['body.params.unit']).toMatchObject({ type: 'json_schema.enum', input: 'sshd' });
    expect(byLoc['body.params.shell'].msg).toBe('Extra inputs are not permitted');

    const missing = await as(owner).post(path, { action: 'journal', params: {} });
    expect(missing.body.detail).toEqual([
      { type: 'json_schema.required', loc: ['body', 'params', 'unit'], msg: 'Field required' },
    ]);
    const huge = await as(owner).post(path, {
      action: 'journal',
      params: { unit: 'nginx', note: 'x'.repeat(17 * 1024) },
    });
    expect(huge.status).toBe(422);
    expect(huge.body.detail[0].loc).toEqual(['body', 'params']);
    expect(await app.sql(`SELECT 1 FROM jobs WHERE server_id = $1`, [serverId])).toHaveLength(0);
  });

  it('runs a job end to end with an agent that sends every message twice: one output per seq, one result', async () => {
    const { serverId, agent } = await serverWithAgent({ duplicate: true });
    const live = await events(owner);
    const created = await as(owner).post(`/servers/${serverId}/jobs`, {
      action: 'journal',
      params: { unit: 'nginx', lines: 20 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      server_id: serverId,
      action: 'journal',
      params: { unit: 'nginx', lines: 20 },
      status: 'queued',
      exit_code: null,
      requested_by: owner.id,
    });
    const jobId = created.body.id;
    const run = await agent.nextRun();
    expect(run).toEqual({
      job_id: jobId,
      action: 'journal',
      params: { unit: 'nginx', lines: 20 },
      timeout_s: 30,
    });
    const running = await live.next('job_status', 5000, (d) => d.id === jobId);
    expect(running.data.status).toBe('running');

    expect(
      await agent.send('job_output', { job_id: jobId, seq: 0, stream: 'stdout', data: 'line 1\n' }),
    ).toEqual({ type: 'job_output_ack', job_id: jobId, seq: 0 });
    await agent.send('job_output', { job_id: jobId, seq: 1, stream: 'stderr', data: 'warn\n' });
    expect(
      await agent.send('job_result', { job_id: jobId, exit_code: 0, status: 'succeeded' }),
    ).toEqual({ type: 'job_result_ack', job_id: jobId });
    // A late contradicting result changes nothing.
    await agent.send('job_result', { job_id: jobId, exit_code: 3, status: 'failed' });

    const done = await live.next(
      'job_status',
      5000,
      (d) => d.id === jobId && d.status !== 'running',
    );
    expect(done.data).toMatchObject({ status: 'succeeded', exit_code: 0 });
    const shown = await as(owner).get(`/jobs/${jobId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ status: 'succeeded', exit_code: 0, truncated: false });
    expect(shown.body.output).toEqual([
      { seq: 0, stream: 'stdout', data: 'line 1\n' },
      { seq: 1, stream: 'stderr', data: 'warn\n' },
    ]);
    expect(shown.body.started_at).toEqual(expect.any(String));
    expect(shown.body.finished_at).toEqual(expect.any(String));
    const outputs = live.received.filter(
      (r) => r.event === 'job_output' && r.data.job_id === jobId,
    );
    expect(outputs.map((r) => r.data)).toEqual([
      { job_id: jobId, server_id: serverId, seq: 0, stream: 'stdout', data: 'line 1\n' },
      { job_id: jobId, server_id: serverId, seq: 1, stream: 'stderr', data: 'warn\n' },
    ]);
    const statuses = live.received.filter((r) => r.event === 'job_status' && r.data.id === jobId);
    expect(statuses.map((r) => r.data.status)).toEqual(['running', 'succeeded']);

    const logged = await audit(jobId);
    expect(logged.map((e) => e.action)).toEqual(['job.requested', 'job.started', 'job.finished']);
    expect(logged[0]).toMatchObject({
      actor_type: 'user',
      details: { action: 'journal', params: { unit: 'nginx', lines: 20 }, server_id: serverId },
    });
    expect(logged[2]).toMatchObject({
      actor_type: 'agent',
      details: { status: 'succeeded', exit_code: 0 },
    });

    // Owner only.
    expect(await as(stranger).get(`/jobs/${jobId}`)).toMatchObject({
      status: 404,
      body: NOT_FOUND,
    });
    expect(await as(stranger).post(`/jobs/${jobId}/cancel`)).toMatchObject({ status: 404 });
    expect((await as(owner).get(`/jobs/${MISSING_ID}`)).status).toBe(404);
    const page = await as(owner).get(`/servers/${serverId}/jobs`);
    expect(page.body).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(page.body.items[0]).toMatchObject({ id: jobId, status: 'succeeded' });
    expect(page.body.items[0].output).toBeUndefined();
    expect((await as(stranger).get(`/servers/${serverId}/jobs`)).status).toBe(404);
  });

  it('answers the same job for the same Idempotency-Key, and runs it once', async () => {
    const { serverId, agent } = await serverWithAgent();
    const post = (key: string) =>
      app.request(
        'POST',
        `/api/v1/servers/${serverId}/jobs`,
        { action: 'noop' },
        {
          token: owner.accessToken,
          headers: { 'idempotency-key': key },
        },
      );
    const [first, second] = await Promise.all([post('retry-1'), post('retry-1')]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const other = await post('retry-2');
    expect(other.body.id).not.toBe(first.body.id);
    await agent.nextRun();
    await agent.nextRun();
    await expect(agent.nextRun(500)).rejects.toThrow('no job_run');
    expect(agent.runs.map((r) => r.job_id).sort()).toEqual([first.body.id, other.body.id].sort());
    expect((await post('bad key with spaces')).status).toBe(422);
  });

  it('answers 429 for a 5th job while 4 are running on the server', async () => {
    const { serverId, agent } = await serverWithAgent();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const fifth = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    expect(fifth).toMatchObject({ status: 429, body: { detail: 'Too many requests' } });
    expect(fifth.headers.get('retry-after')).toBeTruthy();
    await agent.send('job_result', { job_id: ids[0], exit_code: 0, status: 'succeeded' });
    expect((await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' })).status).toBe(
      201,
    );
  });

  it('cancels a running job through the agent: job_cancel, then its cancelled result; 409 once ended', async () => {
    const { serverId, agent } = await serverWithAgent();
    const cancels: unknown[] = [];
    agent.socket.socket.on('job_cancel', (body: unknown, ack?: (a: unknown) => void) => {
      cancels.push(body);
      ack?.({ status: 'ok' });
    });
    const created = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    const jobId = created.body.id;
    await agent.nextRun();
    await eventually(
      () => as(owner).get(`/jobs/${jobId}`),
      (res) => res.body.status === 'running',
    );
    const cancel = await as(owner).post(`/jobs/${jobId}/cancel`);
    expect(cancel.status).toBe(202);
    await eventually(
      async () => cancels.length,
      (n) => n === 1,
    );
    expect(cancels).toEqual([{ job_id: jobId }]);
    await agent.send('job_result', { job_id: jobId, exit_code: null, status: 'cancelled' });
    expect((await as(owner).get(`/jobs/${jobId}`)).body.status).toBe('cancelled');
    expect(await as(owner).post(`/jobs/${jobId}/cancel`)).toMatchObject({
      status: 409,
      body: { detail: 'Job is not running' },
    });
    expect((await audit(jobId)).map((e) => e.action)).toEqual([
      'job.requested',
      'job.started',
      'job.cancelled',
      'job.finished',
    ]);
  });

  it('cancels a job not yet accepted at once, and tells the agent again once it accepts it', async () => {
    let accept: (answer: unknown) => void = () => undefined;
    const { serverId, agent } = await serverWithAgent({
      answer: () => new Promise((resolve) => (accept = resolve)),
    });
    const cancels: number[] = [];
    agent.socket.socket.on('job_cancel', (_body: unknown, ack?: (a: unknown) => void) => {
      cancels.push(performance.now());
      ack?.({ status: 'unknown' });
    });
    const created = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    await agent.nextRun();
    const cancel = await as(owner).post(`/jobs/${created.body.id}/cancel`);
    expect(cancel).toMatchObject({ status: 202, body: { status: 'cancelled' } });
    await eventually(
      async () => cancels.length,
      (n) => n === 1,
    );
    const acceptedAt = performance.now();
    accept({ status: 'accepted' });
    await eventually(
      async () => cancels.length,
      (n) => n === 2,
    );
    expect(cancels[1]).toBeGreaterThan(acceptedAt);
    expect((await as(owner).get(`/jobs/${created.body.id}`)).body.status).toBe('cancelled');
  });

  it('fails a job the agent refuses, with its reason', async () => {
    const { serverId, agent } = await serverWithAgent({
      answer: () => ({ status: 'rejected', message: 'params failed the agent’s schema' }),
    });
    const created = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    await agent.nextRun();
    const job = await eventually(
      () => as(owner).get(`/jobs/${created.body.id}`),
      (res) => res.body.status !== 'queued',
    );
    expect(job.body).toMatchObject({
      status: 'failed',
      error: 'The agent refused the job: params failed the agent’s schema',
    });
  });

  it('keeps 1 MiB of output, then sets truncated', async () => {
    const { serverId, agent } = await serverWithAgent();
    const created = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    const jobId = created.body.id;
    await agent.nextRun();
    const chunk = 'é'.repeat(16 * 1024); // 32 KiB of UTF-8
    for (let seq = 0; seq < 33; seq++)
      await agent.send('job_output', { job_id: jobId, seq, stream: 'stdout', data: chunk });
    await agent.send('job_result', { job_id: jobId, exit_code: 0, status: 'succeeded' });
    const shown = await as(owner).get(`/jobs/${jobId}`);
    expect(shown.body.truncated).toBe(true);
    const bytes = shown.body.output.reduce(
      (sum: number, c: { data: string }) => sum + Buffer.byteLength(c.data),
      0,
    );
    expect(bytes).toBe(1024 * 1024);
    expect(shown.body.output).toHaveLength(32);
  });

  it('ends a running job lost when its agent disconnects and does not come back in time', async () => {
    const { serverId, agent } = await serverWithAgent();
    const live = await events(owner);
    const created = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    const jobId = created.body.id;
    await agent.nextRun();
    await live.next('job_status', 5000, (d) => d.id === jobId && d.status === 'running');
    agent.close();
    const lost = await live.next(
      'job_status',
      10_000,
      (d) => d.id === jobId && d.status === 'lost',
    );
    expect(lost.data.error).toBe('The agent disconnected and did not report the job again in time');
    expect((await audit(jobId)).map((e) => e.action)).toContain('job.lost');
    // Never retried: nothing else was sent to any agent, and a late result changes nothing.
    expect((await as(owner).get(`/jobs/${jobId}`)).body.status).toBe('lost');
  });

  it('keeps a job running when the agent reconnects and its heartbeat lists it', async () => {
    const { serverId, key, agent } = await serverWithAgent();
    const created = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    const jobId = created.body.id;
    await agent.nextRun();
    agent.close();
    const back = keep(await scriptedAgent(app.baseUrl, key));
    await back.send('heartbeat', { type: 'heartbeat', running_jobs: [jobId] });
    await new Promise((resolve) => setTimeout(resolve, 4000)); // twice JOB_LOST_GRACE
    expect((await as(owner).get(`/jobs/${jobId}`)).body.status).toBe('running');
    await back.send('job_result', { job_id: jobId, exit_code: 0, status: 'succeeded' });
    expect((await as(owner).get(`/jobs/${jobId}`)).body.status).toBe('succeeded');
  });

  it('ends the jobs of a revoked key lost at once', async () => {
    const { serverId, keyId, agent } = await serverWithAgent();
    const created = await as(owner).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    await agent.nextRun();
    expect((await as(owner).delete(`/servers/${serverId}/api-keys/${keyId}`)).status).toBe(204);
    // At once: within a second of the answer (no grace period, no sweep).
    const shown = await eventually(
      () => as(owner).get(`/jobs/${created.body.id}`),
      (res) => !['queued', 'running'].includes(res.body.status),
      1000,
    );
    expect(shown.body).toMatchObject({ status: 'lost', error: 'The API key was revoked' });
  });

  it('ignores job messages about another server’s jobs', async () => {
    const mine = await serverWithAgent();
    const theirs: ScriptedAgent = (await serverWithAgent()).agent;
    const created = await as(owner).post(`/servers/${mine.serverId}/jobs`, { action: 'noop' });
    await mine.agent.nextRun();
    await theirs.send('job_output', {
      job_id: created.body.id,
      seq: 0,
      stream: 'stdout',
      data: 'x',
    });
    await theirs.send('job_result', { job_id: created.body.id, exit_code: 1, status: 'failed' });
    const shown = await as(owner).get(`/jobs/${created.body.id}`);
    expect(shown.body).toMatchObject({ status: 'running', output: [] });
  });
});
