// The plan of one context (DESIGN §5.6): epic = the context, one story per artifact type, one
// task per artifact; statuses, derivation rules, dependencies, checksum and coverage.

import { ARTIFACT_TITLES, ARTIFACT_TYPES, GENERATOR_ID, PROJECT_CONTEXT_API_VERSION, type ArtifactType } from './conventions.js';
import type { DerivationRule } from './derive.js';
import type { GatePlan } from './delivery/gate-plan.js';
import type { ContextModel, PlanTask } from './model.js';
import { clean } from './numbers.js';

export const PLAN_KIND = 'ObservabilityPlan';

export interface PlanStory {
  id: string;
  type: ArtifactType;
  title: string;
  tasks: PlanTask[];
}

export interface Coverage {
  required: number;
  existing: number;
  generated: number;
  skipped: number;
  /** (existing + generated) / required, 0..1, four decimals. */
  ratio: number;
}

export interface Plan {
  apiVersion: string;
  kind: typeof PLAN_KIND;
  generator: string;
  context: { name: string; namespace: string; checksum: string; projectId: string; epic?: string; criticality: string; owner?: string };
  environment?: string;
  /** Where the manifests came from (application, repository, revision), when known. */
  source?: { application?: string; repoURL?: string; revision?: string };
  epic: { id: string; title: string; priority: string };
  stories: PlanStory[];
  derivations: DerivationRule[];
  coverage: Coverage;
  /** The render's warnings about the context and its targets; the PostSync hook records them in status.conditions. */
  warnings?: string[];
  /** The error-budget gate's checks and policy, when the gate is enabled (docs/delivery.md). */
  delivery?: { gate?: GatePlan };
}

/** done / required, 0..1, four decimals; 1 when nothing is required. */
export const coverageRatio = (done: number, required: number) => (required ? clean(Math.round((done / required) * 10000) / 10000) : 1);

/** Code-unit order of ids and names (deterministic, locale-free). */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** "Kind namespace/name" of a target or artifact, as messages and spans name it. */
export const refText = (r: { kind: string; namespace: string; name: string }) => `${r.kind} ${r.namespace}/${r.name}`;

export function coverageOf(tasks: readonly PlanTask[]): Coverage {
  const existing = tasks.filter((t) => t.status === 'exists').length;
  const generated = tasks.filter((t) => t.status === 'generated').length;
  const skipped = tasks.filter((t) => t.status === 'skipped').length;
  const required = tasks.length;
  return { required, existing, generated, skipped, ratio: coverageRatio(existing + generated, required) };
}

export const epicId = (ctx: { namespace: string; name: string }) => `epic:${ctx.namespace}/${ctx.name}`;
export const storyId = (ctx: { namespace: string; name: string }, type: ArtifactType) => `story:${type}:${ctx.namespace}/${ctx.name}`;

export function buildPlan(ctx: ContextModel, tasks: readonly PlanTask[], environment: string | undefined, source: Plan['source'] = {}, warnings: readonly string[] = []): Plan {
  const stories: PlanStory[] = ARTIFACT_TYPES.map((type) => ({
    id: storyId(ctx, type),
    type,
    title: ARTIFACT_TITLES[type],
    tasks: tasks.filter((t) => t.type === type).sort((a, b) => byText(a.id, b.id)),
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

/** Every task of a plan, dependencies before their dependents (stable otherwise). */
export function tasksInDependencyOrder(plan: Plan): PlanTask[] {
  const all = plan.stories.flatMap((s) => s.tasks);
  const byId = new Map(all.map((t) => [t.id, t]));
  const done = new Set<string>();
  const out: PlanTask[] = [];
  const visit = (t: PlanTask, path: Set<string>) => {
    if (done.has(t.id) || path.has(t.id)) return;
    path.add(t.id);
    for (const dep of t.dependsOn) {
      const d = byId.get(dep);
      if (d) visit(d, path);
    }
    path.delete(t.id);
    done.add(t.id);
    out.push(t);
  };
  for (const t of all) visit(t, new Set());
  return out;
}
