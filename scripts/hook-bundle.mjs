// esbuild plugin for scripts/build.mjs: bundles the PostSync hook adapter (plugins/hook/emit.ts,
// with @kubernetes/client-node and the OpenTelemetry SDK) on its own, and embeds it gzipped and
// base64-encoded as plugins/hook/embedded.ts. Other commands then pay only for scanning a string
// (≈0.5 MB) instead of compiling ≈1.6 MB of code; `hook emit` unpacks and compiles it
// (plugins/hook/load.ts). The output stays one file.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

export function embedHook() {
  return {
    name: 'contextcore-embed-hook',
    setup(b) {
      b.onLoad({ filter: /plugins[\\/]hook[\\/]embedded\.ts$/ }, async () => {
        const hook = await build({
          entryPoints: ['plugins/hook/emit.ts'],
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          minify: true,
          write: false,
          legalComments: 'eof',
          logLevel: 'warning',
          // Bundled CommonJS dependencies call require() (node built-ins only); a data: module has
          // no file URL to anchor it, any absolute path does for built-ins.
          banner: { js: "import { createRequire as __ccCreateRequire } from 'node:module';const require = __ccCreateRequire(process.execPath);" },
        });
        const packed = gzipSync(hook.outputFiles[0].contents, { level: 9 }).toString('base64');
        return { contents: `export const HOOK_BUNDLE = ${JSON.stringify(packed)};\n`, loader: 'js' };
      });
    },
  };
}
