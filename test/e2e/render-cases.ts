// Every golden case rendered with the PostSync hook enabled, as a cluster would receive it. The
// examples through `contextcore render` (their own ProjectContextExpander, if any, with
// hook.enabled added); the diff cases through the library's expand() and the KRM conformance
// cases that succeed through the library's runFunction(), which golden.test.ts and
// krm-conformance.test.ts hold to the CLI's output byte for byte (a process each would cost a
// second apiece here). Rendered once per test run, applied to every API server.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { canonicalJson } from '../../functions/core/base/canonical.js';
import { isConfig } from '../../functions/core/pipeline/config.js';
import { expand } from '../support/expand.js';
import { runFunction } from '../../functions/project-context-expander/resource-list.js';
import { loadPaths } from '../../plugins/cli/io.js';
import { DIFF_BASE, DIFF_CASES_DIR, diffCases, INVALID_HEADS } from '../diff-cases.js';
import { examplePath, examples, ROOT, runCliAsync, withoutOrchestratorAnnotations } from '../helpers.js';

type Obj = Record<string, any>;

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';
const CONFORMANCE_DIR = 'test/conformance/krm';
const CONFIG = { apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'contextcore' } };
/** Added to every case's configuration. */
export const HOOK_CONFIG = { hook: { enabled: true }, source: { revision: 'e2e' } };

const withHook = (spec: Obj = {}) => ({ ...spec, ...HOOK_CONFIG, hook: { ...spec.hook, ...HOOK_CONFIG.hook } });
const ownConfig = (path: string) => loadPaths([join(ROOT, path)]).resources.find(isConfig)?.spec as Obj | undefined;

/**
 * What kubectl gets: what kustomize and kpt would apply, so no function configuration (local
 * config) and no kpt package files (a Kustomization passed as an item has no apiVersion or kind).
 */
export const applied = (objects: Obj[]) => objects.filter((o) => o.apiVersion && o.kind && o.metadata?.annotations?.[LOCAL_CONFIG] !== 'true' && !isConfig(o));

async function cliRender(path: string, dir: string): Promise<Obj[]> {
  const config = join(dir, `${path.replace(/[^a-z0-9]+/gi, '-')}-config.yaml`);
  writeFileSync(config, stringify({ ...CONFIG, spec: withHook(ownConfig(path)) }));
  const r = await runCliAsync(['render', path, '--config', config]);
  if (r.code !== 0) throw new Error(`contextcore render ${path} failed:\n${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj);
}

function libraryRender(path: string): Obj[] {
  const loaded = loadPaths([join(ROOT, path)]);
  const out = expand({ resources: loaded.resources, origins: loaded.origins }, { config: { ...CONFIG, spec: withHook(ownConfig(path)) } });
  if (!out.ok) throw new Error(`${path} does not render: ${out.results.map((r) => r.message).join('; ')}`);
  return out.resources as Obj[];
}

async function functionRender(path: string): Promise<Obj[]> {
  const list = parse(readFileSync(join(ROOT, path, 'input.yaml'), 'utf8'));
  const fc = list.functionConfig;
  if (fc?.kind === 'ConfigMap') fc.data = { ...fc.data, 'hook.enabled': 'true', 'source.revision': HOOK_CONFIG.source.revision };
  else list.functionConfig = { ...CONFIG, spec: withHook(fc?.spec) };
  const run = await runFunction(stringify(list));
  if (run.exitCode !== 0) throw new Error(`the function fails on ${path}: ${run.results.map((r) => r.message).join('; ')}`);
  // kpt removes its own annotations (path, index) before applying.
  return (parse(run.output.toString()).items as Obj[]).map(withoutOrchestratorAnnotations);
}

export interface Rendered {
  name: string;
  objects: Obj[];
  /** Objects no earlier case has, byte for byte: what is worth sending again. */
  fresh: Obj[];
}

/** Every case, rendered; examples two processes at a time. */
export async function renderAll(dir: string): Promise<Rendered[]> {
  const conformance = readdirSync(join(ROOT, CONFORMANCE_DIR), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('example-') && readFileSync(join(ROOT, CONFORMANCE_DIR, e.name, 'exitcode'), 'utf8').trim() === '0')
    .map((e) => e.name)
    .sort();
  const names = examples();
  const byCli: Obj[][] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < names.length) {
        const i = next++;
        byCli[i] = await cliRender(examplePath(names[i]!), dir);
      }
    }),
  );
  const cases: Array<{ name: string; objects: Obj[] }> = [
    ...names.map((name, i) => ({ name: `example ${name}`, objects: byCli[i]! })),
    { name: 'diff base', objects: libraryRender(DIFF_BASE) },
    ...diffCases()
      .filter((name) => !INVALID_HEADS.has(name))
      .map((name) => ({ name: `diff case ${name}`, objects: libraryRender(join(DIFF_CASES_DIR, name)) })),
    ...(await Promise.all(conformance.map(async (name) => ({ name: `KRM conformance case ${name}`, objects: await functionRender(join(CONFORMANCE_DIR, name)) })))),
  ];
  const seen = new Set<string>();
  return cases.map((c) => {
    const objects = applied(c.objects);
    const fresh = objects.filter((o) => {
      const key = canonicalJson(o);
      return !seen.has(key) && !!seen.add(key);
    });
    return { name: c.name, objects, fresh };
  });
}
