import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnApp, stopAllAppProcesses } from './support/app-process.js';
import { API } from './support/http.js';
import { createTestDatabase } from './support/test-app.js';
import { eventually } from './support/wait.js';

const run = promisify(execFile);

/**
 * What `npm run build` makes and `npm start` and the Docker image run: tsc's output bundled by
 * scripts/bundle-server.mjs into dist/main.bundle.js, started through dist/main.js. Every other
 * suite runs the sources (swc); this one builds into a directory of its own inside the project
 * (where node_modules resolves, as it does for dist/) and runs the result.
 */
describe('the production build', () => {
  let dist: string;
  let database: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    mkdirSync('.data', { recursive: true });
    dist = join(mkdtempSync(join('.data', 'build-test-')), 'dist');
    await run(process.execPath, [
      'node_modules/typescript/bin/tsc',
      '-p',
      'tsconfig.build.json',
      '--outDir',
      dist,
    ]);
    await run(process.execPath, ['scripts/bundle-server.mjs', `--dist=${dist}`]);
    database = await createTestDatabase();
  }, 240_000);

  afterAll(async () => {
    await stopAllAppProcesses();
    await database?.drop();
    if (dist) rmSync(join(dist, '..'), { recursive: true, force: true });
  });

  it('starts from dist/main.js, answers the probes and builds the OpenAPI document on its first request', async () => {
    const app = await spawnApp(
      { DATABASE_URL: database.url, NODE_ENV: 'production', LOG_LEVEL: 'log' },
      { entry: join(dist, 'main.js') },
    );
    await app.waitForHealth();
    expect((await app.request('GET', '/health/ready')).status).toBe(200);
    const docs = await fetch(`${app.baseUrl}/docs-json`);
    expect(docs.status).toBe(200);
    const document = (await docs.json()) as { paths: Record<string, unknown> };
    expect(document.paths).toHaveProperty(['/api/v1/auth/login']);
    expect(await app.stop()).toBe(0);
    // Classes keep their names through the bundle's scope hoisting (esbuild's keepNames): Nest's
    // log contexts and the outage checks by error name read them.
    // eslint-disable-next-line no-control-regex
    const log = app.output().replace(/\x1b\[[0-9;]*m/g, '');
    expect(log).toContain('[RoutesResolver] AsyncApiController {');
    expect(log).not.toMatch(/\[_[A-Z]\w+\]|AsyncApiController2/);
  }, 120_000);

  it('leaves otplib, the WebAuthn library, nodemailer and libphonenumber-js out of the bundle (they load from node_modules on first use)', () => {
    const bundle = readFileSync(join(dist, 'main.bundle.js'), 'utf8');
    for (const name of ['otplib', '@simplewebauthn/server', 'nodemailer', 'libphonenumber-js']) {
      expect([name, bundle.includes(`node_modules/${name}/`)]).toEqual([name, false]);
    }
  });

  it('loads the breach list, otplib, the WebAuthn library and nodemailer through the bundle when first used', async () => {
    // Not at start-up (issue #22: an idle instance holds none of them); each is reached here through
    // the built bundle, where a wrong specifier or a missing package would only show at run time.
    const dataDir = mkdtempSync(join('.data', 'build-mail-'));
    try {
      const app = await spawnApp(
        { DATABASE_URL: database.url, DATA_DIR: dataDir, EMAIL_VERIFICATION: 'off' },
        { entry: join(dist, 'main.js') },
      );
      await app.waitForHealth();
      const username = `lazy_${Date.now()}`;
      const email = `${username}@example.com`;
      const breached = await app.request('POST', `${API}/auth/register`, {
        username,
        email,
        password: 'Password123!',
      });
      expect(breached.status).toBe(422);
      expect(breached.text).toContain('Password is too common');
      const password = 'Tr1cky-Horse-Battery!';
      const registered = await app.request('POST', `${API}/auth/register`, {
        username,
        email,
        password,
      });
      expect(registered.status).toBe(201);
      const auth = { headers: { authorization: `Bearer ${registered.body.access_token}` } };
      const totp = await app.request('POST', `${API}/auth/mfa/totp`, { password }, auth);
      expect(totp.status).toBe(200);
      expect(totp.body.otpauth_url).toMatch(/^otpauth:\/\/totp\/ChatOps:/);
      const passkey = await app.request(
        'POST',
        `${API}/auth/passkeys/register/options`,
        { password },
        auth,
      );
      expect(passkey.status).toBe(200);
      expect(passkey.body.challenge).toEqual(expect.any(String));
      expect((await app.request('POST', `${API}/auth/password-reset`, { email })).status).toBe(202);
      const mail = await eventually(
        async () => {
          try {
            return readdirSync(join(dataDir, 'mail'));
          } catch {
            return [];
          }
        },
        (files) => files.some((file) => file.endsWith(`-${email}.eml`)),
        10_000,
      );
      expect(mail.filter((file) => file.endsWith(`-${email}.eml`))).toHaveLength(1);
      expect(await app.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('maps the bundle back to src/*.ts, so stack traces point at the sources', () => {
    const bundle = readFileSync(join(dist, 'main.bundle.js'), 'utf8');
    const map = new SourceMap(JSON.parse(readFileSync(join(dist, 'main.bundle.js.map'), 'utf8')));
    const lines = bundle.split('\n');
    const line = lines.findIndex((text) => text.includes('ChatOps API listening'));
    const entry = map.findEntry(line, lines[line].indexOf('ChatOps API listening'));
    expect(entry).toMatchObject({ originalSource: expect.stringMatching(/src\/main\.ts$/) });
    const mainLine = readFileSync('src/main.ts', 'utf8')
      .split('\n')
      .findIndex((text) => text.includes('ChatOps API listening'));
    expect((entry as { originalLine: number }).originalLine).toBe(mainLine);
    // And the entry point turns source maps on before the bundle loads.
    expect(readFileSync(join(dist, 'main.js'), 'utf8')).toContain(
      'process.setSourceMapsEnabled(true)',
    );
  });

  it('keeps the bundle ASCII, so V8 holds its source one byte per character', () => {
    const bundle = readFileSync(join(dist, 'main.bundle.js'), 'utf8');
    expect(bundle.match(/[\u0080-\uffff]/g) ?? []).toEqual([]);
  });
});
