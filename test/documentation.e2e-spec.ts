import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The documents a user reads, checked like code: a merge once left conflict markers and two
 * versions of a row in the README's configuration table, and nothing failed.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Tracked text files (what a clean clone has), without generated or binary ones. */
function trackedTextFiles(): string[] {
  return execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((path) => /\.(ts|tsx|mjs|js|json|md|yml|yaml|conf|css|html)$/.test(path))
    .filter((path) => !path.endsWith('package-lock.json'));
}

/** The variable names in the README's "Configuration" table, in order. */
function configurationTableVariables(readme: string): string[] {
  const section = readme.split('\n## Configuration')[1].split('\n## ')[0];
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
}

describe('documentation', () => {
  it('no tracked file holds a merge-conflict marker', () => {
    const marked = trackedTextFiles().filter((path) => /^(<{7} |={7}$|>{7} )/m.test(read(path)));
    expect(marked).toEqual([]);
  });

  it("the README's configuration table names every setting the API reads, each once", () => {
    const documented = configurationTableVariables(read('README.md'));
    const duplicated = documented.filter((name, i) => documented.indexOf(name) !== i);
    expect(duplicated).toEqual([]);

    const source = read('src/config/app-config.ts');
    const settings = new Set(
      [...source.matchAll(/env(?:, '|\.)([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]),
    );
    expect(settings.size).toBeGreaterThan(20);
    expect([...settings].filter((name) => !documented.includes(name)).sort()).toEqual([]);
  });
});
