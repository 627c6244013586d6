// Which ProjectContextExpander a run uses, whatever the orchestrator handed over: kpt's
// functionConfig (a ProjectContextExpander, or the ConfigMap `kpt fn eval … -- key=value` makes),
// the transformer config kustomize passes to the function or the legacy plugin, or none. Pure.
//
// Rules, in order:
// 1. nothing, or an empty ConfigMap (kpt sends `data: {}` when no key=value is given) → none;
// 2. a ConfigMap with data → a ProjectContextExpander built from its keys (configMapToConfig);
// 3. a ProjectContextExpander without settings (no spec, or an empty one) → none: it only turns
//    the function on, as the kustomize Component does;
// 4. a ProjectContextExpander equal to one among the items (kpt's Kptfile `configPath` naming a
//    file of the package) → none;
// 5. otherwise the given object (the core validates it and rejects other kinds).
// "None" lets the core use a ProjectContextExpander found among the items, else the defaults.

import { canonicalJson, CONFIG_API_VERSION, CONFIG_KIND, error, functionConfigSchema, isConfig, isMapping, type KubeObject, type Result } from '../core/index.js';
import { KPT_FN_ARGS_API_VERSION, KPT_FN_ARGS_KIND, KRM_ANNOTATION_PREFIXES } from './conventions.js';

export interface ConfigChoice {
  /** The configuration to pass to expand() explicitly; undefined to let the core look in the items. */
  config?: KubeObject;
  results: Result[];
}

type Schema = { type?: string; properties?: Record<string, Schema>; additionalProperties?: Schema | boolean };

export const isKptFnArgs = (o: KubeObject) => o.apiVersion === KPT_FN_ARGS_API_VERSION && o.kind === KPT_FN_ARGS_KIND;

/** The object without the annotations orchestrators add (path, index, id …). */
function withoutOrchestratorMetadata(o: KubeObject): unknown {
  const annotations = Object.fromEntries(Object.entries(o.metadata?.annotations ?? {}).filter(([k]) => !KRM_ANNOTATION_PREFIXES.some((p) => k.startsWith(p))));
  return { ...o, metadata: { ...o.metadata, annotations } };
}

const specSchema = (functionConfigSchema as unknown as { properties: { spec: Schema } }).properties.spec;

/** Every settable key, dotted, for messages: `environment`, `prometheus.selectorLabels.<label>` … */
export function configMapKeys(schema: Schema = specSchema, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    if (child.type === 'object' && child.properties) keys.push(...configMapKeys(child, `${prefix}${name}.`));
    else if (child.type === 'object' && isMapping(child.additionalProperties)) keys.push(`${prefix}${name}.<key>`);
    else keys.push(`${prefix}${name}`);
  }
  return keys;
}

/** Parses one value by the schema type of its field: the value, or what is wrong with it. */
export function typedValue(type: string | undefined, text: string): { value: unknown } | { problem: string } {
  const problem = { problem: `must be ${type === 'boolean' ? 'true or false' : `a ${type}`} (got "${text}")` };
  if (type === 'boolean') return text === 'true' ? { value: true } : text === 'false' ? { value: false } : problem;
  if (type === 'number' || type === 'integer') {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) && (type === 'number' || Number.isInteger(n)) ? { value: n } : problem;
  }
  return { value: text };
}

/** Sets value at path below obj, making the mappings on the way (anything else there is replaced). */
export function setAtPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    const next = isMapping(cur[key]) ? (cur[key] as Record<string, unknown>) : {};
    cur[key] = next;
    cur = next;
  }
  cur[path[path.length - 1]!] = value;
}

/** Where a dotted key lands in spec and the type its value must have; undefined for an unknown key. */
export function resolveSetting(key: string, schema: Schema = specSchema): { path: string[]; type?: string } | undefined {
  const [head, ...rest] = key.split('.');
  const child = head ? schema.properties?.[head] : undefined;
  if (!child) return undefined;
  if (child.type !== 'object') return rest.length ? undefined : { path: [head!], type: child.type };
  if (!rest.length) return undefined;
  if (child.properties) {
    const inner = resolveSetting(rest.join('.'), child);
    return inner && { path: [head!, ...inner.path], type: inner.type };
  }
  // A map (labels): the rest of the key, dots included, is the map key.
  if (isMapping(child.additionalProperties)) return { path: [head!, rest.join('.')], type: child.additionalProperties.type };
  return undefined;
}

/**
 * `kpt fn eval … -- environment=production prometheus.selectorLabels.release=kps` arrives as a
 * ConfigMap; each key is a dotted path into ProjectContextExpander.spec (a map field takes the
 * rest of the key as its own key), each value is typed by the config schema.
 */
export function configMapToConfig(cm: KubeObject): ConfigChoice {
  const data = (cm as { data?: unknown }).data ?? {};
  if (!isMapping(data)) return { results: [error('functionConfig ConfigMap data must be a map of settings', { resource: cm, field: 'data' })] };
  const results: Result[] = [];
  const spec: Record<string, unknown> = {};
  for (const key of Object.keys(data).sort()) {
    const at = { resource: cm, field: `data.${key}` };
    const setting = resolveSetting(key);
    if (!setting) {
      results.push(error(`unknown setting "${key}"; known: ${configMapKeys().join(', ')}`, at));
      continue;
    }
    const raw = data[key];
    const text = raw === null || raw === undefined ? '' : String(raw);
    const typed = typedValue(setting.type, text);
    if ('problem' in typed) results.push(error(typed.problem, at));
    else setAtPath(spec, setting.path, typed.value);
  }
  if (results.length) return { results };
  return { config: { apiVersion: CONFIG_API_VERSION, kind: CONFIG_KIND, metadata: { name: cm.metadata?.name ?? CONFIG_KIND.toLowerCase() }, spec }, results };
}

/** Applies the rules at the top of this file; a given value that is not a mapping is an error. */
export function selectFunctionConfig(given: KubeObject | null | undefined, items: readonly KubeObject[]): ConfigChoice {
  if (given === undefined || given === null) return { results: [] };
  if (!isMapping(given)) return { results: [error('functionConfig must be a mapping', { field: 'functionConfig' })] };
  if (!Object.keys(given).length) return { results: [] };
  if (isKptFnArgs(given)) {
    const data = (given as { data?: unknown }).data;
    if (data === undefined || data === null || (isMapping(data) && !Object.keys(data).length)) return { results: [] };
    return configMapToConfig(given);
  }
  if (isConfig(given)) {
    const spec = (given as { spec?: unknown }).spec;
    if (spec === undefined || spec === null || (isMapping(spec) && !Object.keys(spec).length)) return { results: [] };
    const same = canonicalJson(withoutOrchestratorMetadata(given));
    if (items.some((item) => isConfig(item) && canonicalJson(withoutOrchestratorMetadata(item)) === same)) return { results: [] };
  }
  return { config: given, results: [] };
}
