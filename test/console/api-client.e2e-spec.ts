import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import {
  API_DOCUMENT_PATH,
  API_TYPES_PATH,
  documentText,
  generateApiTypes,
} from '../../src/console/api-client-codegen.js';
import { exportOpenApiDocument } from '../../src/console/openapi-export.js';
import { buildOpenApiDocument } from '../../src/openapi.js';
import { API } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const STALE = 'is stale: run `npm run api:client` and commit web/src/api/';

/**
 * The console's typed client (web/src/api/schema.d.ts) is generated from the OpenAPI document and
 * committed. These tests fail when it is not what the current code's document generates, so a
 * change to the API either regenerates the client (and the console's type-check judges it) or
 * fails here.
 */
describe('Typed API client of the web console', () => {
  let app: TestApp;
  let exported: OpenAPIObject;

  beforeAll(async () => {
    [app, exported] = await Promise.all([startTestApp(), exportOpenApiDocument()]);
  });
  afterAll(async () => {
    await app.close();
  });

  it('exports, without a database, the same document the running application builds', () => {
    expect(exported).toEqual(buildOpenApiDocument(app.app));
  });

  it(`the committed ${API_DOCUMENT_PATH} is the current document`, () => {
    const committed = readFileSync(API_DOCUMENT_PATH, 'utf8');
    expect(committed === documentText(exported) ? 'current' : `${API_DOCUMENT_PATH} ${STALE}`).toBe(
      'current',
    );
  });

  it(`the committed ${API_TYPES_PATH} is what openapi-typescript generates from it`, async () => {
    const committed = readFileSync(API_TYPES_PATH, 'utf8');
    const generated = await generateApiTypes(exported);
    expect(committed === generated ? 'current' : `${API_TYPES_PATH} ${STALE}`).toBe('current');
  });

  it('documents the console cookie mode: the header on the auth routes, the cookie on refresh', () => {
    const operation = (path: string) =>
      (exported.paths[`${API}/auth/${path}`] as any).post as {
        parameters?: { in: string; name: string }[];
      };
    for (const path of ['register', 'login', 'token', 'refresh', 'logout', 'logout-all']) {
      expect([path, operation(path).parameters]).toEqual([
        path,
        expect.arrayContaining([
          expect.objectContaining({ in: 'header', name: 'X-Refresh-Cookie' }),
        ]),
      ]);
    }
    expect(operation('refresh').parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'cookie', name: 'chatops_refresh' })]),
    );
  });
});
