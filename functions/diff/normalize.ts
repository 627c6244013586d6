// The diffable form of a rendered resource. Two resources that mean the same have the same
// form whatever their key order, quoting or layout: keys sorted, nulls dropped, orchestrator
// annotations dropped, named list items keyed by name (list-identity.ts), and text that holds a
// structure parsed into it — JSON in ConfigMap data and annotations (dashboards, the plan, the
// managed-otel record) and the `k=v,k=v` list of OTEL_RESOURCE_ATTRIBUTES — so that one changed
// attribute is one change, not one long changed string.

import { ENV_RESOURCE_ATTRIBUTES, isMapping, parseResourceAttributes, type KubeObject } from '../core/index.js';
import { KRM_ANNOTATION_PREFIXES } from '../project-context-expander/conventions.js';
import { listIds } from './list-identity.js';

type Obj = Record<string, unknown>;

export interface Normalized {
  tree: Obj;
  /** Objects that were lists keyed by item id: their keys print as `[id]`. */
  keyed: WeakSet<object>;
  /** How an item of a keyed list is named in a path when its id is not what a person reads (a panel: its title). */
  labels: WeakMap<object, Record<string, string>>;
}

/** Sets an own property, even for a key such as `__proto__` (input is not trusted). */
const put = (o: Obj, key: string, value: unknown) => Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });

/** `a=1,b=2` → {a: "1", b: "2"}, read as the generator reads it; undefined when the text is not such a list. */
export function parseAttributeList(text: string): Record<string, string> | undefined {
  const pairs = parseResourceAttributes(text);
  if (!pairs.length) return undefined;
  const out: Record<string, string> = {};
  for (const { key, raw } of pairs) {
    // Compared attribute by attribute only when each is a `key=value` with a key of its own.
    const eq = raw.indexOf('=');
    if (eq <= 0 || !key || Object.prototype.hasOwnProperty.call(out, key)) return undefined;
    put(out, key, raw.slice(eq + 1).trim());
  }
  return out;
}

function parseJsonStructure(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

const endsWith = (path: readonly string[], tail: readonly string[]) => tail.every((t, i) => path[path.length - tail.length + i] === t);

export function normalize(obj: KubeObject): Normalized {
  const keyed = new WeakSet<object>();
  const labels = new WeakMap<object, Record<string, string>>();
  const isConfigMap = obj.kind === 'ConfigMap';

  const walk = (value: unknown, path: string[]): unknown => {
    if (Array.isArray(value)) {
      const ids = listIds(value);
      if (!ids) return value.map((v, i) => walk(v, [...path, String(i)]));
      // Items keep their order (so a value reads as written); matching is by id, not position.
      const out: Obj = {};
      const names: Record<string, string> = {};
      ids.forEach((id, i) => {
        put(out, id, walk(value[i], [...path, id]));
        const title = isMapping(value[i]) ? value[i].title : undefined;
        if (typeof title === 'string' && title !== id) names[id] = title;
      });
      keyed.add(out);
      if (Object.keys(names).length) labels.set(out, names);
      return out;
    }
    if (!isMapping(value)) return value;
    const annotations = endsWith(path, ['metadata', 'annotations']);
    const configData = isConfigMap && path.length === 1 && path[0] === 'data';
    const out: Obj = {};
    for (const key of Object.keys(value).sort()) {
      let v = value[key];
      if (v === null || v === undefined) continue;
      if (annotations && KRM_ANNOTATION_PREFIXES.some((p) => key.startsWith(p))) continue;
      if (typeof v === 'string' && (annotations || configData)) v = parseJsonStructure(v) ?? v;
      if (key === 'value' && typeof v === 'string' && value.name === ENV_RESOURCE_ATTRIBUTES) v = parseAttributeList(v) ?? v;
      put(out, key, walk(v, [...path, key]));
    }
    return out;
  };

  const tree = walk(obj, []) as Obj;
  const md = tree.metadata;
  if (isMapping(md) && isMapping(md.annotations) && !Object.keys(md.annotations).length) delete md.annotations;
  return { tree, keyed, labels };
}
