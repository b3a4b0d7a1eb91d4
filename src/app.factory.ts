import { type LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ASYNCAPI_PATHS } from './agents/asyncapi/asyncapi.controller.js';
import { trustProxyFunction } from './agents/client-ip.js';
import { ClusterIoAdapter } from './agents/cluster-io.adapter.js';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { useJsonBodyParser } from './common/json-body.js';
import { DEFAULT_DETAIL } from './common/problem.js';
import {
  SECURITY_HEADER_LINES,
  SECURITY_HEADERS,
  useSecurityHeaders,
} from './common/security-headers.js';
import { ContractValidationPipe } from './common/validation.pipe.js';
import { serveConsole } from './console/console.routes.js';
import { type AppConfig, resolvedConfig } from './config/app-config.js';
import { HEALTH_PATHS } from './health/health.controller.js';
import { API_PREFIX } from './openapi.js';

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[] | false> = {
  silent: false,
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Errors Fastify answers before routing (an undecodable URL): the contract's shape all the same. */
function frameworkErrors(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .code(status)
    .headers(SECURITY_HEADERS)
    .send({
      detail: status === 400 ? 'Malformed request URL' : (DEFAULT_DETAIL[status] ?? 'Bad request'),
    });
}

/** What Node's HTTP layer refuses before Fastify sees a request, and how it is answered. */
const CLIENT_ERRORS: Record<string, [status: number, detail: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request header fields too large'],
  // Headers or body still incomplete after REQUEST_TIMEOUT (a slow or stalled client).
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request timeout'],
};

/** Errors Node's HTTP parser raises before Fastify sees a request (oversized headers, garbage). */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  const [status, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Malformed request'];
  const body = JSON.stringify({ detail });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${SECURITY_HEADER_LINES}\r\n${body}`,
    );
  } else {
    socket.destroy();
  }
}

/**
 * Builds the application (not yet listening) from a fully resolved configuration. main.ts and the
 * e2e tests both start from here, so tests exercise exactly what users run.
 */
export async function createApp(
  config: AppConfig,
  options: { preview?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: trustProxyFunction(config.trustProxy),
    bodyLimit: 256 * 1024,
    // Long path parameters reach the handlers (a bad id is a 404 there), not Fastify's bare 414.
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors,
    clientErrorHandler,
    // Headers and body must arrive within REQUEST_TIMEOUT (Node answers 408 through
    // clientErrorHandler). Node checks the deadlines every connectionsCheckingInterval, so that
    // interval is kept well under the timeout for the answer to come on time.
    requestTimeout: config.requestTimeout * 1000,
    http: {
      headersTimeout: config.requestTimeout * 1000,
      connectionsCheckingInterval: Math.min(1000, (config.requestTimeout * 1000) / 4),
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(resolvedConfig(config)),
    adapter,
    {
      logger: LOG_LEVELS[config.logLevel],
      abortOnError: false,
      // Preview: modules and routes are scanned but no provider runs (no database), for the OpenAPI export.
      preview: options.preview,
    },
  );
  app.setGlobalPrefix(API_PREFIX, {
    // The probes and the AsyncAPI document carry their full paths themselves.
    exclude: [...Object.values(HEALTH_PATHS), ...Object.values(ASYNCAPI_PATHS)].map((path) => ({
      path,
      method: RequestMethod.GET,
    })),
  });
  useJsonBodyParser(app);
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(new ContractValidationPipe());
  app.useWebSocketAdapter(await ClusterIoAdapter.create(app, config));
  if (config.corsOrigins) app.enableCors({ origin: config.corsOrigins, credentials: false });

  const fastify = app.getHttpAdapter().getInstance();
  // The security headers on every answer Fastify writes (engine.io's get them from the adapter).
  useSecurityHeaders(fastify);
  // The web console at `/` (API.md §9); the API stays under /api/v1.
  serveConsole(fastify);
  // No enableShutdownHooks(): main.ts owns the signals (a graceful, ordered stop that exits 0).
  return app;
}
