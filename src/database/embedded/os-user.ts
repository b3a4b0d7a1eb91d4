import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The OS account the cluster runs as when we are root (PostgreSQL refuses to run as root). */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

export const POSTGRES_OS_USER = 'postgres';

async function lookup(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Undefined when not root: the cluster then runs as the current user, who owns everything it
 * needs. As root: the `postgres` account, created (without a login shell) when missing.
 */
export async function clusterOsUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookup(POSTGRES_OS_USER);
  if (existing) return existing;
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', POSTGRES_OS_USER]);
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL cannot run as root and the OS user "${POSTGRES_OS_USER}" could not be created (${(error as Error).message.split('\n')[0]}): create it, or set DATABASE_URL`,
    );
  }
  const created = await lookup(POSTGRES_OS_USER);
  if (!created)
    throw new Error(`The OS user "${POSTGRES_OS_USER}" was created but cannot be found`);
  return created;
}

/**
 * Whether `user` can reach `path` (search permission on every directory on the way, and the mode
 * bits asked for on the path itself): asked of the kernel by running `test` as that user, so ACLs
 * and every parent directory count, exactly as they will for PostgreSQL.
 */
export function canAccess(user: OsUser | undefined, path: string, mode: 'x' | 'w' = 'x'): boolean {
  if (!user) return true;
  const probe = spawnSync('test', [`-${mode}`, path], {
    uid: user.uid,
    gid: user.gid,
    stdio: 'ignore',
  });
  return !probe.error && probe.status === 0;
}
