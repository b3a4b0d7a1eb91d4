import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { type ConsoleAsset, ConsoleAssets, defaultConsoleDir } from './console-assets.js';

/** Paths that belong to the API and its tooling: never answered with the console's index.html. */
const NOT_CONSOLE = /^\/(api|docs|socket\.io|health)(\/|-|$)/;

/**
 * No inline script or style, nothing from another origin, no framing. `connect-src` names the
 * WebSocket origin of the request's own host for Socket.IO (`'self'` covers it in CSP Level 3
 * browsers; the explicit entry covers the others).
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const socket =
    host && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const etags = new WeakMap<Buffer, string>();
function etagOf(body: Buffer): string {
  let tag = etags.get(body);
  if (!tag) {
    tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    etags.set(body, tag);
  }
  return tag;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: ConsoleAsset): FastifyReply {
  const etag = etagOf(asset.body);
  void reply
    .header('Content-Type', asset.type)
    .header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('Content-Security-Policy', contentSecurityPolicy(request.host))
    .header('Cross-Origin-Opener-Policy', 'same-origin')
    .header('Cross-Origin-Resource-Policy', 'same-origin')
    .header('ETag', etag)
    .header('Vary', 'Accept-Encoding');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  const accepts = String(request.headers['accept-encoding'] ?? '');
  if (asset.br && /\bbr\b/.test(accepts)) {
    return reply.header('Content-Encoding', 'br').send(asset.br);
  }
  if (asset.gzip && /\bgzip\b/.test(accepts)) {
    return reply.header('Content-Encoding', 'gzip').send(asset.gzip);
  }
  return reply.send(asset.body);
}

/**
 * The web console (API.md §9) at `/`: its built files, and index.html for the client-side routes
 * (`/servers/…`, `/account`). The API's own paths keep the contract's 404, as does a missing file.
 */
export function serveConsole(
  fastify: FastifyInstance,
  assets = new ConsoleAssets(defaultConsoleDir()),
): void {
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    if (NOT_CONSOLE.test(path)) return reply.callNotFound();
    const file = assets.get(path);
    if (file) return send(request, reply, file);
    // A missing file (a stale asset name, /favicon.ico) is a 404, not the page.
    if (/\.[^/]*$/.test(path)) return reply.callNotFound();
    const index = assets.get('/index.html');
    if (!index) {
      return reply.code(404).send({ detail: 'The web console is not built: run `npm run build`' });
    }
    return send(request, reply, index);
  });
}
