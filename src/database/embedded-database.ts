import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clusterDirectory, RELOCATED_CLUSTERS_ROOT } from './embedded/cluster-directory.js';
import { clusterOsUser, type OsUser } from './embedded/os-user.js';
import { type PostgresBinaries, reachableBinaries } from './embedded/postgres-binaries.js';

export interface EmbeddedDatabaseOptions {
  /** Directory holding the cluster (`<dir>/pg`), its log and its generated password. */
  dataDir: string;
  /** A fixed port (tests that restart the cluster); default: a free one at each start. */
  port?: number;
  /** Extra `postgres -c` settings, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string>;
  /** A PostgreSQL installation to use instead of the packaged one (tests). */
  binariesDir?: string;
  /** Where clusters go that the `postgres` OS user cannot reach in dataDir (tests). */
  relocationRoot?: string;
  /** Called once the server process is spawned, while it starts (main.ts loads the app then). */
  onSpawn?: () => void;
}

/** Asks the kernel for a free loopback port: the cluster must never collide with a running one. */
export function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function loadOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('hex');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is a PostgreSQL server (where /proc tells; a recycled pid must not be killed). */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return !existsSync('/proc');
  }
}

/** The last lines of the server's log, for an error message. */
function tail(logFile: string, lines = 4): string {
  try {
    return readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '';
  }
}

/** Runs a program to completion as `user`; rejects with its output when it fails. */
function runAs(user: OsUser | undefined, file: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(file, args, { uid: user?.uid, gid: user?.gid, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => fail(new Error(`${file}: ${error.message}`)));
    child.on('close', (code) =>
      code === 0 ? done() : fail(new Error(`${file} exited with ${code}: ${output.trim()}`)),
    );
  });
}

/**
 * A PostgreSQL cluster run from the binaries shipped in npm packages, so `npm start` needs no
 * database installed. The first start runs initdb; later starts reuse the data. It listens on
 * loopback only, on a free port chosen at each start, without a Unix socket.
 *
 * The server runs in a process group of its own: a terminal's Ctrl-C reaches the API, which
 * finishes its requests and only then stops the cluster (`stop()`), never the other way round. A
 * cluster left running by an API process that was killed is found by its pid file and stopped at
 * the next start.
 */
export class EmbeddedDatabase {
  private constructor(
    private readonly server: ChildProcess,
    private readonly exited: Promise<void>,
    private readonly ownerFile: string,
    readonly url: string,
    readonly port: number,
    /** Whether the cluster lives outside DATA_DIR (see cluster-directory.ts). */
    readonly relocated: boolean,
    /** The PostgreSQL installation it runs from (a shared copy when the original is out of reach). */
    readonly binariesRoot: string,
  ) {}

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    const user = await clusterOsUser();
    const binaries = await reachableBinaries(user, options.binariesDir);
    const { dir, relocated } = await clusterDirectory(
      dataDir,
      user,
      options.relocationRoot ?? RELOCATED_CLUSTERS_ROOT,
    );
    const password = await loadOrCreatePassword(join(dataDir, 'pg-password'));
    if (!existsSync(join(dir, 'PG_VERSION'))) await initialise(binaries, dir, user, password);
    const ownerFile = join(dataDir, 'pg-owner.pid');
    await stopLeftOver(dir, ownerFile);

    const port = options.port ?? (await findFreePort());
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      ...options.settings,
    };
    const logFile = join(dataDir, 'postgres.log');
    const log = openSync(logFile, 'a', 0o600);
    const server = spawn(
      binaries.postgres,
      [
        '-D',
        dir,
        '-p',
        String(port),
        ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      { uid: user?.uid, gid: user?.gid, detached: true, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const exited = new Promise<void>((done) => server.once('exit', () => done()));
    const spawnError = new Promise<Error>((done) => server.once('error', done));
    server.unref();
    options.onSpawn?.();
    await writeFile(ownerFile, `${process.pid}\n`);

    const failure = await Promise.race([
      waitUntilReady(dir, server),
      spawnError,
      exited.then(() => new Error(tail(logFile) || 'the server exited')),
    ]);
    if (failure) {
      if (server.exitCode === null) server.kill('SIGQUIT');
      throw new Error(`Embedded PostgreSQL failed to start in ${dir}: ${failure.message}`);
    }
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    return new EmbeddedDatabase(server, exited, ownerFile, url, port, relocated, binaries.root);
  }

  /** Replaces the database name of the cluster URL (tests give each suite its own database). */
  urlFor(database: string): string {
    const url = new URL(this.url);
    url.pathname = `/${database}`;
    return url.toString();
  }

  /** Fast shutdown (clients are disconnected, data is checkpointed), escalating if it hangs. */
  async stop(): Promise<void> {
    if (this.server.exitCode === null && this.server.signalCode === null) {
      this.server.kill('SIGINT');
      const quit = setTimeout(() => this.server.kill('SIGQUIT'), 30_000);
      await this.exited;
      clearTimeout(quit);
    }
    await rm(this.ownerFile, { force: true });
  }
}

async function initialise(
  binaries: PostgresBinaries,
  dir: string,
  user: OsUser | undefined,
  password: string,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // initdb reads the superuser password from a file: one only the cluster's user can read.
  const scratch = await mkdtemp(join(tmpdir(), 'chatops-initdb-'));
  const passwordFile = join(scratch, 'password');
  await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  if (user) {
    await chown(dir, user.uid, user.gid);
    await chown(scratch, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  await chmod(dir, 0o700);
  try {
    await runAs(user, binaries.initdb, [
      `--pgdata=${dir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--no-locale',
    ]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A cluster still running in `dir` whose API process is gone (it was killed before it could stop
 * the cluster) is stopped. One whose API process is alive is another instance's: refused.
 */
async function stopLeftOver(dir: string, ownerFile: string): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgres(pid)) return;
  const owner = existsSync(ownerFile) ? Number((await readFile(ownerFile, 'utf8')).trim()) : NaN;
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `Embedded PostgreSQL in ${dir} is in use by another ChatOps API process (pid ${owner}): stop it, or give this one another DATA_DIR`,
    );
  }
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid) && waited < 30_000; waited += 100) await sleep(100);
}

/**
 * PostgreSQL writes "ready" into its pid file once it accepts connections. Resolves undefined
 * then, or an Error when it does not happen within a minute.
 */
async function waitUntilReady(dir: string, server: ChildProcess): Promise<Error | undefined> {
  const pidFile = join(dir, 'postmaster.pid');
  for (let waited = 0; waited < 60_000; waited += 50) {
    if (server.exitCode !== null || server.signalCode !== null) return new Promise(() => {});
    const status = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n')[7] : '';
    if (status?.trim() === 'ready') return undefined;
    await sleep(50);
  }
  return new Error('not ready within 60 s');
}
