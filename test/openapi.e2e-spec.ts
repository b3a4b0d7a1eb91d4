import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { buildOpenApiDocument } from '../src/openapi.js';
import { API, httpRequest } from './support/http.js';
import { createTestDatabase, TEST_JWT_SECRET } from './support/test-app.js';

type Operation = {
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  parameters?: { in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

/**
 * Frontend teams generate clients from /docs-json: every route the app serves must be in it, with
 * its answers and errors. The route list comes from Fastify itself, so a new undocumented route
 * fails here.
 */
describe('OpenAPI document', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;
  let drop: () => Promise<void>;
  let baseUrl: string;
  const served: { method: string; url: string }[] = [];

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    app = await createApp(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'silent',
      }),
    );
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods)
          if (method !== 'HEAD' && method !== 'OPTIONS') served.push({ method, url: route.url });
      });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    document = buildOpenApiDocument(app);
  });

  afterAll(async () => {
    await app.close();
    await drop();
  });

  const operations = () =>
    served
      .filter((r) => r.url.startsWith(`${API}/`) || r.url.startsWith('/health'))
      .map((r) => {
        const path = r.url.replace(/:(\w+)/g, '{$1}');
        const operation = (document.paths[path] as Record<string, Operation> | undefined)?.[
          r.method.toLowerCase()
        ];
        return { ...r, path, operation };
      });

  it('is a valid OpenAPI 3 document (what client generators require)', async () => {
    // validate() dereferences in place: give it a copy.
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
  });

  it('documents every route the application serves', () => {
    const routes = operations();
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => !r.operation).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('gives every operation a summary and a success answer', () => {
    const lacking = operations().filter(
      ({ operation }) =>
        !operation?.summary || !Object.keys(operation.responses).some((s) => s.startsWith('2')),
    );
    expect(lacking.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('documents 401 and a security requirement on every protected route, and none on public ones', () => {
    const publicRoutes =
      /\/(health|auth\/(register|login|token|refresh|password-reset|verify-email|mfa\/verify|mfa\/passkey\/options|passkeys\/login))/;
    for (const { path, method, operation } of operations()) {
      const isPublic = publicRoutes.test(path) && !/logout|sessions|me/.test(path);
      if (isPublic) continue;
      expect([`${method} ${path}`, operation?.security?.length ? 'secured' : 'open']).toEqual([
        `${method} ${path}`,
        'secured',
      ]);
      expect([`${method} ${path}`, Object.keys(operation!.responses)]).toEqual([
        `${method} ${path}`,
        expect.arrayContaining(['401']),
      ]);
    }
  });

  it('secures in the document exactly the routes that refuse a caller without credentials', async () => {
    // @Authenticated() applies both the guard and the security entry; a route whose guard and
    // document disagree (a hand-made guard, a security entry added by hand) is named here. (A route
    // with neither rule does not start: src/common/access-rules.check.spec.ts.)
    const mismatched: string[] = [];
    for (const { method, path, operation } of operations()) {
      const url = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const withBody = method !== 'GET' && method !== 'DELETE';
      const res = await httpRequest(baseUrl, method, url, withBody ? {} : undefined);
      const refused = res.status === 401 && res.body?.detail === 'Not authenticated';
      const secured = Boolean(operation?.security?.length);
      if (refused !== secured)
        mismatched.push(`${method} ${path}: ${secured ? 'secured' : 'open'}, ${res.status}`);
    }
    expect(mismatched).toEqual([]);
  });

  it('documents 422 on every route that takes a body or query', () => {
    const missing = operations().filter(({ operation }) => {
      const takesInput =
        operation?.requestBody || operation?.parameters?.some((p) => p.in === 'query');
      return takesInput && !operation!.responses['422'];
    });
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('documents 503 + Retry-After on every operation that needs the database (all but liveness)', () => {
    const missing = operations().filter(
      ({ path, operation }) =>
        !/\/health$/.test(path) && !(operation!.responses['503'] as any)?.headers?.['Retry-After'],
    );
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('names every operation with a unique identifier a client generator can use', () => {
    const ids = operations().map(
      ({ operation }) => (operation as { operationId?: string })?.operationId,
    );
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id ?? ''))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['authRegister', 'serversList', 'apiKeysRotate']));
  });

  it('declares bearer and OAuth2 password security, the latter against /auth/token', () => {
    const schemes = document.components?.securitySchemes as Record<string, any>;
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.oauth2.flows.password.tokenUrl).toBe('/api/v1/auth/token');
  });

  it('documents the login form body as urlencoded and JSON', () => {
    const login = (document.paths[`${API}/auth/login`] as any).post;
    expect(Object.keys(login.requestBody.content).sort()).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
  });
});
