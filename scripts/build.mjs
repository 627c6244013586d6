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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** esbuild options of the CLI, written to outdir (the bench builds variants with other plugins). */
export const cliBuildOptions = (outdir, plugins = []) => ({
  entryPoints: { contextcore: join(ROOT, 'plugins/cli/bin.ts') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  // Identifiers keep their names, so that the stack trace of a crash (exit 70) names functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  plugins,
  // Bundled CommonJS packages (the Kubernetes client, the OpenTelemetry SDK) call require() for
  // Node's built-in modules; an ES module has no require of its own (esbuild issue 1921).
  banner: { js: "import { createRequire as __ccCreateRequire } from 'node:module'; const require = __ccCreateRequire(import.meta.url);" },
});

/** Builds the CLI into outdir, emptied first (chunk names change with their content). */
export async function buildCli(outdir, plugins) {
  rmSync(outdir, { recursive: true, force: true });
  await build(cliBuildOptions(outdir, plugins));
  chmodSync(join(outdir, 'contextcore.mjs'), 0o755);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli(join(ROOT, 'dist'));
