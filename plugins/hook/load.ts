// How `hook emit` gets its adapter. The Kubernetes client and the OpenTelemetry SDK are large
// (≈1.6 MB bundled): even unevaluated, V8 would spend tens of milliseconds compiling them at
// every start of every command. So the bundle carries the adapter compressed, as a string
// (embedded.ts, filled in by scripts/hook-bundle.mjs), and compiles it only when the hook runs.
// From sources (tsx) the adapter is imported directly.

import { HOOK_BUNDLE } from './embedded.js';

type HookModule = typeof import('./emit.js');

export async function loadHook(): Promise<HookModule> {
  if (HOOK_BUNDLE) {
    const { gunzipSync } = await import('node:zlib');
    const code = gunzipSync(Buffer.from(HOOK_BUNDLE, 'base64'));
    return (await import(`data:text/javascript;base64,${code.toString('base64')}`)) as HookModule;
  }
  // A computed specifier, so that esbuild leaves it out of the bundle.
  const source = new URL(import.meta.url.endsWith('.ts') ? './emit.ts' : './emit.js', import.meta.url).href;
  return (await import(source)) as HookModule;
}
