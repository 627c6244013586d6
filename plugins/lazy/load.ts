// Loads a module the bundle embeds: the PostSync hook adapter with the Kubernetes client and the
// OpenTelemetry SDK, and the diff engine. Compiled at every start, even unevaluated, they would
// cost every command tens of milliseconds; so the build appends each one, as CommonJS, gzipped
// and base64-encoded, as a comment line at the end of the bundle (`//# contextcore-embedded
// <name> <data>`), which the JavaScript parser skips, and only the command that needs one reads
// it back and evaluates it. From sources (tsx) the module is imported directly.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { EMBEDDED } from './embedded.js';

export const EMBEDDED_MARKER = '//# contextcore-embedded ';

/** The packed module from the end of the bundle file. */
function packedFromBundle(bundle: string, name: string): string {
  const text = readFileSync(bundle, 'latin1');
  const start = text.lastIndexOf(`\n${EMBEDDED_MARKER}${name} `);
  if (start < 0) throw new Error(`the bundle has no embedded module "${name}"`);
  const from = start + 1 + EMBEDDED_MARKER.length + name.length + 1;
  const end = text.indexOf('\n', from);
  return text.slice(from, end < 0 ? undefined : end);
}

export async function loadEmbedded<T>(name: string, source: URL): Promise<T> {
  if (EMBEDDED.includes(name)) {
    const bundle = fileURLToPath(import.meta.url);
    const require = createRequire(bundle);
    const code = (require('node:zlib') as typeof import('node:zlib')).gunzipSync(Buffer.from(packedFromBundle(bundle, name), 'base64')).toString('utf8');
    const module = { exports: {} as T };
    // The module's own scope, with the bundle's require for node's built-in modules.
    new Function('exports', 'require', 'module', '__filename', '__dirname', code)(module.exports, require, module, bundle, bundle.replace(/[\\/][^\\/]*$/, ''));
    return module.exports;
  }
  // A computed specifier, so that esbuild leaves it out of the bundle.
  return (await import(source.href)) as T;
}

/** `./x.ts` from sources, `./x.js` once compiled: the sibling of a module in either form. */
export const sibling = (metaUrl: string, stem: string) => new URL(`${stem}${metaUrl.endsWith('.ts') ? '.ts' : '.js'}`, metaUrl);
