// The shapes the expansion steps share.

import type { EffectiveConfig } from './config.js';
import type { Derived } from './derive.js';
import type { Entry, Inventory } from './inventory.js';
import type { NameAllocator } from './names.js';
import type { Plan, PlanTask } from '../plan/plan.js';
import type { PromqlParser } from '../promql/syntax.js';
import type { Result } from '../base/results.js';
import type { KubeObject } from '../types/kube.js';
import type { ProjectContextSpec } from '../types/projectcontext.gen.js';

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
