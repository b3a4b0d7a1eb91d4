import { describe } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hasNginx } from './nginx.js';
import { hasRedisServer } from './redis-server.js';

/** Chromium for the console's browser suites: CHROME_PATH, else Debian's headless shell or chromium. */
export function findChrome(): string | undefined {
  // An explicit CHROME_PATH is the only candidate: a wrong one must not silently test another browser.
  const explicit = process.env.CHROME_PATH;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path));
}

/** Debian's python3 with python-socketio and its websocket client (the Python agent's test). */
export const PYTHON = '/usr/bin/python3';
const hasPythonSocketIo = () =>
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import socketio, websocket']).status === 0;

const PROGRAMS = {
  'redis-server': { installed: hasRedisServer, debianPackage: 'redis-server' },
  nginx: { installed: hasNginx, debianPackage: 'nginx-light' },
  'python3-socketio': {
    installed: hasPythonSocketIo,
    debianPackage: 'python3-socketio python3-websocket',
  },
  chromium: {
    installed: () => findChrome() !== undefined,
    debianPackage: 'chromium-headless-shell, or set CHROME_PATH',
  },
} as const;

type Program = keyof typeof PROGRAMS;
/** What `describe` and `describe.skip` have in common. */
type SuiteDeclaration = typeof describe.skip;

/**
 * `describe` for a suite that needs programs beside Node (redis-server, nginx, Chromium,
 * python3-socketio). Where one is missing, the suite is
 * skipped with a loud warning on a developer's machine, and fails under CI=true (.ci/run installs
 * them and sets it): CI must never go green by skipping.
 */
export function describeNeeding(programs: Program[], suite: string): SuiteDeclaration {
  const missing = programs.filter((program) => !PROGRAMS[program].installed());
  if (missing.length === 0) return describe;
  const install = missing.map((program) => PROGRAMS[program].debianPackage).join(' ');
  const message = `${missing.join(' and ')} not installed (apt-get install -y ${install})`;
  if (process.env.CI === 'true') throw new Error(`${suite}: ${message}; required under CI=true.`);
  console.warn(`\n*** ${suite} SKIPPED: ${message} ***\n`);
  return describe.skip;
}
