// The plan of one context (DESIGN §5.6): epic = the context, one story per artifact type, one
// task per artifact; statuses, derivation rules, dependencies, checksum and coverage.

import { type ArtifactType } from '../conventions/index.js';
import type { Priority, Criticality } from '../tables/derivation.js';
import type { CriticalityPolicy, GatePolicy } from '../tables/gate-policy.js';
import { clean } from '../base/numbers.js';

export const PLAN_KIND = 'ObservabilityPlan';

export type TaskStatus = 'generated' | 'exists' | 'skipped';

export interface ArtifactRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

export interface PlanTask {
  /** Stable id: `<type>:<kind>/<namespace>/<name>` of what the task is about. */
  id: string;
  type: ArtifactType;
  title: string;
  target: { kind: string; namespace: string; name: string };
  /** The resource that must exist in the cluster when the task is done. */
  artifact?: ArtifactRef;
  status: TaskStatus;
  reason?: string;
  priority: Priority;
  dependsOn: string[];
  /** Derivation rules that shaped this artifact. */
  derivation: string[];
  /** Resolved parameters (interval, objective, thresholds, ...). */
  parameters: Record<string, string>;
}

export interface DerivationRule {
  /** The decided field, as a ProjectContext path or a generated setting. */
  field: string;
  value: string;
  /** Human-readable "input → decision" text. */
  rule: string;
  source: 'explicit' | 'derived' | 'default' | 'config';
}

/** One SLO of one measured service: the record of its remaining budget, the query for its firing page alerts. */
export interface GateCheck {
  slo: string;
  /** `<namespace>/<job>` of the measured service. */
  service: string;
  budgetQuery: string;
  alertsQuery: string;
}

export interface GatePlan {
  criticality: Criticality;
  policy: CriticalityPolicy & Omit<GatePolicy, 'byCriticality'>;
  prometheusUrl: string;
  /** requirements.period when the context declares one; the default period (30d) otherwise. */
  period?: string;
  /** The reason in the ProjectContext's override annotation, when it has one. */
  override?: string;
  checks: GateCheck[];
  /** The policy in words (the plan and diff show them). */
  words: string[];
}


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
