// The pure core: expand(input, config) → {resources, results, plans}. No fs, process, network
// or clock; the same input always gives byte-identical output, and expanding the output again
// changes nothing.

import { canonicalJson, compareText, markCanonical } from '../base/canonical.js';
import { effectiveConfig, isConfig, validateConfig, type EffectiveConfig } from './config.js';
import { DEFAULT_NAMESPACE, PROJECT_CONTEXT_API_VERSION, PROJECT_CONTEXT_KIND } from '../conventions/index.js';
import { derive } from './derive.js';
import { duplicateText, generatedSource, Inventory, isGenerated, keyOf, toEntry, type Entry } from './inventory.js';
import type { ContextModel, ExpansionState } from './model.js';
import { dashboardUid, NameAllocator, sha256 } from './names.js';
import type { Plan } from '../plan/plan.js';
import { error, hasErrors, info, sortResults, warning, type Result } from '../base/results.js';
import type { PromqlParser } from '../promql/syntax.js';
import { STEPS } from '../steps/index.js';
import { checkDuplicateContexts, resolveTargets } from './targets.js';
import type { KubeObject, Origin } from '../types/kube.js';
import type { ProjectContext } from '../types/projectcontext.gen.js';
import { nearMiss } from '../validate/near-miss.js';
import { validateProjectContext } from '../validate/project-context.js';

export interface ExpandInput {
  resources: readonly KubeObject[];
  /** Where each resource came from, aligned with `resources`. */
  origins?: ReadonlyArray<Origin | undefined>;
}

export interface ExpandOptions {
  /** The ProjectContextExpander given outside the input (functionConfig, --config). */
  config?: KubeObject;
  configOrigin?: Origin;
  /**
   * Keep ProjectContextExpanders found among the resources in the output. KRM orchestrators
   * need it (kpt deletes files whose resources a function drops); rendered manifests do not.
   */
  keepConfigResources?: boolean;
  /**
   * Settings layered over the configuration step 1 chose (given, found in the input, or none)
   * before it is validated: the Argo CD plugin's Application settings.
   */
  configure?: (config: KubeObject | undefined, origin: Origin | undefined) => { config: KubeObject; results: Result[] };
  /** Every warning is an error (the CLI's --strict); the configuration's `strict: true` does the same. */
  strict?: boolean;
  /**
   * Prometheus' PromQL grammar, required when needsPromql(resources): front ends pass
   * `await promqlFor(resources)` (promql/load.ts), which loads it only then.
   */
  promql?: PromqlParser;
  /**
   * Why the namespace of a namespace-less ProjectContext cannot be assumed where this run happens
   * (inside kustomize, where a later step or the applier places it): makes the assumption an error.
   */
  namespaceUnknown?: string;
}

export interface ExpandOutput {
  /** The input with targets annotated and generated resources appended; empty on errors. */
  resources: KubeObject[];
  results: Result[];
  plans: Plan[];
  /** The resources this run generated: index in `resources` and the origin of their ProjectContext. */
  generated: GeneratedInfo[];
  /** The namespace given to resources without metadata.namespace (the plans name them in it). */
  defaultNamespace: string;
  ok: boolean;
}

export interface GeneratedInfo {
  index: number;
  contextKey: string;
  contextOrigin?: Origin;
}

export const isProjectContext = (o: KubeObject) => o.apiVersion === PROJECT_CONTEXT_API_VERSION && o.kind === PROJECT_CONTEXT_KIND;

/** sha256 over the canonical JSON of what defines the context (not status, not orchestrator metadata). */
export function contextChecksum(obj: KubeObject): string {
  return `sha256:${sha256(canonicalJson({ apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata?.name, namespace: obj.metadata?.namespace ?? null, spec: (obj as unknown as ProjectContext).spec }))}`;
}

const STRICT_NOTE = ' (a warning, made an error by strict)';

/** Under strict, every warning becomes an error saying so. */
export function escalate(results: Result[], strict: boolean): Result[] {
  if (!strict) return results;
  for (const r of results) if (r.severity === 'warning') Object.assign(r, { severity: 'error', message: `${r.message}${STRICT_NOTE}` });
  return results;
}

function failed(results: Result[]): ExpandOutput {
  return { resources: [], results: sortResults(results), plans: [], generated: [], defaultNamespace: DEFAULT_NAMESPACE, ok: false };
}

export function expand(input: ExpandInput, options: ExpandOptions = {}): ExpandOutput {
  const results: Result[] = [];
  const origins = input.origins ?? [];

  // 0. Every item must be an object before anything reads it.
  input.resources.forEach((o, i) => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) results.push(error(`item ${i} is ${o === null ? 'null' : Array.isArray(o) ? 'a list' : `a ${typeof o}`}, not a Kubernetes object`, { origin: origins[i] }));
  });
  if (hasErrors(results)) return failed(results);

  // 1. Configuration: given explicitly, or found once in the input.
  const configIndexes = input.resources.flatMap((o, i) => (isConfig(o) ? [i] : []));
  let configObject = options.config;
  let configOrigin = options.configOrigin;
  if (configObject !== undefined) {
    if (!isConfig(configObject)) {
      results.push(error(`function config must be apiVersion fn.contextcore.io/v1alpha1, kind ProjectContextExpander (got ${String(configObject.apiVersion)} ${String(configObject.kind)})`, { resource: configObject, origin: configOrigin }));
    }
    for (const i of configIndexes) results.push(warning('a ProjectContextExpander in the input is ignored: a configuration was given explicitly', { resource: input.resources[i], origin: origins[i] }));
  } else if (configIndexes.length > 1) {
    for (const i of configIndexes.slice(1)) results.push(error('more than one ProjectContextExpander in the input; keep one', { resource: input.resources[i], origin: origins[i] }));
  } else if (configIndexes.length === 1) {
    configObject = input.resources[configIndexes[0]!];
    configOrigin = origins[configIndexes[0]!];
  }
  if (options.configure && !hasErrors(results)) {
    const configured = options.configure(configObject, configOrigin);
    results.push(...configured.results);
    configObject = configured.config;
  }
  if (hasErrors(escalate(results, options.strict === true))) return failed(results);
  if (configObject !== undefined && isConfig(configObject)) results.push(...validateConfig(configObject, configOrigin));
  if (hasErrors(escalate(results, options.strict === true))) return failed(results);
  const config: EffectiveConfig = effectiveConfig(configObject);
  const strict = options.strict === true || config.strict;

  // 2. Classify the input.
  const entries: Entry[] = input.resources.map((o, i) => toEntry(o, i, origins[i], config.defaultNamespace));
  const contextEntries = entries.filter((e) => isProjectContext(e.object));
  for (const e of entries) {
    if (typeof e.object.apiVersion !== 'string' || typeof e.object.kind !== 'string' || !e.object.apiVersion || !e.object.kind)
      results.push(error('resource has no apiVersion or kind', { resource: e.object, origin: e.origin }));
    else {
      // A typo of our apiVersion or kind would pass through untouched, the context silently unused.
      const miss = nearMiss(e.object.apiVersion, e.object.kind);
      if (miss) results.push(error(miss.message, { resource: e.object, origin: e.origin, field: miss.field }));
    }
  }
  for (const e of contextEntries) results.push(...validateProjectContext(e.object, e.origin, options.promql));
  if (hasErrors(escalate(results, strict))) return failed(results);

  // A config-wide custom preset cannot be met by a context without its own queries (which, by the
  // CRD's rule, must then say preset custom itself).
  if (config.metricsPreset === 'custom') {
    for (const e of contextEntries) {
      if ((e.object as unknown as ProjectContext).spec.observability?.sli?.preset === undefined) {
        results.push(error('the ProjectContextExpander sets metrics.preset custom, which needs every ProjectContext to bring its own queries: set sli.preset custom with errorQuery and totalQuery here, or choose otel or prometheus in the expander', { resource: e.object, origin: e.origin, field: 'spec.observability.sli' }));
      }
    }
    if (hasErrors(results)) return failed(results);
  }

  // A namespace is written into PromQL selectors and the context key; guessing it silently makes
  // alerts watch the wrong namespace (e.g. a kustomize Component that runs before `namespace:`).
  if (!config.defaultNamespaceSet) {
    for (const e of contextEntries) {
      if (!e.explicitNamespace && options.namespaceUnknown) {
        results.push(error(`no metadata.namespace, and ${options.namespaceUnknown}`, { resource: e.object, origin: e.origin, field: 'metadata.namespace' }));
      } else if (!e.explicitNamespace) {
        results.push(warning(`no metadata.namespace: assuming "${config.defaultNamespace}" for the context, its targets and PromQL selectors; set it, or spec.defaultNamespace in the ProjectContextExpander`, { resource: e.object, origin: e.origin, field: 'metadata.namespace' }));
      }
    }
  }
  if (hasErrors(results)) return failed(results);
  const drafts = contextEntries.map((e) => {
    const name = e.name;
    const namespace = e.namespace;
    return { entry: e, spec: (e.object as unknown as ProjectContext).spec, name, namespace, key: `${namespace}/${name}` };
  });
  results.push(...checkDuplicateContexts(drafts));

  // Earlier ContextCore output is regenerated from its context; orphans are left alone.
  const contextKeys = new Set(drafts.map((d) => d.key));
  const dropped = new Set<number>();
  for (const e of entries) {
    if (!isGenerated(e.object)) continue;
    const source = generatedSource(e.object);
    if (source && contextKeys.has(source)) dropped.add(e.index);
    else results.push(warning(`generated from ProjectContext ${source ?? '(unknown)'}, which is not in the input; left unchanged (delete it if the ProjectContext was removed)`, { resource: e.object, origin: e.origin }));
  }
  const userEntries = entries.filter((e) => !dropped.has(e.index) && !isConfig(e.object));
  const inventory = new Inventory(userEntries);
  // Two copies of one object: applying keeps the last, we read the first. Contexts are reported
  // by checkDuplicateContexts, targets as errors by resolveTargets.
  const targetKeys = new Set(drafts.flatMap((d) => (Array.isArray(d.spec.targets) ? d.spec.targets.map((t) => keyOf(t.kind, t.namespace ?? d.namespace, t.name)) : [])));
  for (const e of inventory.duplicates) {
    if (isProjectContext(e.object) || targetKeys.has(keyOf(e.kind, e.namespace, e.name))) continue;
    results.push(warning(`${duplicateText(inventory, e)}; when applied, the last copy wins`, { resource: e.object, origin: e.origin }));
  }

  const sortedDrafts = [...drafts].sort((a, b) => compareText(a.key, b.key));
  const { targets, results: targetResults } = resolveTargets(sortedDrafts, inventory);
  results.push(...targetResults);
  if (hasErrors(escalate(results, strict))) return failed(results);

  // 3. Derive, then run the steps in order.
  const contexts: ContextModel[] = sortedDrafts.map((d) => ({
    ...d,
    checksum: contextChecksum(d.entry.object),
    derived: derive(d.spec, config),
    targets: targets.get(d.key) ?? [],
    dashboardUid: dashboardUid(d.namespace, d.name),
  }));
  const state: ExpansionState = {
    config,
    inventory,
    contexts,
    names: new NameAllocator(inventory.keys()),
    replacements: new Map(),
    generated: [],
    tasks: [],
    tasksByContext: new Map(),
    plans: [],
    results,
    ...(options.promql ? { promql: options.promql } : {}),
  };
  for (const step of STEPS) {
    const out = step.run(state);
    for (const [i, o] of out.replacements ?? []) state.replacements.set(i, o);
    state.generated.push(...(out.generated ?? []));
    for (const t of out.tasks ?? []) {
      state.tasks.push(t);
      (state.tasksByContext.get(t.contextKey) ?? state.tasksByContext.set(t.contextKey, []).get(t.contextKey)!).push(t.task);
    }
    state.plans.push(...(out.plans ?? []));
    state.results.push(...(out.results ?? []));
  }

  // 4. Output: the input in its order (targets replaced), then what we generated, per context.
  const resources: KubeObject[] = [];
  for (const e of entries) {
    if (dropped.has(e.index) || (isConfig(e.object) && !options.keepConfigResources)) continue;
    if (isProjectContext(e.object) && !config.keepProjectContext) continue;
    resources.push(state.replacements.get(e.index) ?? e.object);
  }
  const order = new Map(contexts.map((c, i) => [c.key, i]));
  const originOf = new Map(contexts.map((c) => [c.key, c.entry.origin]));
  const generated: GeneratedInfo[] = [];
  const ordered = state.generated
    .map((g, i) => ({ g, i }))
    .sort((a, b) => order.get(a.g.contextKey)! - order.get(b.g.contextKey)! || a.i - b.i);
  for (const { g } of ordered) {
    const info: GeneratedInfo = { index: resources.length, contextKey: g.contextKey };
    const origin = originOf.get(g.contextKey);
    if (origin) info.contextOrigin = origin;
    generated.push(info);
    resources.push(markCanonical(g.object));
  }
  if (!contexts.length) results.push(info('no ProjectContext in the input; resources pass through unchanged'));
  // A declared objective that cannot be met (requirements.ts), or a warning under strict: nothing is rendered.
  if (hasErrors(escalate(state.results, strict))) return failed(state.results);
  return { resources, results: sortResults(state.results), plans: state.plans, generated, defaultNamespace: config.defaultNamespace, ok: true };
}
