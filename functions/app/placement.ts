// What a run of the ContextCore transformer must know of the build after it. A later namespace:
// moves every namespaced object (a NamespaceTransformer with unsetOnly only the namespace-less
// ones): the run places its input there first, so that every selector, record label, dashboard
// query, plan entry and context key names the namespace the objects will be in. A later
// namePrefix: or nameSuffix: renames objects, which the generated PromQL cannot follow: the build
// fails before kustomize runs, naming the layout and the fix. Pure.

import { error, type KubeObject, type Result } from '../core/index.js';
import { isNamespaced } from './cluster-scoped.js';
import type { KustomizeLayout, LaterStep, TransformerSite } from './kustomize-layout.js';

/** Where the later steps of the build put the objects of one run. */
export interface Placement {
  /** The final namespace; `all` when every namespaced object moves there, else only namespace-less ones. */
  namespace?: { name: string; all: boolean; by: string };
}

/** Placements by KUSTOMIZE_PLUGIN_CONFIG_ROOT; null where sites of one root disagree. */
export interface PlacementTable {
  byRoot: Record<string, Placement | null>;
  /** For runs from a root not listed (a remote component): null when unknown. */
  otherwise: Placement | null;
}

const stepText = (s: LaterStep) => `${s.by}${s.value ? ` ${s.value}` : ''} of ${s.in}`;

/** The namespace the later steps leave an object in, folded in build order. */
export function placementAfter(later: readonly LaterStep[]): Placement {
  let all: LaterStep | undefined;
  let unset: LaterStep | undefined;
  for (const s of later) {
    if (s.kind !== 'namespace' || !s.value) continue;
    if (s.unsetOnly) unset ??= s;
    else all = unset = s;
  }
  const last = all ?? unset;
  return last ? { namespace: { name: last.value!, all: !!all, by: stepText(last) } } : {};
}

const renames = (later: readonly LaterStep[]) => later.filter((s) => s.kind === 'namePrefix' || s.kind === 'nameSuffix');

const siteText = (site: TransformerSite) => `the ContextCore ${site.inComponent ? 'component' : 'transformer'} listed in ${site.declaredIn}`;

/** The error of a run that a later step renames objects after. */
export function renamedAfter(site: TransformerSite, steps: readonly LaterStep[]): Result {
  const first = steps[0]!;
  return error(
    `${siteText(site)} runs before ${steps.map(stepText).join(' and ')}, so its selectors, record labels and dashboards would name the objects by names they will not have; ` +
      `run ContextCore after the rename: list its ProjectContextExpander config under transformers: of ${first.in} (after ${first.by}; kustomize runs transformers: after namePrefix: and nameSuffix:), or rename in a base below the kustomization that runs ContextCore`,
  );
}

/** What a later step changed, in words, for the check of the build's output. */
export function laterStepsText(layout: KustomizeLayout): string | undefined {
  const lines = layout.sites.filter((s) => s.later.length).map((s) => `${siteText(s)} runs before ${s.later.map(stepText).join(', ')}`);
  return lines.length ? lines.join('; ') : undefined;
}

const same = (a: Placement | null, b: Placement | null) => JSON.stringify(a) === JSON.stringify(b);

/** The placement of every run, and the errors of runs that a later step renames after. */
export function placementTable(layout: KustomizeLayout): { table: PlacementTable; results: Result[] } {
  const results: Result[] = [];
  const byRoot: Record<string, Placement | null> = {};
  for (const site of layout.sites) {
    const renamed = renames(site.later);
    if (renamed.length) results.push(renamedAfter(site, renamed));
    const placement = placementAfter(site.later);
    byRoot[site.root] = site.root in byRoot && !same(byRoot[site.root]!, placement) ? null : placement;
  }
  const remote = layout.remoteComponents.map((c) => placementAfter(c.later));
  const otherwise = remote.length && remote.every((p) => same(p, remote[0]!)) ? remote[0]! : null;
  return { table: { byRoot, otherwise }, results };
}

/** The placement of the run whose config was loaded from root (undefined: unknown, nothing vouched for). */
export function placementFor(table: PlacementTable, root: string | undefined): Placement | undefined {
  const found = root !== undefined && root in table.byRoot ? table.byRoot[root] : table.otherwise;
  return found ?? undefined;
}

/** The input placed as the later steps will place it: metadata.namespace of the namespaced objects set. */
export function place(resources: readonly KubeObject[], placement: Placement): KubeObject[] {
  const ns = placement.namespace;
  if (!ns) return [...resources];
  return resources.map((o) => {
    if (!o || typeof o !== 'object' || !isNamespaced(o.apiVersion, o.kind)) return o;
    const current = o.metadata?.namespace;
    if (current === ns.name || (!ns.all && typeof current === 'string' && current)) return o;
    return { ...o, metadata: { ...o.metadata, namespace: ns.name } };
  });
}

/**
 * Why the kustomize plugin cannot place a namespace-less ProjectContext on its own: it cannot see
 * the steps after it (ExpandOptions.namespaceUnknown; the message starts "no metadata.namespace, and").
 */
export const NAMESPACE_UNKNOWN_IN_KUSTOMIZE =
  'the kustomize plugin cannot know where it will be: a namespace: of the kustomization that includes the ContextCore component is applied after the component (the layout "component beside namespace:"), and kubectl or Argo CD place what is still namespace-less. ' +
  'Fix one of: set metadata.namespace in the files or spec.defaultNamespace in the ProjectContextExpander; list the ProjectContextExpander config under transformers: of the kustomization that sets namespace:; add the component in an overlay over the base that sets it; ' +
  'or build with `contextcore render DIR` or the Argo CD plugin, which read the kustomization and place it';
