import 'reflect-metadata';
import 'dotenv/config';
import { Logger } from '@nestjs/common';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Server } from 'node:http';
import { SOCKET_IO_PATH } from './agents/socket-io-path.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { loadOrCreateDevJwtSecret } from './config/jwt-secret.js';
import { describeDatabase, StartupError, waitForDatabase } from './database/wait-for-database.js';
import { GracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { HttpDrain } from './lifecycle/http-drain.js';
import { API_PREFIX, buildOpenApiDocument } from './openapi.js';

/** Past SHUTDOWN_TIMEOUT for requests, the rest of the shutdown (sockets, pools, cluster) gets this. */
const CLEANUP_BUDGET_MS = 15_000;

/**
 * The listen backlog: a fleet reconnecting after a restart arrives all at once, and Node's default
 * (511) made the kernel drop tens of thousands of SYNs in a 10,000-agent storm (issue #10). The
 * kernel caps it at net.core.somaxconn (4096 on common distributions).
 */
const LISTEN_BACKLOG = 4096;

/**
 * The embedded cluster when DATABASE_URL is unset, else a wait for the configured database.
 * `starting` runs once the database is on its way (the embedded server spawned, or the configured
 * one about to be asked), so the application's modules load while PostgreSQL starts.
 */
async function resolveDatabase(
  base: AppConfig,
  stop: GracefulShutdown,
  logger: Logger,
  starting: () => void,
) {
  if (base.databaseUrl) {
    starting();
    const url = base.databaseUrl;
    await waitForDatabase(url, base.databaseConnectTimeout, (reason) =>
      logger.warn(
        `Waiting up to ${base.databaseConnectTimeout} s for PostgreSQL at ${describeDatabase(url)} (${reason})`,
      ),
    );
    return url;
  }
  // Imported only when used: an external database needs none of it.
  const { EmbeddedDatabase } = await import('./database/embedded-database.js');
  const embedded = await EmbeddedDatabase.start({ dataDir: base.dataDir, onSpawn: starting });
  stop.add('embedded PostgreSQL', () => embedded.stop());
  logger.log(
    `Embedded PostgreSQL running, data in ${base.dataDir}/pg${embedded.relocated ? ' (a link to where the postgres OS user can reach it)' : ''}`,
  );
  return embedded.url;
}

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const base = loadConfig();
  // From here on a signal — even during start-up — stops what has been started, in reverse order.
  const stop = new GracefulShutdown(
    base.shutdownTimeout * 1000 + CLEANUP_BUDGET_MS,
    new Logger('Shutdown'),
  );
  // The application (Nest, TypeORM, every feature module) is imported here, not at the top: its
  // modules are evaluated while PostgreSQL starts instead of before (issue #22; in the bundle,
  // esbuild defers a dynamically imported module's evaluation to the import).
  let appFactory: Promise<typeof import('./app.factory.js')> | undefined;
  const loadAppFactory = () => {
    if (!appFactory) {
      appFactory = import('./app.factory.js');
      appFactory.catch(() => undefined); // awaited below, where a failure is reported
    }
    return appFactory;
  };
  try {
    const config = new AppConfig({
      ...base,
      databaseUrl: await resolveDatabase(base, stop, logger, loadAppFactory),
      jwtSecret: base.jwtSecret ?? (await loadOrCreateDevJwtSecret(base.dataDir)),
    });
    const { createApp } = await loadAppFactory();
    const app = await createApp(config);
    // Nest's shutdown hooks run inside close(): the gateways release their sockets and presence
    // while the database is still open; the embedded cluster (added before) stops after that.
    stop.add('application', () => app.close());
    // Built on the first request for it, not at start-up (a tenth of a second of it), then kept.
    let document: OpenAPIObject | undefined;
    const documentFactory = () => (document ??= buildOpenApiDocument(app));
    const swaggerOptions = { swaggerOptions: { persistAuthorization: true } };
    SwaggerModule.setup('docs', app, documentFactory, swaggerOptions);
    SwaggerModule.setup(`${API_PREFIX}/docs`, app, documentFactory, swaggerOptions);

    // Socket.IO's long polls are not waited for: they end when the gateways close their sockets.
    const drain = new HttpDrain(app.getHttpServer() as Server, { except: `${SOCKET_IO_PATH}/` });
    await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
    stop.add('HTTP requests in flight', async () => {
      const server = app.getHttpServer() as Server;
      if (!(await drain.drain(server, config.shutdownTimeout * 1000))) {
        logger.warn(
          `${drain.requestsInFlight} request(s) still running after ${config.shutdownTimeout} s (SHUTDOWN_TIMEOUT): closing anyway`,
        );
      }
    });
    logger.log(
      `ChatOps API listening: console http://localhost:${config.port}/ · API /${API_PREFIX} · docs /docs`,
    );
  } catch (error) {
    if (stop.inProgress) return; // a signal came during start-up: that shutdown ends the process
    console.error(error instanceof StartupError ? error.message : error);
    await stop.run('start-up failure', 1);
  }
}

bootstrap().catch((error: unknown) => {
  // One clear line for configuration mistakes; the full error for anything else.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
