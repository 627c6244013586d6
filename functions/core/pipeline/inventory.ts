// Index of the input: lookups by kind/namespace/name and by namespace, so that matching targets
// and Services stays linear in the input size.

import { ANNOTATION_GENERATOR, ANNOTATION_SOURCE, GENERATOR_NAME, LABEL_MANAGED_BY, MANAGED_BY_VALUE } from '../conventions/index.js';
import type { KubeObject, Origin } from '../types/kube.js';

/** One input resource with where it came from and its effective namespace. */
export interface Entry {
  object: KubeObject;
  /** Position in the input. */
  index: number;
  origin?: Origin;
  kind: string;
  name: string;
  /** metadata.namespace, or the configured default namespace when it has none. */
  namespace: string;
  /** Whether metadata.namespace was set (generated resources copy it only then). */
  explicitNamespace: boolean;
}

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

/** `Deployment shop/web appears more than once (first in app.yaml#2)`. */
export function duplicateText(inventory: Inventory, copy: Entry): string {
  const first = inventory.get(copy.kind, copy.namespace, copy.name);
  const where = first?.origin ? ` (first in ${first.origin.path}${first.origin.index ? `#${first.origin.index}` : ''})` : '';
  return `${copy.kind} ${copy.namespace}/${copy.name} appears more than once${where}`;
}

const pairKey = (k: string, v: unknown) => `${k}\u0000${String(v)}`;

export class Inventory {
  private readonly byKey = new Map<string, Entry>();
  private readonly byKindNs = new Map<string, Entry[]>();
  private readonly byKind = new Map<string, Entry[]>();
  /** Services by namespace and by the first pair of their selector: any Service selecting a set of labels is found from one of those labels. */
  private readonly servicesBySelectorPair = new Map<string, Entry[]>();
  /** Monitors (ServiceMonitor/PodMonitor) by kind and the namespace they select; `*` for namespaceSelector.any. */
  private readonly monitorsBySelectedNs = new Map<string, Entry[]>();

  /** Only user resources: earlier ContextCore output is left out by the caller. */
  /** Later copies of a kind/namespace/name already seen, in input order. */
  readonly duplicates: Entry[] = [];
  private readonly duplicatesByKey = new Map<string, Entry[]>();

  duplicatesOf(kind: string, namespace: string, name: string): readonly Entry[] {
    return this.duplicatesByKey.get(keyOf(kind, namespace, name)) ?? [];
  }

  constructor(entries: readonly Entry[]) {
    for (const e of entries) {
      const key = keyOf(e.kind, e.namespace, e.name);
      if (!this.byKey.has(key)) this.byKey.set(key, e);
      else if (e.name) {
        this.duplicates.push(e);
        this.push(this.duplicatesByKey, key, e);
      }
      const kn = `${e.kind}/${e.namespace}`;
      (this.byKindNs.get(kn) ?? this.byKindNs.set(kn, []).get(kn)!).push(e);
      (this.byKind.get(e.kind) ?? this.byKind.set(e.kind, []).get(e.kind)!).push(e);
      if (e.kind === 'Service') this.indexService(e);
      if (e.kind === 'ServiceMonitor' || e.kind === 'PodMonitor') this.indexMonitor(e);
    }
  }

  private push(map: Map<string, Entry[]>, key: string, e: Entry): void {
    (map.get(key) ?? map.set(key, []).get(key)!).push(e);
  }

  private indexService(e: Entry): void {
    const selector = (e.object.spec as Record<string, any> | undefined)?.selector;
    if (!selector || typeof selector !== 'object') return;
    const first = Object.keys(selector).sort()[0];
    if (first !== undefined) this.push(this.servicesBySelectorPair, `${e.namespace}\u0000${pairKey(first, selector[first])}`, e);
  }

  private indexMonitor(e: Entry): void {
    const sel = (e.object.spec as Record<string, any> | undefined)?.namespaceSelector;
    const namespaces: string[] =
      sel?.any === true ? ['*'] : Array.isArray(sel?.matchNames) && sel.matchNames.length ? sel.matchNames.map(String) : [e.namespace];
    for (const ns of new Set(namespaces)) this.push(this.monitorsBySelectedNs, `${e.kind}\u0000${ns}`, e);
  }

  /** Services in `namespace` whose selector could match `labels` (callers check the full selector). */
  serviceCandidates(namespace: string, labels: Record<string, string>): Entry[] {
    const seen = new Set<Entry>();
    for (const [k, v] of Object.entries(labels)) for (const s of this.servicesBySelectorPair.get(`${namespace}\u0000${pairKey(k, v)}`) ?? []) seen.add(s);
    return [...seen];
  }

  /** ServiceMonitors or PodMonitors that select `namespace` (by namespaceSelector or their own namespace). */
  monitorsSelecting(kind: 'ServiceMonitor' | 'PodMonitor', namespace: string): Entry[] {
    return [...(this.monitorsBySelectedNs.get(`${kind}\u0000${namespace}`) ?? []), ...(this.monitorsBySelectedNs.get(`${kind}\u0000*`) ?? [])];
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
