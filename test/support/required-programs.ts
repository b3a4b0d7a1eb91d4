import { describe } from '@jest/globals';
import { hasNginx } from './nginx.js';
import { hasRedisServer } from './redis-server.js';

const PROGRAMS = {
  'redis-server': { installed: hasRedisServer, debianPackage: 'redis-server' },
  nginx: { installed: hasNginx, debianPackage: 'nginx-light' },
} as const;

type Program = keyof typeof PROGRAMS;
/** What `describe` and `describe.skip` have in common. */
type SuiteDeclaration = typeof describe.skip;

/**
 * `describe` for a suite that needs programs beside Node. Where one is missing, the suite is
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
