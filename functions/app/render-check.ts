// After a kustomize build that ran ContextCore in place: is the output where the expansion said
// it would be? Every ProjectContext of the output must be one a run expanded, unchanged (same
// namespace, name and spec: its checksum), and every target and generated artifact of the runs'
// plans must be in the output at the namespace and name the plan gives it. A step after
// ContextCore that moved, renamed or patched them — one the layout analysis could not see (a
// remote base or component, a patch of the ProjectContext in an overlay) — fails the build here,
// instead of shipping selectors for objects that are elsewhere. Pure.

import { contextChecksum, error, isProjectContext, PROJECT_CONTEXT_KIND, type KubeObject, type Plan, type Result } from '../core/index.js';

type Ref = { kind: string; namespace: string; name: string };

const refText = (r: Ref) => `${r.kind} ${r.namespace}/${r.name}`;
const keyOf = (r: Ref) => `${r.kind}/${r.namespace}/${r.name}`;
/** Objects named in one message before "and N more". */
const SHOWN = 3;

/**
 * Errors for plans whose objects the build put elsewhere. `defaultNamespace` is where
 * namespace-less objects of the output land; `cause` says which steps ran after ContextCore, when
 * the layout analysis found some.
 */
export function checkRender(plans: readonly Plan[], resources: readonly KubeObject[], defaultNamespace: string, cause?: string): Result[] {
  const refOf = (o: KubeObject): Ref => ({ kind: String(o.kind), namespace: o.metadata?.namespace || defaultNamespace, name: String(o.metadata?.name) });
  const present = new Map(resources.map((o) => [keyOf(refOf(o)), o]));
  const elsewhere = (r: Ref) => resources.map(refOf).find((o) => o.kind === r.kind && o.name.includes(r.name) && keyOf(o) !== keyOf(r));
  const missingText = (r: Ref) => {
    const there = elsewhere(r);
    return `${refText(r)} is not in the output${there ? ` (there is ${refText(there)})` : ''}`;
  };
  const because = cause ? `${cause[0]!.toUpperCase()}${cause.slice(1)}` : 'A step after ContextCore (a remote base or component, or a patch) changed them';
  const why = `${because}. Run ContextCore last: list its ProjectContextExpander config under transformers: of the app's kustomization`;
  const results: Result[] = [];

  const checksums = new Set(plans.map((p) => p.context.checksum));
  for (const o of resources.filter(isProjectContext)) {
    if (checksums.has(contextChecksum(o))) continue;
    const expanded = plans.map((p) => `${p.context.namespace}/${p.context.name}`);
    results.push(
      error(`is not the ProjectContext ContextCore expanded${expanded.length ? ` (${expanded.join(', ')})` : ''}: a step of the build after the expansion moved, renamed or changed it, so the generated selectors, record labels, dashboards and plan do not describe it. ${why}`, { resource: o }),
    );
  }
  for (const plan of plans) {
    // A task about the context itself (its dashboard) names it as target: kept or not, it is checked above.
    const wanted = plan.stories.flatMap((s) => s.tasks).flatMap((t) => [...(t.target.kind === PROJECT_CONTEXT_KIND ? [] : [t.target]), ...(t.status === 'generated' && t.artifact ? [t.artifact] : [])]);
    const missing = [...new Map(wanted.map((r) => [keyOf(r), r])).values()].filter((r) => !present.has(keyOf(r)));
    if (!missing.length) continue;
    const shown = missing.slice(0, SHOWN).map(missingText).join('; ');
    const more = missing.length > SHOWN ? `; and ${missing.length - SHOWN} more` : '';
    results.push(
      error(`ContextCore expanded ProjectContext ${plan.context.namespace}/${plan.context.name} for objects the build then moved or renamed: ${shown}${more}. Its selectors, record labels and dashboards would point where the objects are not. ${why}`),
    );
  }
  return results;
}
