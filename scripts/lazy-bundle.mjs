// esbuild plugins for scripts/build.mjs that keep rarely used code out of the start-up path while
// the output stays one file:
// - embedModules: bundles each named entry (the hook adapter, the diff engine) on its own, as
//   CommonJS; the build appends it gzipped and base64-encoded as a comment line at the end of the
//   bundle, which plugins/lazy/load.ts reads back and evaluates when its command runs.
// - lazyPromqlGrammar: the PromQL grammar is needed only for custom SLI queries and for reading
//   user PrometheusRules; the bundle gets a shim whose parser.parse unpacks the grammar on first use.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const common = { bundle: true, platform: 'node', target: 'node20', minify: true, write: false, legalComments: 'eof', logLevel: 'warning' };
const pack = (bytes) => gzipSync(bytes, { level: 9 }).toString('base64');

/** The marker of an embedded module's line at the end of the bundle (plugins/lazy/load.ts). */
export const EMBEDDED_MARKER = '//# contextcore-embedded ';

/**
 * Bundles each entry on its own; the bundle's plugins/lazy/embedded.ts lists their names, and
 * `appendEmbedded` writes them, packed, as comment lines at the end of the output file.
 */
export function embedModules(entries) {
  const packed = {};
  return {
    packed,
    plugin: {
      name: 'contextcore-embed-modules',
      setup(b) {
        b.onLoad({ filter: /plugins[\\/]lazy[\\/]embedded\.ts$/ }, async () => {
          for (const [name, entry] of Object.entries(entries)) {
            const out = await build({
              ...common,
              entryPoints: [entry],
              // CommonJS, evaluated by plugins/lazy/load.ts with the bundle's require: no dynamic
              // import (which node marks experimental under vm), no ESM loader at run time.
              format: 'cjs',
              // import('http') (the OpenTelemetry exporter) becomes require: code evaluated by
              // new Function has no module loader for dynamic import.
              supported: { 'dynamic-import': false },
              define: { 'import.meta.url': '__ccImportMetaUrl' },
              banner: { js: "const __ccImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
            });
            packed[name] = pack(out.outputFiles[0].contents);
          }
          return { contents: `export const EMBEDDED = ${JSON.stringify(Object.keys(entries))};\n`, loader: 'js' };
        });
      },
    },
  };
}

export const embeddedLines = (packed) => Object.entries(packed).map(([name, data]) => `${EMBEDDED_MARKER}${name} ${data}\n`).join('');

export function lazyPromqlGrammar() {
  return {
    name: 'contextcore-lazy-promql-grammar',
    setup(b) {
      b.onResolve({ filter: /^@prometheus-io\/lezer-promql$/ }, () => ({ path: 'lezer-promql', namespace: 'contextcore-lazy' }));
      b.onLoad({ filter: /.*/, namespace: 'contextcore-lazy' }, async () => {
        const out = await build({
          ...common,
          stdin: { contents: "export { parser } from '@prometheus-io/lezer-promql';", resolveDir: process.cwd(), loader: 'js' },
          format: 'cjs',
        });
        const packed = pack(out.outputFiles[0].contents);
        return {
          loader: 'js',
          contents: `import { createRequire } from 'node:module';
const PACKED = ${JSON.stringify(packed)};
let grammar;
function load() {
  if (!grammar) {
    const req = createRequire(process.execPath);
    const module = { exports: {} };
    new Function('module', 'exports', 'require', req('node:zlib').gunzipSync(Buffer.from(PACKED, 'base64')).toString('utf8'))(module, module.exports, req);
    grammar = module.exports.parser;
  }
  return grammar;
}
export const parser = { parse: (input) => load().parse(input) };
`,
        };
      });
    },
  };
}
