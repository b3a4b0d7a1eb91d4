import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readlink, realpath, rm, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { canAccess, type OsUser } from './os-user.js';

/** Where clusters go whose DATA_DIR the `postgres` OS user cannot reach (root only). */
export const RELOCATED_CLUSTERS_ROOT = '/var/lib/chatops-api';

/**
 * The cluster's directory for a DATA_DIR: `<dataDir>/pg`, unless the cluster's OS user cannot reach
 * it (root running a project cloned under a private directory). The cluster then lives under
 * RELOCATED_CLUSTERS_ROOT, in a directory named after DATA_DIR's real path, and `<dataDir>/pg` is a
 * symbolic link to it: DATA_DIR stays the one place that holds (and, when deleted, resets) the
 * user's data — a relocated cluster whose link is gone is wiped and made anew.
 */
export async function clusterDirectory(
  dataDir: string,
  user: OsUser | undefined,
  relocationRoot = RELOCATED_CLUSTERS_ROOT,
): Promise<{ dir: string; relocated: boolean }> {
  const link = join(dataDir, 'pg');
  const stat = await lstat(link).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    const target = resolve(dataDir, await readlink(link));
    await mkdir(target, { recursive: true });
    return { dir: target, relocated: true };
  }
  if (stat || canAccess(user, dataDir)) return { dir: link, relocated: false };

  const id = createHash('sha256')
    .update(await realpath(dataDir))
    .digest('hex')
    .slice(0, 16);
  const target = join(relocationRoot, id);
  if (existsSync(target)) await rm(target, { recursive: true, force: true });
  await mkdir(relocationRoot, { recursive: true, mode: 0o755 });
  await mkdir(target);
  await symlink(target, link);
  return { dir: target, relocated: true };
}
