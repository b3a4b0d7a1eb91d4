import { describe, expect, it } from '@jest/globals';
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
