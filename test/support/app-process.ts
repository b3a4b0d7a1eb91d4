import { type ChildProcess, spawn } from 'node:child_process';
import { findFreePort } from '../../src/database/embedded-database.js';
import { type HttpAnswer, httpRequest, type RequestOptions } from './http.js';
import { TEST_JWT_SECRET } from './test-app.js';

/**
 * The real entry point (src/main.ts) in a process of its own. Two apps started in-process share
 * module-level state that two deployed instances never share — Passport's strategy registry above
 * all, so every login of both would be checked by whichever app registered last — which makes
 * in-process "instances" unfit to show what is (or is not) shared between instances.
 */
export interface AppProcess {
  baseUrl: string;
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<HttpAnswer<T>>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Whether it is still running (it must never exit by itself). */
  running(): boolean;
  stop(): Promise<void>;
}

const MAIN = ['--import', '@swc-node/register/esm-register', 'src/main.ts'];

/** Settings as in test-app.ts unless `env` overrides them; DATABASE_URL is required. */
export async function startAppProcess(
  env: Record<string, string> & { DATABASE_URL: string },
): Promise<AppProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, MAIN, {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      JWT_SECRET: TEST_JWT_SECRET,
      BCRYPT_COST: '4',
      AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const process_: AppProcess = {
    baseUrl,
    request: (method, path, body, options) => httpRequest(baseUrl, method, path, body, options),
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: () => stop(child),
  };
  try {
    await waitForHealth(baseUrl, child, 30_000);
  } catch (error) {
    await stop(child);
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return process_;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const ok = await fetch(`${baseUrl}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app did not answer /health within ${ms} ms`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
