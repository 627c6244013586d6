// Builds dist/contextcore.cjs, one executable file (npm run build):
//
//   #!/usr/bin/env node
//   <loader: plugins/cli/loader.ts>           compiles the main code with a V8 code cache
//   //# contextcore-main
//   //<the CLI bundle, every line commented>  scanned, not parsed, by node; the loader runs it
//   //# contextcore-embedded <name> <data>    modules only some commands load (lazy-bundle.mjs)
//
// CommonJS: it starts faster than an ES module (no ESM loader, no module facades for built-ins)
// and runs under any file name, as the installed kustomize plugin must.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { embeddedLines, embedModules, lazyPromqlGrammar } from './lazy-bundle.mjs';

const outfile = 'dist/contextcore.cjs';
const MAIN_MARKER = '//# contextcore-main';
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, write: false, logLevel: 'warning' };

const embedded = embedModules({
  hook: 'plugins/hook/emit.ts',
  diff: 'plugins/cli/commands/diff-run.ts',
});
const main = await build({
  ...common,
  entryPoints: ['plugins/cli/bin.ts'],
  outfile: 'main.cjs',
  legalComments: 'eof',
  // The YAML library's ES module build, so that it is scope-hoisted instead of initialising
  // dozens of CommonJS module wrappers at every start.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  define: { 'import.meta.url': '__ccImportMetaUrl' },
  plugins: [embedded.plugin, lazyPromqlGrammar()],
  banner: { js: "const __ccImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const mainCode = main.outputFiles[0].text;
if (/[^\x00-\x7f]/.test(mainCode)) throw new Error('the main bundle must be ASCII (it is carried in comment lines)');

// The loader learns where the main code lies in the file; fixed-width placeholders keep the
// loader's length, and so the offsets, the same once the real numbers are written in.
const PLACEHOLDER = (n) => `${9_000_000_000 + n}`;
const loader = await build({
  ...common,
  entryPoints: ['plugins/cli/loader.ts'],
  outfile: 'loader.cjs',
  define: {
    BUILD_ID: JSON.stringify(createHash('sha256').update(mainCode).digest('hex').slice(0, 16)),
    MAIN_OFFSET: PLACEHOLDER(1),
    MAIN_LENGTH: PLACEHOLDER(2),
  },
});

const shebang = '#!/usr/bin/env node\n';
const head = `${loader.outputFiles[0].text}${MAIN_MARKER}\n`;
const commented = mainCode.replace(/\n$/, '').split('\n').map((line) => `//${line}\n`).join('');
const fill = (text, n, value) => {
  if (!text.includes(PLACEHOLDER(n))) throw new Error('loader placeholder not found');
  return text.replaceAll(PLACEHOLDER(n), String(value).padStart(10, '0').replace(/^0+(?=\d)/, (z) => ' '.repeat(z.length)));
};
const offset = Buffer.byteLength(head);
const finalHead = fill(fill(head, 1, offset), 2, Buffer.byteLength(commented));
if (Buffer.byteLength(finalHead) !== offset) throw new Error('the loader changed length');

mkdirSync('dist', { recursive: true });
writeFileSync(outfile, shebang + finalHead + commented + embeddedLines(embedded.packed));
chmodSync(outfile, 0o755);
