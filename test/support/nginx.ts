import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/database/embedded-database.js';

/** Debian's nginx, where `.ci/run` installs it. */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(
  (path) => spawnSync(path, ['-v'], { stdio: 'ignore' }).status === 0,
);

export function hasNginx(): boolean {
  return NGINX !== undefined;
}

export interface Nginx {
  baseUrl: string;
  /** Points the upstream at these ports and reloads, as an operator would (`nginx -s reload`). */
  setUpstreams(ports: number[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The project's own `deploy/nginx.conf`, run by a real nginx on loopback: only its upstream servers
 * and its listen address are rewritten (they name docker-compose hosts), everything else — the
 * websocket upgrade, the forwarded headers, the timeouts — is exactly what users deploy.
 */
export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  if (!NGINX) throw new Error('nginx is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'chatops-nginx-'));
  mkdirSync(join(dir, 'temp'));
  const port = await findFreePort();
  const deployed = readFileSync(join(process.cwd(), 'deploy', 'nginx.conf'), 'utf8');
  const site = (ports: number[]) => {
    const servers = ports.map((p) => `  server 127.0.0.1:${p};`).join('\n');
    const rewritten = deployed
      .replace(/upstream chatops \{[^}]*\}/, `upstream chatops {\n${servers}\n}`)
      .replace(/listen 80;/, `listen 127.0.0.1:${port};`);
    if (rewritten.includes('app1:3000') || !rewritten.includes(`127.0.0.1:${port}`)) {
      throw new Error('deploy/nginx.conf changed shape: update test/support/nginx.ts');
    }
    writeFileSync(join(dir, 'site.conf'), rewritten);
  };
  site(upstreamPorts);
  const temp = join(dir, 'temp');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  include ${join(dir, 'site.conf')};
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    const up = await fetch(`${baseUrl}/health`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (i > 100) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    baseUrl,
    setUpstreams: async (ports) => {
      site(ports);
      child.kill('SIGHUP');
      // A reload starts new workers; give the master a moment to swap them.
      await new Promise((r) => setTimeout(r, 500));
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM'); // fast shutdown: the workers exit too, websockets or not
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(force);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
