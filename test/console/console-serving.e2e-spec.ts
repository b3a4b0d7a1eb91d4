import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { ConsoleAssets, defaultConsoleDir } from '../../src/console/console-assets.js';
import { serveConsole } from '../../src/console/console.routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Raw HTTP: fetch would decompress bodies and hide Content-Encoding handling. */
async function get(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(baseUrl + path, { headers: { 'accept-encoding': '', ...headers } });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const NOT_FOUND = JSON.stringify({ detail: 'Not Found' });

describe('The web console served at / (API.md §9)', () => {
  let app: TestApp;
  let index: string;
  let script: string;
  let stylesheet: string;

  beforeAll(async () => {
    app = await startTestApp();
    index = (await get(app.baseUrl, '/')).body;
    script = index.match(/<script type="module" src="([^"]+)"/)![1];
    stylesheet = index.match(/<link rel="stylesheet" href="([^"]+)"/)![1];
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers / with index.html: no-cache, a strict CSP and the usual security headers', async () => {
    const res = await get(app.baseUrl, '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    const host = new URL(app.baseUrl).host;
    expect(csp.split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src 'self' ws://${host} wss://${host}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]);
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.body).toContain('<div id="app"></div>');
  });

  it('index.html has no inline script or style: every script and stylesheet is a fingerprinted file', () => {
    expect(index).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(index).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(script).toMatch(/^\/assets\/app-[A-Z0-9]{8}\.js$/);
    expect(stylesheet).toMatch(/^\/assets\/app-[A-Z0-9]{8}\.css$/);
  });

  it('serves fingerprinted assets with a year of immutable caching and their type', async () => {
    for (const [path, type] of [
      [script, 'text/javascript; charset=utf-8'],
      [stylesheet, 'text/css; charset=utf-8'],
    ]) {
      const res = await get(app.baseUrl, path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.body.length).toBeGreaterThan(1000);
    }
  });

  it('sends the brotli or gzip variant the client accepts, and the plain file otherwise', async () => {
    const url = app.baseUrl + script;
    const plain = Buffer.from(
      await (await fetch(url, { headers: { 'accept-encoding': '' } })).arrayBuffer(),
    );
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      // node's fetch decodes what it asked for itself: use a raw request to see the bytes.
      const { request } = await import('node:http');
      const bytes = await new Promise<{ encoding?: string; vary?: string; body: Buffer }>(
        (resolve, reject) => {
          request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                encoding: res.headers['content-encoding'],
                vary: res.headers.vary,
                body: Buffer.concat(chunks),
              }),
            );
          })
            .on('error', reject)
            .end();
        },
      );
      expect(bytes.encoding).toBe(encoding);
      expect(bytes.vary).toBe('Accept-Encoding');
      expect(decode(bytes.body).equals(plain)).toBe(true);
      expect(bytes.body.length).toBeLessThan(plain.length / 2);
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get(app.baseUrl, '/');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get(app.baseUrl, '/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers index.html for the client-side routes', async () => {
    for (const path of [
      '/login',
      '/signup',
      '/servers',
      '/servers/0b7e/api-keys',
      '/account',
      '/admin/users',
      '/no/such/page?x=1',
    ]) {
      const res = await get(app.baseUrl, path);
      expect([path, res.status, res.body]).toEqual([path, 200, index]);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it("never answers index.html for the API's paths: an unknown one keeps the contract's 404", async () => {
    for (const path of [
      '/api',
      '/api/',
      '/api/v1',
      '/api/v1/nope',
      '/api/v2/servers',
      '/docs',
      '/docs/x',
      '/docs-yaml',
      '/health/nope',
      '/healthz/../api/v1/x',
    ]) {
      const res = await get(app.baseUrl, path);
      expect([path, res.status, res.body]).toEqual([path, 404, NOT_FOUND]);
    }
    // Socket.IO answers its own path (here: a plain GET is no known transport).
    const socket = await get(app.baseUrl, '/socket.io/');
    expect(socket.status).toBe(400);
    expect(socket.body).not.toContain('<html');
  });

  it('a missing file is a 404, never the page (a stale asset name must not load HTML as script)', async () => {
    for (const path of ['/assets/app-AAAAAAAA.js', '/favicon.ico', '/robots.txt', '/index.htm']) {
      const res = await get(app.baseUrl, path);
      expect([path, res.status, res.body]).toEqual([path, 404, NOT_FOUND]);
    }
  });

  it('never serves a file from outside the build, whatever the path', async () => {
    for (const path of [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/%ff',
      '/assets/%00.js',
    ]) {
      const res = await get(app.baseUrl, path);
      expect(res.status).toBeLessThan(500);
      expect(res.body).not.toContain('"dependencies"');
    }
  });

  it('other methods on console paths get the JSON 404, and HEAD works', async () => {
    const post = await app.request('POST', '/servers', {});
    expect([post.status, post.text]).toEqual([404, NOT_FOUND]);
    const head = await fetch(app.baseUrl + '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('does not put the CSP on API answers (Swagger UI and JSON clients are not the console)', async () => {
    const res = await get(app.baseUrl, '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('Console assets on disk', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-assets-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the build of `npm run build` from the source tree', () => {
    expect(readFileSync(join(defaultConsoleDir(), 'index.html'), 'utf8')).toContain('id="app"');
  });

  it('says how to build the console when it is not built, in the error shape', async () => {
    const fastify = Fastify();
    serveConsole(fastify, new ConsoleAssets(join(dir, 'missing')));
    const res = await get(await fastify.listen({ port: 0, host: '127.0.0.1' }), '/servers');
    await fastify.close();
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({
      detail: 'The web console is not built: run `npm run build`',
    });
  });

  it('picks up a rebuild (npm run web:dev beside a running API) without a restart', async () => {
    const fastify = Fastify();
    serveConsole(fastify, new ConsoleAssets(dir));
    const base = await fastify.listen({ port: 0, host: '127.0.0.1' });
    try {
      writeFileSync(join(dir, 'index.html'), '<p>first</p>');
      utimesSync(join(dir, 'index.html'), 1000, 1000);
      expect((await get(base, '/')).body).toBe('<p>first</p>');
      writeFileSync(join(dir, 'index.html'), '<p>second</p>');
      utimesSync(join(dir, 'index.html'), 2000, 2000);
      expect((await get(base, '/')).body).toBe('<p>second</p>');
    } finally {
      await fastify.close();
    }
  });
});
