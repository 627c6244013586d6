// Deterministic shape of everything we emit: apiVersion, kind, metadata first, then keys in
// sorted order, undefined dropped.

const TOP_LEVEL_ORDER = ['apiVersion', 'kind', 'metadata'];

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/**
 * Resources this run generated. Key order only matters once they are written, so instead of
 * copying them into canonical order, they are marked and the YAML writer (yaml/emit.ts) writes
 * them in it: apiVersion, kind, metadata first, every other key sorted, at every level.
 */
const CANONICAL = new WeakSet<object>();

/** Code-unit order: the same on every machine and locale (localeCompare is neither). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function markCanonical<T extends object>(obj: T): T {
  CANONICAL.add(obj);
  return obj;
}

export const isMarkedCanonical = (obj: object) => CANONICAL.has(obj);

/** Top-level keys in canonical order. */
export function canonicalKeys(obj: object): string[] {
  const keys = Object.keys(obj).sort();
  return [...TOP_LEVEL_ORDER.filter((k) => keys.includes(k)), ...keys.filter((k) => !TOP_LEVEL_ORDER.includes(k))];
}

/** A Kubernetes object in canonical key order (a copy). */
export function canonicalObject<T extends object>(obj: T): T {
  const sorted = sortKeys(obj) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) if (key in sorted) out[key] = sorted[key];
  for (const [key, v] of Object.entries(sorted)) if (!TOP_LEVEL_ORDER.includes(key)) out[key] = v;
  return out as T;
}

/** JSON with sorted keys: the canonical text that checksums are taken over. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** Deep copy of plain JSON data. */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
