// Builds the web console into dist/web (API.md §9): one fingerprinted JS and CSS file, a
// fingerprinted favicon, index.html pointing at them, and .br/.gz variants the API serves as they
// are. Fails when the JavaScript of the first load exceeds the budget.
//
//   node web/build.mjs            build once (part of `npm run build`)
//   node web/build.mjs --watch    rebuild on every change (`npm run web:dev`)
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(root, 'web');
/** The compressed size of the JavaScript a first visit downloads may not exceed this. */
export const FIRST_LOAD_JS_BUDGET = 150 * 1024;

function compress(file) {
  const body = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
}

function fingerprint(content) {
  // Upper-case base32-like, 8 characters: the shape esbuild's [hash] has (the server caches such names for a year).
  return createHash('sha256').update(content).digest('hex').slice(0, 8).toUpperCase();
}

/** Writes index.html and the compressed variants after esbuild wrote the bundle. */
function finish(outdir, metafile) {
  const outputs = Object.keys(metafile.outputs).map((file) => join(root, file));
  const js = outputs.find((file) => file.endsWith('.js'));
  const css = outputs.find((file) => file.endsWith('.css'));
  const favicon = readFileSync(join(webDir, 'public', 'favicon.svg'));
  const faviconName = `favicon-${fingerprint(favicon)}.svg`;
  writeFileSync(join(outdir, 'assets', faviconName), favicon);
  const url = (file) => '/' + relative(outdir, file).split('\\').join('/');
  const html = readFileSync(join(webDir, 'index.html'), 'utf8')
    .replace('%JS%', url(js))
    .replace('%CSS%', url(css))
    .replace('%FAVICON%', `/assets/${faviconName}`);
  // Assets of earlier builds (watch mode) go; the current ones stay.
  const keep = new Set([basename(js), basename(css), faviconName]);
  for (const name of readdirSync(join(outdir, 'assets'))) {
    if (!keep.has(name.replace(/\.(br|gz)$/, ''))) rmSync(join(outdir, 'assets', name));
  }
  for (const file of [js, css, join(outdir, 'assets', faviconName)]) compress(file);
  writeFileSync(join(outdir, 'index.html'), html);
  compress(join(outdir, 'index.html'));
  return {
    js: { raw: statSync(js).size, gzip: statSync(`${js}.gz`).size, br: statSync(`${js}.br`).size },
    css: { raw: statSync(css).size, gzip: statSync(`${css}.gz`).size },
  };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Builds the console. `outdir` defaults to dist/web, where the API looks for it.
 * Returns the sizes of the first load.
 */
export async function buildConsole({
  outdir = join(root, 'dist', 'web'),
  watch = false,
  quiet = false,
} = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  let sizes;
  const report = {
    name: 'console-html',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0 || !result.metafile) return;
        sizes = finish(outdir, result.metafile);
        if (!quiet) {
          console.log(
            `console: JS ${kb(sizes.js.raw)} (${kb(sizes.js.gzip)} gzip, ${kb(sizes.js.br)} brotli), CSS ${kb(sizes.css.raw)} (${kb(sizes.css.gzip)} gzip) → ${relative(root, outdir)}`,
          );
        }
        if (sizes.js.gzip > FIRST_LOAD_JS_BUDGET) {
          const message = `console: first-load JS is ${kb(sizes.js.gzip)} gzipped, over the ${kb(FIRST_LOAD_JS_BUDGET)} budget`;
          if (!watch) throw new Error(message);
          console.error(message);
        }
      });
    },
  };
  const options = {
    absWorkingDir: root,
    entryPoints: { app: join(webDir, 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
    outdir: join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [report],
  };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
    console.log('console: watching web/src (Ctrl-C to stop)');
    return context;
  }
  await esbuild.build(options);
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildConsole({ watch: process.argv.includes('--watch') }).catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
