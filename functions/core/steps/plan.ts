// Step 5: the plan ConfigMap `<context>-plan` (deterministic JSON) the PostSync hook reads, with
// the render's warnings about the context, which also go on the ProjectContext itself
// (ANNOTATION_WARNINGS): kustomize and Argo CD show a plugin's stderr only when it fails, so a
// warning must reach a person through the resources.

import { clone, compareText } from '../base/canonical.js';
import { ANNOTATION_WARNINGS, ARTIFACT_TITLES, ARTIFACT_TYPES, GENERATOR_ID, NAME_SUFFIX, PLAN_DATA_KEY, PROJECT_CONTEXT_API_VERSION, WARNINGS_ANNOTATION_LIMIT } from '../conventions/index.js';
import { generatedMetadata } from '../pipeline/generated-meta.js';
import { tasksOf, type ContextModel, type ContextResource, type Step, type StepOutput } from '../pipeline/model.js';
import { gatePlan } from '../delivery/gate-plan.js';
import { coverageOf, epicId, PLAN_KIND, storyId, type Plan, type PlanStory, type PlanTask } from '../plan/plan.js';
import { refOf, warning, type Result } from '../base/results.js';
import type { KubeObject } from '../types/kube.js';
import { hookAccessFor } from './hook.js';

export function buildPlan(ctx: ContextModel, tasks: readonly PlanTask[], environment: string | undefined, source: Plan['source'] = {}, warnings: readonly string[] = []): Plan {
  const stories: PlanStory[] = ARTIFACT_TYPES.map((type) => ({
    id: storyId(ctx, type),
    type,
    title: ARTIFACT_TITLES[type],
    tasks: tasks.filter((t) => t.type === type).sort((a, b) => compareText(a.id, b.id)),
  })).filter((s) => s.tasks.length > 0);
  const plan: Plan = {
    apiVersion: PROJECT_CONTEXT_API_VERSION,
    kind: PLAN_KIND,
    generator: GENERATOR_ID,
    context: {
      name: ctx.name,
      namespace: ctx.namespace,
      checksum: ctx.checksum,
      projectId: ctx.spec.project.id,
      ...(ctx.spec.project.epic ? { epic: ctx.spec.project.epic } : {}),
      criticality: ctx.derived.criticality,
      ...(ctx.spec.business?.owner ? { owner: ctx.spec.business.owner } : {}),
    },
    ...(environment ? { environment } : {}),
    ...(source && Object.keys(source).length ? { source: { ...source } } : {}),
    epic: { id: epicId(ctx), title: `${ctx.spec.project.id} observability`, priority: ctx.derived.priority },
    stories,
    derivations: ctx.derived.rules,
    coverage: coverageOf(tasks),
    ...(warnings.length ? { warnings: [...warnings] } : {}),
  };
  return plan;
}

const refKey = (o: KubeObject) => JSON.stringify(refOf(o) ?? null);

/** The warnings about the context or one of its targets, each as one line naming what it is about. */
export function contextWarnings(results: readonly Result[], ctx: ContextModel): string[] {
  const own = refKey(ctx.entry.object);
  const related = new Set([own, ...ctx.targets.flatMap((t) => [t.entry, ...t.services]).map((e) => refKey(e.object))]);
  return results
    .filter((r) => r.severity === 'warning' && r.resourceRef && related.has(JSON.stringify(r.resourceRef)))
    .map((r) => {
      const about = JSON.stringify(r.resourceRef) === own ? '' : `${r.resourceRef!.kind} ${r.resourceRef!.namespace ? `${r.resourceRef!.namespace}/` : ''}${r.resourceRef!.name}: `;
      return `${about}${r.field ? `${r.field.path}: ` : ''}${r.message}`;
    });
}

/** The short list for ANNOTATION_WARNINGS: a few lines, each cut, and where the rest are. */
export function warningsAnnotation(warnings: readonly string[], planConfigMap: string): string {
  const { items, length } = WARNINGS_ANNOTATION_LIMIT;
  const cut = (w: string) => (w.length <= length ? w : `${w.slice(0, length - 1)}…`);
  const lines = warnings.slice(0, items).map((w) => `- ${cut(w)}`);
  if (warnings.length > items) lines.push(`- and ${warnings.length - items} more, all in ConfigMap ${planConfigMap} (contextcore plan lists them)`);
  return lines.join('\n');
}

/** The ProjectContext with its warnings annotation set (or removed), or undefined when it is already so. */
function annotated(object: KubeObject, text: string | undefined): KubeObject | undefined {
  const current = object.metadata?.annotations?.[ANNOTATION_WARNINGS];
  if (current === text) return undefined;
  const copy = clone(object);
  const annotations = { ...(copy.metadata?.annotations ?? {}) };
  if (text === undefined) delete annotations[ANNOTATION_WARNINGS];
  else annotations[ANNOTATION_WARNINGS] = text;
  copy.metadata = { ...copy.metadata, annotations };
  if (!Object.keys(annotations).length) delete copy.metadata.annotations;
  return copy;
}

export const planStep: Step = {
  name: 'plan',
  run(state): StepOutput {
    const generated: ContextResource[] = [];
    const plans: Plan[] = [];
    const results: Result[] = [];
    const replacements = new Map<number, KubeObject>();
    for (const ctx of state.contexts) {
      const tasks = tasksOf(state, ctx.key);
      // What the hook will not be able to check is known now, with the plan's tasks.
      if (state.config.hook.enabled) {
        const draft = buildPlan(ctx, tasks, state.config.environment, state.config.source);
        for (const p of hookAccessFor(state, ctx, draft).problems) results.push(warning(p, { resource: ctx.entry.object, origin: ctx.entry.origin }));
      }
      const warnings = contextWarnings([...state.results, ...results], ctx);
      const plan = buildPlan(ctx, tasks, state.config.environment, state.config.source, warnings);
      if (state.config.gate.enabled) plan.delivery = { gate: gatePlan(ctx, tasks, state.config.gate) };
      plans.push(plan);
      const name = state.names.allocate('ConfigMap', ctx.namespace, [ctx.name, NAME_SUFFIX.plan], ctx.key);
      generated.push({
        contextKey: ctx.key,
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: generatedMetadata(ctx, 'plan', name, ctx.entry),
          data: { [PLAN_DATA_KEY]: `${JSON.stringify(plan)}\n` },
        },
      });
      const copy = annotated(ctx.entry.object, warnings.length ? warningsAnnotation(warnings, name) : undefined);
      if (copy) replacements.set(ctx.entry.index, copy);
    }
    return { generated, plans, results, replacements };
  },
};
