import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { hostname, platform, type } from 'node:os';
import { AgentClient } from '../src/agent-client/agent-client.js';
import { callAs, createServerWithKey } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { eventually } from './support/wait.js';

const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

/** A TCP relay in front of the app whose live connections can be cut, like a network outage. */
async function relay(port: number): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
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
    close: () => new Promise((resolve) => (cut(), server.close(() => resolve()))),
  };
}

/** `npm run agent -- …` exactly as the package.json script runs it. */
function runCli(
  args: string[],
  env: Record<string, string> = {},
): ChildProcess & { output: () => string; exited: Promise<number | null> } {
  const child = spawn('npm', ['run', '--silent', 'agent', '--', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return Object.assign(child, { output: () => output, exited });
}

describe('agent client', () => {
  let app: TestApp;
  let user: RegisteredUser;
  const children: ChildProcess[] = [];
  const serverOf = async (id: string) => (await callAs(app, user).get(`/servers/${id}`)).body;

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
  });

  afterAll(async () => {
    children.forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
    await app?.close();
  });

  it('connects, reports itself, is seen online, and ends with the reason when its key is revoked', async () => {
    const server = await createServerWithKey(app, user);
    const client = new AgentClient({
      url: app.baseUrl,
      apiKey: server.key,
      heartbeatSeconds: 1,
      version: VERSION,
    });
    const outcome = client.run();

    const online = await eventually(
      () => serverOf(server.serverId),
      (s) => s.status === 'online' && s.agent !== null,
    );
    expect(online.agent).toMatchObject({
      version: VERSION,
      hostname: hostname(),
      os: type(),
      platform: platform(),
    });
    expect(client.serverId).toBe(server.serverId);

    await callAs(app, user).delete(`/servers/${server.serverId}/api-keys/${server.keyId}`);
    expect(await outcome).toEqual({ result: 'refused', message: 'API key revoked' });
    expect(
      (
        await eventually(
          () => serverOf(server.serverId),
          (s) => s.status === 'offline',
        )
      ).status,
    ).toBe('offline');
  });

  it('reconnects and authenticates again after the network drops', async () => {
    const server = await createServerWithKey(app, user);
    const network = await relay(Number(new URL(app.baseUrl).port));
    const lines: string[] = [];
    const client = new AgentClient({
      url: network.url,
      apiKey: server.key,
      reconnectDelayMs: 100,
      reconnectDelayMaxMs: 400,
      log: (l) => lines.push(l),
    });
    const outcome = client.run();
    try {
      await eventually(
        async () => lines,
        (l) => l.some((line) => line.startsWith('authenticated')),
      );
      network.cut();
      const again = await eventually(
        async () => lines,
        (l) => l.filter((line) => line.startsWith('authenticated')).length === 2,
      );
      expect(again.some((line) => line.startsWith('disconnected'))).toBe(true);
      expect(
        (
          await eventually(
            () => serverOf(server.serverId),
            (s) => s.status === 'online',
          )
        ).status,
      ).toBe('online');
      expect(lines.join('\n')).not.toContain(server.key);
    } finally {
      client.stop();
      await network.close();
    }
    expect(await outcome).toEqual({ result: 'stopped' });
  });

  it('runs as `npm run agent`, never prints the key, and exits 1 with the reason when the key is revoked', async () => {
    const server = await createServerWithKey(app, user);
    const cli = runCli(['--url', app.baseUrl, '--heartbeat', '1'], { CHATOPS_API_KEY: server.key });
    children.push(cli);
    await eventually(
      async () => cli.output(),
      (out) => out.includes('authenticated as server'),
      20_000,
    );
    expect(
      (
        await eventually(
          () => serverOf(server.serverId),
          (s) => s.status === 'online',
        )
      ).agent.version,
    ).toBe(VERSION);

    await callAs(app, user).delete(`/servers/${server.serverId}/api-keys/${server.keyId}`);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('refused the API key: API key revoked');
    expect(cli.output()).not.toContain(server.key);
  }, 30_000);

  it('exits 1 at once on a key the server refuses, and 2 on bad usage', async () => {
    const refused = runCli(['--url', app.baseUrl, '--api-key', 'chatops_not_a_real_key']);
    const usage = runCli(['--url', app.baseUrl]);
    children.push(refused, usage);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain('Invalid API key');
    expect(refused.output()).not.toContain('chatops_not_a_real_key');
    expect(await usage.exited).toBe(2);
    expect(usage.output()).toContain('--api-key (or CHATOPS_API_KEY) is required');
  }, 30_000);
});
