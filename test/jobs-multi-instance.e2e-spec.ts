import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openSocket, type RecordedSocket } from './support/agent-sockets.js';
import {
  type AppProcess,
  type InstancePair,
  startInstancePair,
  stopAllAppProcesses,
} from './support/app-process.js';
import { scriptedAgent } from './support/job-agent.js';
import { describeNeeding } from './support/required-programs.js';
import { callAs, createServerWithKey } from './support/servers-api.js';
import type { TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { eventually } from './support/wait.js';

/**
 * Jobs across instances (API.md §13): two instances of the real entry point on one database,
 * joined by a real redis-server. The job is requested on B; the agent is held by A.
 */
const d = describeNeeding(['redis-server'], 'MULTI-INSTANCE JOB TESTS');

d('jobs across instances joined by Redis', () => {
  let pair: InstancePair;
  let a: TestApp;
  let b: TestApp;
  let user: RegisteredUser;
  const opened: { close(): void }[] = [];
  const keep = <T extends { close(): void }>(thing: T) => (opened.push(thing), thing);
  // A child process answers requests like an in-process test app (the kit needs no more).
  const asTestApp = (app: AppProcess) => app as unknown as TestApp;

  beforeAll(async () => {
    pair = await startInstancePair({ JOB_LOST_GRACE: '2s' });
    a = asTestApp(pair.a);
    b = asTestApp(pair.b);
    user = await registerUser(b);
  }, 120_000);

  afterAll(async () => {
    opened.forEach((thing) => thing.close());
    await stopAllAppProcesses();
    await pair?.database.drop();
    await pair?.redis.stop();
  });

  async function agentOnA() {
    const server = await createServerWithKey(b, user);
    const agent = keep(await scriptedAgent(a.baseUrl, server.key));
    await eventually(
      () => callAs(b, user).get(`/servers/${server.serverId}/actions`),
      (res) => res.body?.items?.length === 2,
    );
    return { ...server, agent };
  }

  async function eventsOnB(): Promise<RecordedSocket> {
    const socket = keep(openSocket(b.baseUrl, '/events', { token: user.accessToken }));
    await socket.next('connect');
    return socket;
  }

  it('runs a job requested on B on the agent held by A, and streams it to the requester on B', async () => {
    const { serverId, agent } = await agentOnA();
    const live = await eventsOnB();
    const created = await callAs(b, user).post(`/servers/${serverId}/jobs`, {
      action: 'journal',
      params: { unit: 'postgresql' },
    });
    expect(created.status).toBe(201);
    const jobId = created.body.id;
    const run = await agent.nextRun();
    expect(run).toMatchObject({ job_id: jobId, action: 'journal', params: { unit: 'postgresql' } });
    await live.next('job_status', 5000, (j) => j.id === jobId && j.status === 'running');

    await agent.send('job_output', { job_id: jobId, seq: 0, stream: 'stdout', data: 'hello\n' });
    const output = await live.next('job_output', 5000, (o) => o.job_id === jobId);
    expect(output.data).toEqual({
      job_id: jobId,
      server_id: serverId,
      seq: 0,
      stream: 'stdout',
      data: 'hello\n',
    });
    await agent.send('job_result', { job_id: jobId, exit_code: 0, status: 'succeeded' });
    const done = await live.next(
      'job_status',
      5000,
      (j) => j.id === jobId && j.status !== 'running',
    );
    expect(done.data).toMatchObject({ status: 'succeeded', exit_code: 0 });
    expect((await callAs(b, user).get(`/jobs/${jobId}`)).body.output).toEqual([
      { seq: 0, stream: 'stdout', data: 'hello\n' },
    ]);
  });

  it('cancels through B a job running on the agent held by A', async () => {
    const { serverId, agent } = await agentOnA();
    const cancels: unknown[] = [];
    agent.socket.socket.on('job_cancel', (body: unknown, ack?: (answer: unknown) => void) => {
      cancels.push(body);
      ack?.({ status: 'ok' });
    });
    const created = await callAs(b, user).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    await agent.nextRun();
    await eventually(
      () => callAs(b, user).get(`/jobs/${created.body.id}`),
      (res) => res.body.status === 'running',
    );
    expect((await callAs(b, user).post(`/jobs/${created.body.id}/cancel`)).status).toBe(202);
    await eventually(
      async () => cancels.length,
      (n) => n > 0,
    );
    expect(cancels).toEqual([{ job_id: created.body.id }]);
  });

  it('ends a job lost when the instance holding its agent dies mid-job', async () => {
    const { serverId, agent } = await agentOnA();
    const live = await eventsOnB();
    const created = await callAs(b, user).post(`/servers/${serverId}/jobs`, { action: 'noop' });
    const jobId = created.body.id;
    await agent.nextRun();
    await live.next('job_status', 5000, (j) => j.id === jobId && j.status === 'running');

    await pair.a.stop('SIGKILL');
    // A is taken for dead once it has not beaten for 20 s; then JOB_LOST_GRACE (2 s here).
    const lost = await live.next(
      'job_status',
      45_000,
      (j) => j.id === jobId && j.status !== 'running',
    );
    expect(lost.data).toMatchObject({
      status: 'lost',
      error: 'The agent disconnected and did not report the job again in time',
    });
    expect((await callAs(b, user).get(`/jobs/${jobId}`)).body.status).toBe('lost');
  }, 60_000);
});
