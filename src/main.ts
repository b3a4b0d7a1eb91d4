import 'reflect-metadata';
import 'dotenv/config';
import { Logger } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { createApp } from './app.factory.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { loadOrCreateDevJwtSecret } from './config/jwt-secret.js';
import { EmbeddedDatabase } from './database/embedded-database.js';
import { API_PREFIX, buildOpenApiDocument } from './openapi.js';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const base = loadConfig();
  const embedded = base.databaseUrl
    ? undefined
    : await EmbeddedDatabase.start({ dataDir: base.dataDir });
  if (embedded) logger.log(`Embedded PostgreSQL running, data in ${base.dataDir}/pg`);
  const config = new AppConfig({
    ...base,
    databaseUrl: base.databaseUrl ?? embedded!.url,
    jwtSecret: base.jwtSecret ?? (await loadOrCreateDevJwtSecret(base.dataDir)),
  });

  const app = await createApp(config).catch(async (error: unknown) => {
    await embedded?.stop();
    throw error;
  });
  const document = buildOpenApiDocument(app);
  const swaggerOptions = { swaggerOptions: { persistAuthorization: true } };
  SwaggerModule.setup('docs', app, document, swaggerOptions);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, swaggerOptions);

  // The embedded cluster stops after Nest has closed its connections.
  if (embedded) {
    const close = app.close.bind(app);
    app.close = async () => {
      await close();
      await embedded.stop();
    };
  }
  await app.listen(config.port, config.host);
  logger.log(
    `ChatOps API listening on http://localhost:${config.port}/${API_PREFIX} (docs at /docs)`,
  );
}

bootstrap().catch((error: unknown) => {
  // One clear line for configuration mistakes; the full error for anything else.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
