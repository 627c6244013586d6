// Builds dist/ with esbuild (npm run build): ES modules with code splitting.
//
//   dist/contextcore.mjs    the CLI's entry (bin: contextcore, contextcore-fn)
//   dist/*-<hash>.mjs       its chunks: the code it imports, and what a command imports with
//                           import() only when it runs (the diff engine; the hook with its
//                           Kubernetes client and OpenTelemetry SDK)
//
// One flat directory: a module knows dist/ as its own directory wherever dist/ is copied
// (`kustomize install-plugin` copies it beside the plugin file).
// Everything the CLI needs is bundled: an installed package has no runtime dependencies.
// The .mjs extension makes the files ES modules wherever they are copied (the kustomize plugin
// home, a container image), with or without a package.json beside them.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

const ENTRY = 'dist/contextcore.mjs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { contextcore: 'plugins/cli/bin.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
  // Bundled CommonJS packages (the Kubernetes client, the OpenTelemetry SDK) call require() for
  // Node's built-in modules; an ES module has no require of its own (esbuild issue 1921).
  banner: { js: "import { createRequire as __ccCreateRequire } from 'node:module'; const require = __ccCreateRequire(import.meta.url);" },
});
chmodSync(ENTRY, 0o755);
