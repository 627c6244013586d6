// Index of the input: lookups by kind/namespace/name and by namespace, so that matching targets
// and Services stays linear in the input size.

import { ANNOTATION_GENERATOR, ANNOTATION_SOURCE, GENERATOR_NAME, LABEL_MANAGED_BY, MANAGED_BY_VALUE } from './conventions.js';
import type { Entry } from './model.js';
import type { KubeObject, Origin } from './types/kube.js';

export const keyOf = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/** True for resources an earlier ContextCore run generated. */
export function isGenerated(obj: KubeObject): boolean {
  return (
    obj.metadata?.labels?.[LABEL_MANAGED_BY] === MANAGED_BY_VALUE &&
    typeof obj.metadata?.annotations?.[ANNOTATION_GENERATOR] === 'string' &&
    obj.metadata.annotations[ANNOTATION_GENERATOR].startsWith(`${GENERATOR_NAME}/`)
  );
}

export const generatedSource = (obj: KubeObject) => obj.metadata?.annotations?.[ANNOTATION_SOURCE];

export function toEntry(object: KubeObject, index: number, origin: Origin | undefined, defaultNamespace: string): Entry {
  const ns = object.metadata?.namespace;
  const entry: Entry = {
    object,
    index,
    kind: String(object.kind ?? ''),
    name: String(object.metadata?.name ?? ''),
    namespace: typeof ns === 'string' && ns ? ns : defaultNamespace,
    explicitNamespace: typeof ns === 'string' && ns.length > 0,
  };
  if (origin) entry.origin = origin;
  return entry;
}

export class Inventory {
  private readonly byKey = new Map<string, Entry>();
  private readonly byKindNs = new Map<string, Entry[]>();
  private readonly byKind = new Map<string, Entry[]>();

  /** Only user resources: earlier ContextCore output is left out by the caller. */
  constructor(entries: readonly Entry[]) {
    for (const e of entries) {
      const key = keyOf(e.kind, e.namespace, e.name);
      if (!this.byKey.has(key)) this.byKey.set(key, e);
      const kn = `${e.kind}/${e.namespace}`;
      (this.byKindNs.get(kn) ?? this.byKindNs.set(kn, []).get(kn)!).push(e);
      (this.byKind.get(e.kind) ?? this.byKind.set(e.kind, []).get(e.kind)!).push(e);
    }
  }

  get(kind: string, namespace: string, name: string): Entry | undefined {
    return this.byKey.get(keyOf(kind, namespace, name));
  }

  inNamespace(kind: string, namespace: string): readonly Entry[] {
    return this.byKindNs.get(`${kind}/${namespace}`) ?? [];
  }

  ofKind(kind: string): readonly Entry[] {
    return this.byKind.get(kind) ?? [];
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }
}
