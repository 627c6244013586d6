// Resolves each context's targets against the input and checks what spans resources: every
// target present, no workload claimed by two contexts, no context defined twice.

import { compareText } from '../base/canonical.js';
import { duplicateText, keyOf, type Inventory, type Entry } from './inventory.js';
import type { ContextModel, ResolvedTarget } from './model.js';
import { error, type Result } from '../base/results.js';
import { isWorkloadKind, mapSelectorMatches, podLabels, targetShapeProblems } from '../kube/workloads.js';

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
    .sort((a, b) => compareText(a.name, b.name));
}

export function resolveTargets(
  contexts: readonly Draft[],
  inventory: Inventory,
): { targets: Map<string, ResolvedTarget[]>; results: Result[] } {
  const results: Result[] = [];
  const targets = new Map<string, ResolvedTarget[]>();
  const claims = new Map<string, Array<{ context: Draft; index: number }>>();
  for (const c of contexts) {
    const resolved: ResolvedTarget[] = [];
    const seen = new Set<string>();
    c.spec.targets.forEach((t, index) => {
      const namespace = t.namespace ?? c.namespace;
      const entry = inventory.get(t.kind, namespace, t.name);
      if (!entry) {
        results.push(error(`${t.kind} ${namespace}/${t.name} is not in the input; a target must be rendered together with its ProjectContext`, { resource: c.entry.object, origin: c.entry.origin, field: `spec.targets[${index}]` }));
        return;
      }
      const key = keyOf(t.kind, namespace, t.name);
      if (seen.has(key)) return; // a duplicate within one context is reported by the CRD rule
      for (const copy of inventory.duplicatesOf(t.kind, namespace, t.name)) {
        results.push(error(`${duplicateText(inventory, copy)}; ProjectContext ${c.key} would annotate only the first (spec.targets[${index}]): keep one`, { resource: copy.object, origin: copy.origin }));
      }
      const shape = targetShapeProblems(entry.object);
      for (const p of shape) results.push(error(`${p.message}; ProjectContext ${c.key} cannot annotate it (spec.targets[${index}])`, { resource: entry.object, origin: entry.origin, field: p.path }));
      if (shape.length) return;
      seen.add(key);
      (claims.get(key) ?? claims.set(key, []).get(key)!).push({ context: c, index });
      resolved.push({ index, kind: t.kind, name: t.name, namespace, entry, services: servicesFor(inventory, entry) });
    });
    targets.set(c.key, resolved);
  }
  // A workload belongs to one context: every claimant of a contested one is told who else claims it.
  for (const [key, claimants] of claims) {
    if (claimants.length < 2) continue;
    const [kind, namespace, name] = key.split('/');
    const named = (o: { context: Draft; index: number }) => `${o.context.key} (spec.targets[${o.index}])`;
    for (const { context, index } of claimants) {
      // Name three rivals and count the rest: linear even when thousands claim one workload.
      const shown = claimants.slice(0, 4).filter((o) => o.context !== context).slice(0, 3).map(named);
      const more = claimants.length - 1 - shown.length;
      const list = more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
      results.push(error(`${kind} ${namespace}/${name} is also claimed by ProjectContext ${list}; a workload belongs to one context`, { resource: context.entry.object, origin: context.entry.origin, field: `spec.targets[${index}]` }));
    }
  }
  return { targets, results };
}
