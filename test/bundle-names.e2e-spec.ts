import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';

/**
 * scripts/bundle-server.mjs blanks out esbuild's keepNames calls where the name is right without
 * them (issue #22: Fastify's per-request closures ran `__name` — an Object.defineProperty — several
 * times per request). What it keeps and what it drops, judged by the names JavaScript ends up with.
 */
describe('the bundle: keepNames without its cost per call', () => {
  const helper =
    'var __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true });';
  const body = `
    function hot() {
      function next() {}
      __name(next, "next");
      function next2() {}
      __name(next2, "next");
      const listener = __name(() => 1, "listener");
      let assigned;
      assigned = __name(function () {}, "assigned");
      const object = { handler: __name(() => 2, "handler") };
      const other = __name(() => 3, "renamed");
      const passed = [__name(() => 4, "passed")][0];
      class Local {}
      __name(Local, "Local");
      return [next, next2, listener, assigned, object.handler, other, passed, Local].map((f) => f.name);
    }
    names = hot();`;

  it('drops only the calls that change nothing, keeping every column where it was', async () => {
    // A build script, not part of the typed program: imported by a specifier tsc does not resolve.
    const script = '../scripts/bundle-server.mjs';
    const { stripNoOpNames } = (await import(script)) as {
      stripNoOpNames(source: string): { source: string; removed: number };
    };
    const source = `${helper}\n${body}`;
    const stripped = stripNoOpNames(source);

    expect(stripped.source).toHaveLength(source.length);
    expect(stripped.source.split('\n').map((line) => line.length)).toEqual(
      source.split('\n').map((line) => line.length),
    );
    // Kept: the renamed declaration, a name other than the binding's, a function passed on.
    expect(stripped.source.match(/__name\(/g)).toHaveLength(3);
    expect(stripped.source).toContain('__name(next2, "next")');
    expect(stripped.source).toContain('__name(() => 3, "renamed")');
    expect(stripped.source).toContain('__name(() => 4, "passed")');

    const run = (code: string) => {
      const context: { names?: string[] } = {};
      runInNewContext(code, context);
      return context.names;
    };
    const expected = [
      'next',
      'next',
      'listener',
      'assigned',
      'handler',
      'renamed',
      'passed',
      'Local',
    ];
    expect(run(source)).toEqual(expected);
    expect(run(stripped.source)).toEqual(expected);
  });
});

/**
 * Bundles `entry` as if it were tsc's dist/main.js (in a throw-away directory inside the project,
 * where node_modules resolves) with scripts/bundle-server.mjs, runs it, and hands over the bundle's
 * text and what the program printed (one JSON line).
 */
async function bundleAndRun(entry: string): Promise<{ bundle: string; printed: unknown }> {
  mkdirSync('.data', { recursive: true });
  const dist = mkdtempSync(join('.data', 'bundle-test-'));
  try {
    writeFileSync(join(dist, 'main.js'), entry);
    const script = '../scripts/bundle-server.mjs';
    const { bundleServer } = (await import(script)) as {
      bundleServer(options: { dist: string; quiet: boolean }): Promise<unknown>;
    };
    await bundleServer({ dist, quiet: true });
    const { stdout } = await promisify(execFile)(process.execPath, [join(dist, 'main.js')]);
    return {
      bundle: readFileSync(join(dist, 'main.bundle.js'), 'utf8'),
      printed: JSON.parse(stdout),
    };
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}

describe('the bundle: modules loaded on first use', () => {
  it('gives class-validator a stand-in for libphonenumber-js that loads it with the first phone number checked', async () => {
    const { bundle, printed } = await bundleAndRun(
      `import { IsPhoneNumber, isPhoneNumber, validateSync } from 'class-validator';
class Contact { constructor(phone) { this.phone = phone; } }
IsPhoneNumber('DE')(Contact.prototype, 'phone');
console.log(JSON.stringify({
  valid: isPhoneNumber('+49 30 901820', 'DE'),
  invalid: isPhoneNumber('12', 'DE'),
  errors: [validateSync(new Contact('nope')).length, validateSync(new Contact('+4930901820')).length],
}));
`,
    );
    // The importer's require goes to the stand-in, whose own require loads the real module from
    // node_modules: it is not in the bundle at all.
    expect(bundle).toContain('"load-on-first-use:libphonenumber-js/max"');
    expect(bundle).toContain('__require("libphonenumber-js/max")');
    expect(bundle).not.toContain('node_modules/libphonenumber-js/');
    expect(printed).toMatchObject({ valid: true, invalid: false, errors: [1, 0] });
  }, 60_000);

  it("leaves TypeORM's drivers other than PostgreSQL's out, with an error that says so if one is asked for", async () => {
    const { bundle, printed } = await bundleAndRun(
      `import 'reflect-metadata';
import { DataSource } from 'typeorm';
const postgres = new DataSource({ type: 'postgres', url: 'postgres://127.0.0.1:1/none' });
let mysql;
try {
  new DataSource({ type: 'mysql' });
} catch (error) {
  mysql = error.message;
}
console.log(JSON.stringify({ postgres: postgres.driver.constructor.name, mysql }));
`,
    );
    expect(bundle).toContain('node_modules/typeorm/driver/postgres/PostgresDriver.js');
    expect(bundle).not.toContain('node_modules/typeorm/driver/mysql/');
    expect(bundle).not.toContain('node_modules/typeorm/driver/oracle/');
    expect(printed).toEqual({
      postgres: 'PostgresDriver',
      mysql: "TypeORM's mysql/MysqlDriver is not in this build: it runs on PostgreSQL only",
    });
  }, 60_000);
});
