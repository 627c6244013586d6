// The shapes the expansion steps share.

import type { EffectiveConfig } from './config.js';
import type { ArtifactType } from './conventions.js';
import type { Derived } from './derive.js';
import type { Inventory } from './inventory.js';
import type { NameAllocator } from './names.js';
import type { Plan } from './plan.js';
import type { PromqlParser } from './promql.js';
import type { Result } from './results.js';
import type { Priority } from './tables/derivation.js';
import type { KubeObject, Origin } from './types/kube.js';
import type { ProjectContextSpec } from './types/projectcontext.gen.js';

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

export interface ResolvedTarget {
  /** Index in spec.targets. */
  index: number;
  kind: string;
  name: string;
  namespace: string;
  entry: Entry;
  /** Services measured for this target: the Service itself, or Services selecting its pods. */
  services: Entry[];
}

export interface ContextModel {
  entry: Entry;
  spec: ProjectContextSpec;
  name: string;
  namespace: string;
  /** `<namespace>/<name>` */
  key: string;
  /** `sha256:<hex>` of the canonical ProjectContext. */
  checksum: string;
  derived: Derived;
  targets: ResolvedTarget[];
  /** Grafana uid of the context's dashboard. */
  dashboardUid: string;
}

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

export interface ContextTask {
  contextKey: string;
  task: PlanTask;
}

export interface ContextResource {
  contextKey: string;
  object: KubeObject;
}

export interface ExpansionState {
  readonly config: EffectiveConfig;
  readonly inventory: Inventory;
  readonly contexts: readonly ContextModel[];
  readonly names: NameAllocator;
  /** Modified copies of input resources, by input index. */
  readonly replacements: Map<number, KubeObject>;
  readonly generated: ContextResource[];
  readonly tasks: ContextTask[];
  /** The same tasks by context key, so steps look up a context's tasks without scanning all. */
  readonly tasksByContext: Map<string, PlanTask[]>;
  readonly plans: Plan[];
  readonly results: Result[];
  /** Prometheus' PromQL grammar, when the input needs it (needsPromql). */
  readonly promql?: PromqlParser;
}

export interface StepOutput {
  replacements?: Map<number, KubeObject>;
  generated?: ContextResource[];
  tasks?: ContextTask[];
  plans?: Plan[];
  results?: Result[];
}

export const tasksOf = (state: Readonly<ExpansionState>, contextKey: string): readonly PlanTask[] => state.tasksByContext.get(contextKey) ?? [];

/** One generation step; steps run in a fixed order and see what earlier steps produced. */
export interface Step {
  name: string;
  run(state: Readonly<ExpansionState>): StepOutput;
}
