// Bundles the CLI into one executable ES module: dist/contextcore.mjs (npm run build).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { embedHook } from './hook-bundle.mjs';

const outfile = 'dist/contextcore.mjs';
await build({
  entryPoints: ['plugins/cli/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [embedHook()],
  banner: {
    // Bundled CommonJS dependencies call require(); give them one.
    js: "#!/usr/bin/env node\nimport { createRequire as __ccCreateRequire } from 'node:module';\nconst require = __ccCreateRequire(import.meta.url);",
  },
});
chmodSync(outfile, 0o755);
