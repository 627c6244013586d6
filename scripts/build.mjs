// Builds dist/ with esbuild (npm run build): code splitting, written as CommonJS.
//
//   dist/contextcore.cjs    the CLI's entry (bin: contextcore, contextcore-fn)
//   dist/*-<hash>.cjs       its chunks: the code it requires, and what a command loads with
//                           import() only when it runs (each command; the diff engine; the hook
//                           with its Kubernetes client and OpenTelemetry SDK; the yaml library and
//                           the PromQL grammar, for input that needs them)
//
// esbuild splits only ES modules, so it bundles and splits first and each chunk is then turned
// into CommonJS by esbuild's own transform (import → require, export → exports, import() → a
// promise of require()). Why CommonJS: Node 20 starts an ES module ~12 ms later than a CommonJS
// one (its ES module loader is not in its startup snapshot): fn on one context takes 0.93x-0.94x
// the time of the same chunks as ES modules (npm run bench weighs it in a row of its own;
// docs/performance.md, "The cold-start goal").
//
// One flat directory: a chunk knows dist/ as its own directory wherever dist/ is copied
// (`kustomize install-plugin` copies it beside the plugin file).
// Everything the CLI needs is bundled: an installed package has no runtime dependencies.
// The .cjs extension makes the files CommonJS wherever they are copied (the kustomize plugin
// home, a container image), with or without a package.json beside them.
import { build, transform } from 'esbuild';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const CLI_ENTRY = 'contextcore.cjs';

const minify = { minifyWhitespace: true, minifySyntax: true };

/**
 * esbuild options of the CLI's split build (the bench builds variants with other plugins, and one
 * left as ES modules, `esModules`, to weigh the CommonJS step).
 */
export const cliBuildOptions = (outdir, plugins = [], esModules = false) => ({
  entryPoints: { contextcore: join(ROOT, 'plugins/cli/bin.ts') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  outExtension: { '.js': esModules ? '.mjs' : '.cjs' },
  chunkNames: '[name]-[hash]',
  // Identifiers keep their names, so that the stack trace of a crash (exit 70) names functions.
  ...minify,
  legalComments: 'eof',
  logLevel: 'warning',
  plugins,
  metafile: true,
  write: false,
  ...(esModules
    ? // Bundled CommonJS packages call require() for Node's built-in modules (esbuild issue 1921).
      { banner: { js: "import { createRequire as __ccCreateRequire } from 'node:module'; const require = __ccCreateRequire(import.meta.url);" } }
    : // The chunks become CommonJS, which has no import.meta: IMPORT_META_URL is the URL of the
      // chunk's own file (every chunk is in dist/, so its directory is dist/ whichever chunk asks).
      { define: { 'import.meta.url': IMPORT_META_URL } }),
});

const IMPORT_META_URL = '__ccImportMetaUrl';
const importMetaUrl = `const ${IMPORT_META_URL}=require("node:url").pathToFileURL(__filename).href;`;

/** A chunk as CommonJS, with the file's URL where it reads import.meta.url (after any #! line). */
async function commonJs(code) {
  const { code: cjs } = await transform(code, { format: 'cjs', platform: 'node', target: 'node20', ...minify, legalComments: 'eof', supported: { 'dynamic-import': false }, logLevel: 'error' });
  if (!cjs.includes(IMPORT_META_URL)) return cjs;
  const [, shebang = '', body] = /^(#![^\n]*\n)?([\s\S]*)$/.exec(cjs);
  return `${shebang}${importMetaUrl}${body}`;
}

/** Chunks that require each other in a circle would see each other half-loaded as CommonJS. */
function assertNoCycle(metafile) {
  const edges = new Map(Object.entries(metafile.outputs).map(([out, o]) => [basename(out), o.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => basename(i.path))]));
  const state = new Map();
  const visit = (file, path) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') throw new Error(`build: chunks import each other in a circle: ${[...path, file].join(' → ')}`);
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of edges.keys()) visit(file, []);
}

/** Builds the CLI into outdir, emptied first (chunk names change with their content); returns its entry. */
export async function buildCli(outdir, plugins, { esModules = false } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build(cliBuildOptions(outdir, plugins, esModules));
  if (!esModules) assertNoCycle(result.metafile);
  mkdirSync(outdir, { recursive: true });
  for (const file of result.outputFiles) writeFileSync(file.path, esModules ? file.text : await commonJs(file.text));
  const entry = join(outdir, esModules ? 'contextcore.mjs' : CLI_ENTRY);
  chmodSync(entry, 0o755);
  return entry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli(join(ROOT, 'dist'));
