import type { OpenAPIObject } from '@nestjs/swagger';
import { createApp } from '../app.factory.js';
import { loadConfig } from '../config/app-config.js';
import { buildOpenApiDocument } from '../openapi.js';

/**
 * The OpenAPI document of the code as it is, built without a database or a network port: Nest's
 * preview mode scans the modules and their routes but instantiates no provider. This is what the
 * console's typed client is generated from.
 */
export async function exportOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({
    NODE_ENV: 'development',
    // Never connected to in preview mode; present because the configuration requires one.
    DATABASE_URL: 'postgres://preview@127.0.0.1:9/preview',
    JWT_SECRET: 'openapi-export-only-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config, { preview: true });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
