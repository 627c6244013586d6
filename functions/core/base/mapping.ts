// What JSON calls an object and YAML a mapping: not null, not a list. One predicate for every
// place that reads untyped input (documents, functionConfig, diffs).

export const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
