import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One built file of the console, ready to send (with its precompressed variants when built). */
export interface ConsoleAsset {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  type: string;
  /** Fingerprinted names (`app-3F2K…`) never change content: cached for a year. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** esbuild's `[name]-[hash]` with its 8-character base32 hash. */
const FINGERPRINTED = /-[A-Z0-9]{8}\.[a-z]+$/;

/**
 * Where `npm run build` puts the console: dist/web. Found from this file, whether it runs bundled
 * (dist/main.bundle.js), built (dist/console/) or from source (src/console/, under `start:dev` and
 * Jest). The bundle's own directory comes first: from dist/, `../web` is the console's sources.
 */
export function defaultConsoleDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  // Only dist/web: the console's sources (web/, beside dist/) hold an index.html template too.
  const candidates = [
    join(here, 'web'),
    join(here, '..', 'web'),
    join(here, '..', '..', 'dist', 'web'),
  ].filter((dir) => basename(dirname(dir)) === 'dist');
  return (
    candidates.find((dir) => existsSync(join(dir, 'index.html'))) ??
    join(here, '..', '..', 'dist', 'web')
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * The console's files, keyed by URL path, read once and read again when a rebuild replaced
 * index.html (`npm run web:dev` beside a running API). Undefined when the console is not built.
 */
export class ConsoleAssets {
  private files = new Map<string, ConsoleAsset>();
  private loadedFrom = -1;

  constructor(readonly dir: string) {}

  get(path: string): ConsoleAsset | undefined {
    this.refresh();
    return this.files.get(path);
  }

  get built(): boolean {
    this.refresh();
    return this.files.has('/index.html');
  }

  private refresh(): void {
    let stamp: number;
    try {
      stamp = statSync(join(this.dir, 'index.html')).mtimeMs;
    } catch {
      this.files.clear();
      this.loadedFrom = -1;
      return;
    }
    if (stamp === this.loadedFrom) return;
    const files = new Map<string, ConsoleAsset>();
    const paths = walk(this.dir);
    for (const file of paths) {
      const extension = extname(file);
      if (extension === '.br' || extension === '.gz') continue;
      const url = '/' + relative(this.dir, file).split(sep).join('/');
      const variant = (suffix: string) =>
        paths.includes(file + suffix) ? readFileSync(file + suffix) : undefined;
      files.set(url, {
        body: readFileSync(file),
        br: variant('.br'),
        gzip: variant('.gz'),
        type: TYPES[extension] ?? 'application/octet-stream',
        immutable: FINGERPRINTED.test(url),
      });
    }
    this.files = files;
    this.loadedFrom = stamp;
  }
}
