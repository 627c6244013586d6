// Resolves each context's targets against the input and checks what spans resources: every
// target present, no workload claimed by two contexts, no context defined twice.

import { keyOf, type Inventory } from './inventory.js';
import type { ContextModel, Entry, ResolvedTarget } from './model.js';
import { error, type Result } from './results.js';
import { isWorkloadKind, mapSelectorMatches, podLabels } from './workloads.js';

type Draft = Omit<ContextModel, 'targets' | 'derived' | 'checksum' | 'dashboardUid'>;

export function checkDuplicateContexts(contexts: readonly Draft[]): Result[] {
  const seen = new Map<string, Draft>();
  const results: Result[] = [];
  for (const c of contexts) {
    const first = seen.get(c.key);
    if (first) {
      const where = first.entry.origin ? ` (first in ${first.entry.origin.path})` : '';
      results.push(error(`ProjectContext ${c.key} is defined more than once${where}`, { resource: c.entry.object, origin: c.entry.origin, field: 'metadata.name' }));
    } else seen.set(c.key, c);
  }
  return results;
}

/** Services in the target's namespace whose selector matches the workload's pod labels. */
function servicesFor(inventory: Inventory, entry: Entry): Entry[] {
  if (entry.kind === 'Service') return [entry];
  if (!isWorkloadKind(entry.kind)) return [];
  const labels = podLabels(entry.object);
  return inventory
    .serviceCandidates(entry.namespace, labels)
    .filter((s) => mapSelectorMatches((s.object.spec as any)?.selector, labels))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function resolveTargets(
  contexts: readonly Draft[],
  inventory: Inventory,
): { targets: Map<string, ResolvedTarget[]>; results: Result[] } {
  const results: Result[] = [];
  const targets = new Map<string, ResolvedTarget[]>();
  const claims = new Map<string, { context: Draft; index: number }>();
  for (const c of contexts) {
    const resolved: ResolvedTarget[] = [];
    c.spec.targets.forEach((t, index) => {
      const namespace = t.namespace ?? c.namespace;
      const field = `spec.targets[${index}]`;
      const at = { resource: c.entry.object, origin: c.entry.origin, field };
      const entry = inventory.get(t.kind, namespace, t.name);
      if (!entry) {
        results.push(error(`${t.kind} ${namespace}/${t.name} is not in the input; a target must be rendered together with its ProjectContext`, at));
        return;
      }
      const key = keyOf(t.kind, namespace, t.name);
      const claim = claims.get(key);
      if (claim && claim.context.key !== c.key) {
        results.push(
          error(`${t.kind} ${namespace}/${t.name} is already claimed by ProjectContext ${claim.context.key} (spec.targets[${claim.index}]); a workload belongs to one context`, at),
        );
        results.push(
          error(`${t.kind} ${namespace}/${t.name} is also claimed by ProjectContext ${c.key} (spec.targets[${index}]); a workload belongs to one context`, {
            resource: claim.context.entry.object,
            origin: claim.context.entry.origin,
            field: `spec.targets[${claim.index}]`,
          }),
        );
        return;
      }
      if (!claim) claims.set(key, { context: c, index });
      else return; // duplicate within one context: reported by the CRD rule
      resolved.push({ index, kind: t.kind, name: t.name, namespace, entry, services: servicesFor(inventory, entry) });
    });
    targets.set(c.key, resolved);
  }
  return { targets, results };
}
