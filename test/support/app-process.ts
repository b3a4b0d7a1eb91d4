import { type ChildProcess, spawn } from 'node:child_process';
import { findFreePort } from '../../src/database/embedded-database.js';
import { httpRequest, type Requester } from './http.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { createTestDatabase, TEST_JWT_SECRET } from './test-app.js';

/**
 * The real entry point (src/main.ts) in a child process, as `npm start` runs it: what the fault and
 * start-up tests kill, stop and restart. Every process started here is remembered, so a suite's
 * afterAll can end the ones a failed assertion left running (`stopAllAppProcesses`).
 *
 * Tests about what several instances share use these too, never two apps in one Jest process: those
 * share module-level state that deployed instances never share — Passport's strategy registry above
 * all, so every login of both would be checked by whichever app registered last.
 */
const MAIN = ['--import', '@swc-node/register/esm-register', 'src/main.ts'];

/** Settings for child instances unless a test overrides them: fast bcrypt, quiet logs. */
export const PROCESS_TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  JWT_SECRET: TEST_JWT_SECRET,
  BCRYPT_COST: '4',
  AUTH_RATE_LIMIT: '100000',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  // Plain log lines, as a log collector sees them.
  NO_COLOR: '1',
};

export interface AppProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  request: Requester;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Whether it is still running (an instance must never exit by itself). */
  running(): boolean;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited(): Promise<number | string | null>;
  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string | null>;
  /**
   * Sends `signal` to the process's whole group, as a terminal's Ctrl-C does (needs
   * `{ group: true }`): whatever it started in its own group (the database) receives it too.
   */
  signalGroup(signal: NodeJS.Signals): void;
  waitForHealth(seconds?: number): Promise<void>;
}

const started: AppProcess[] = [];

/**
 * Starts src/main.ts with exactly `env` (plus PATH/HOME), on `PORT` when given or a free port.
 * `inherit: false` leaves PROCESS_TEST_ENV out (the start-up tests check bare configurations);
 * `entry` runs another entry point (the build test: a bundled dist/main.js).
 */
export async function spawnApp(
  env: Record<string, string>,
  options: { inherit?: boolean; group?: boolean; entry?: string } = {},
): Promise<AppProcess> {
  const port = env.PORT ? Number(env.PORT) : await findFreePort();
  const child = spawn(process.execPath, options.entry ? [options.entry] : MAIN, {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...(options.inherit === false ? {} : PROCESS_TEST_ENV),
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, like a command started from a terminal.
    detached: options.group === true,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | string | null>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal)),
  );
  const host = env.HOST ?? PROCESS_TEST_ENV.HOST;
  const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const app: AppProcess = {
    child,
    port,
    baseUrl,
    request: (method, path, body, options) => httpRequest(baseUrl, method, path, body, options),
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    exited: () => exit,
    stop: async (signal = 'SIGTERM', graceMs = 15_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exit;
        clearTimeout(force);
      }
      return exit;
    },
    signalGroup: (signal) => process.kill(-child.pid!, signal),
    waitForHealth: async (seconds = 60) => {
      const deadline = Date.now() + seconds * 1000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`the server exited (${child.exitCode ?? child.signalCode}):\n${output}`);
        const ok = await fetch(`${baseUrl}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no /health answer within ${seconds} s:\n${output}`);
    },
  };
  started.push(app);
  return app;
}

/** For afterAll: ends every process this test file started and is still running. */
export async function stopAllAppProcesses(): Promise<void> {
  await Promise.all(started.map((app) => app.stop('SIGTERM', 5_000)));
}

/** spawnApp, once it answers /health. */
export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const app = await spawnApp(env);
  await app.waitForHealth();
  return app;
}

export interface InstancePair {
  a: AppProcess;
  b: AppProcess;
  redis: RedisServer;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
}

/**
 * Two instances sharing a database of their own and a throw-away redis-server, `env` added to
 * both; started one after the other, as both run the migrations. The caller stops all four.
 */
export async function startInstancePair(env: Record<string, string>): Promise<InstancePair> {
  const redis = await startRedisServer();
  const database = await createTestDatabase();
  const shared = { DATABASE_URL: database.url, REDIS_URL: redis.url, ...env };
  const a = await startApp(shared);
  const b = await startApp(shared);
  return { a, b, redis, database };
}
