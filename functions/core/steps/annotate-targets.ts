// Step 1: context annotations on every target, and on pod templates the OpenTelemetry resource
// attributes and sampler (DESIGN §5.2). A bookkeeping annotation on the pod template records
// what we added, so the next run replaces exactly that and never the user's own values.

import {
  ANNOTATION_MANAGED_OTEL,
  ENV_RESOURCE_ATTRIBUTES,
  ENV_TRACES_SAMPLER,
  ENV_TRACES_SAMPLER_ARG,
  OTEL_POD_ANNOTATION_PREFIX,
  RESOURCE_ATTRIBUTES,
  TARGET_ANNOTATIONS,
  TRACES_SAMPLER_VALUE,
  type ContextValueName,
} from '../conventions/index.js';
import { clone } from '../base/canonical.js';
import { artifactRef, taskId } from '../pipeline/generated-meta.js';
import type { ContextModel, ContextTask, ResolvedTarget, Step, StepOutput } from '../pipeline/model.js';
import { formatNumber } from '../base/numbers.js';
import { formatResourceAttributes, parseResourceAttributes, percentEncode } from '../kube/otel-env.js';
import { warning, type Result } from '../base/results.js';
import type { KubeObject, Origin } from '../types/kube.js';
import { containersOf, POD_TEMPLATE_PATH, podTemplate } from '../kube/workloads.js';

type Obj = Record<string, any>;

/**
 * What an earlier run added to a pod template. Our attribute keys form a fixed set (conventions),
 * so only the exceptions are recorded: per container, the env vars we added wholesale
 * ("attributes" = OTEL_RESOURCE_ATTRIBUTES, "sampler" = both sampler vars) and the keys of that
 * set the user had written themselves; for the pod, the user's own resource annotations.
 */
interface ManagedOtel {
  containers: Record<string, Array<'attributes' | 'sampler'>>;
  userAttributes?: Record<string, string[]>;
  userAnnotations?: string[];
}

const ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(Object.values(RESOURCE_ATTRIBUTES));

/** Every context fact written onto targets; unset ones are undefined. */
function contextValues(ctx: ContextModel, environment: string | undefined): Record<ContextValueName, string | undefined> {
  const s = ctx.spec;
  const d = ctx.derived;
  return {
    projectId: s.project.id,
    epic: s.project.epic,
    criticality: d.criticality,
    businessValue: s.business?.value,
    owner: s.business?.owner,
    costCenter: s.business?.costCenter,
    designDoc: s.design?.doc,
    adr: s.design?.adr,
    apiContract: s.design?.apiContract,
    availability: d.availability,
    latencyP99: d.latencyP99?.text,
    contextKey: ctx.key,
    contextName: ctx.name,
    contextNamespace: ctx.namespace,
    environment,
    serviceCriticality: d.criticality,
  };
}

/** `[key, value]` pairs of a key table (in its order) for the facts that have a value. */
function pick(keys: Readonly<Partial<Record<ContextValueName, string>>>, values: Record<ContextValueName, string | undefined>): Array<[string, string]> {
  return (Object.entries(keys) as Array<[ContextValueName, string]>).flatMap(([name, key]) => (values[name] === undefined ? [] : [[key, values[name]!] as [string, string]]));
}

/** Context annotations (DESIGN §5.2), in TARGET_ANNOTATIONS order. */
export const contextAnnotations = (ctx: ContextModel) => pick(TARGET_ANNOTATIONS, contextValues(ctx, undefined));

/** OpenTelemetry resource attributes, in RESOURCE_ATTRIBUTES order. */
export const resourceAttributes = (ctx: ContextModel, environment: string | undefined) => pick(RESOURCE_ATTRIBUTES, contextValues(ctx, environment));

function setAnnotations(meta: Obj, entries: ReadonlyArray<[string, string]>, owned: ReadonlySet<string>): void {
  const annotations: Obj = meta.annotations && typeof meta.annotations === 'object' ? meta.annotations : {};
  for (const key of owned) delete annotations[key];
  for (const [k, v] of entries) annotations[k] = v;
  if (Object.keys(annotations).length) meta.annotations = annotations;
  else delete meta.annotations;
}

function readManaged(template: Obj): ManagedOtel | undefined {
  const raw = template.metadata?.annotations?.[ANNOTATION_MANAGED_OTEL];
  try {
    const parsed = typeof raw === 'string' ? JSON.parse(raw) : undefined;
    if (parsed && parsed.containers && typeof parsed.containers === 'object') return parsed as ManagedOtel;
  } catch {
    // A hand-edited or truncated record is treated as absent: we then only add, never remove.
  }
  return undefined;
}

/** Removes what an earlier run added, as recorded in the bookkeeping annotation. */
function undoManaged(template: Obj, managed: ManagedOtel | undefined): void {
  const annotations = template.metadata?.annotations;
  if (annotations) delete annotations[ANNOTATION_MANAGED_OTEL]; // re-added last: stable order
  if (!managed) return;
  if (annotations) {
    const userOwned = new Set(managed.userAnnotations ?? []);
    for (const key of ATTRIBUTE_KEYS) if (!userOwned.has(key)) delete annotations[OTEL_POD_ANNOTATION_PREFIX + key];
  }
  for (const container of containersOf(template)) {
    const added = managed.containers[container.name];
    if (!added || !Array.isArray(container.env)) continue;
    const addedVars = new Set<string>();
    if (added.includes('attributes')) addedVars.add(ENV_RESOURCE_ATTRIBUTES);
    if (added.includes('sampler')) addedVars.add(ENV_TRACES_SAMPLER).add(ENV_TRACES_SAMPLER_ARG);
    container.env = container.env.filter((e: Obj) => !(addedVars.has(e?.name) && e.valueFrom === undefined));
    const ra = container.env.find((e: Obj) => e?.name === ENV_RESOURCE_ATTRIBUTES && typeof e.value === 'string');
    if (ra) {
      const userOwned = new Set(managed.userAttributes?.[container.name] ?? []);
      ra.value = formatResourceAttributes(parseResourceAttributes(ra.value).filter((p) => !ATTRIBUTE_KEYS.has(p.key) || userOwned.has(p.key)));
    }
    if (container.env.length === 0) delete container.env;
  }
}

function applyOtel(template: Obj, ctx: ContextModel, environment: string | undefined, where: string, results: Result[], ref: { resource: KubeObject; origin?: Origin }): void {
  template.metadata ??= {};
  undoManaged(template, readManaged(template));
  const attrs = resourceAttributes(ctx, environment);
  const managed: ManagedOtel = { containers: {} };

  const annotations: Obj = template.metadata.annotations ?? {};
  const userAnnotations = [...ATTRIBUTE_KEYS].filter((k) => annotations[OTEL_POD_ANNOTATION_PREFIX + k] !== undefined);
  for (const [k, v] of attrs) {
    const key = OTEL_POD_ANNOTATION_PREFIX + k;
    if (annotations[key] === undefined) annotations[key] = v; // the user's own value wins
  }
  template.metadata.annotations = annotations;
  if (userAnnotations.length) managed.userAnnotations = userAnnotations;

  const sampling = formatNumber(ctx.derived.traceSampling);
  containersOf(template).forEach((container) => {
    if (typeof container.name !== 'string') return;
    const added: Array<'attributes' | 'sampler'> = [];
    const env: Obj[] = Array.isArray(container.env) ? container.env : [];
    const find = (name: string) => env.find((e) => e?.name === name);
    const ra = find(ENV_RESOURCE_ATTRIBUTES);
    if (ra && ra.valueFrom !== undefined) {
      results.push(warning(`container "${container.name}" sets ${ENV_RESOURCE_ATTRIBUTES} from valueFrom; left untouched, so its telemetry carries no business context`, { ...ref, field: `${where}.containers[name=${container.name}].env` }));
    } else if (ra) {
      const pairs = parseResourceAttributes(typeof ra.value === 'string' ? ra.value : '');
      const present = new Set(pairs.map((p) => p.key));
      const userOwned = [...present].filter((k) => ATTRIBUTE_KEYS.has(k));
      if (userOwned.length) (managed.userAttributes ??= {})[container.name] = userOwned;
      for (const [k, v] of attrs) if (!present.has(k)) pairs.push({ key: k, raw: `${k}=${percentEncode(v)}` }); // the user's key wins
      ra.value = formatResourceAttributes(pairs);
    } else {
      env.push({ name: ENV_RESOURCE_ATTRIBUTES, value: attrs.map(([k, v]) => `${k}=${percentEncode(v)}`).join(',') });
      added.push('attributes');
    }
    if (!find(ENV_TRACES_SAMPLER) && !find(ENV_TRACES_SAMPLER_ARG)) {
      env.push({ name: ENV_TRACES_SAMPLER, value: TRACES_SAMPLER_VALUE }, { name: ENV_TRACES_SAMPLER_ARG, value: sampling });
      added.push('sampler');
    }
    if (env.length) container.env = env;
    managed.containers[container.name] = added;
  });

  const record: Obj = { containers: Object.fromEntries(Object.keys(managed.containers).sort().map((k) => [k, managed.containers[k]])) };
  if (managed.userAttributes) record.userAttributes = Object.fromEntries(Object.keys(managed.userAttributes).sort().map((k) => [k, managed.userAttributes![k]]));
  if (managed.userAnnotations) record.userAnnotations = managed.userAnnotations;
  template.metadata.annotations[ANNOTATION_MANAGED_OTEL] = JSON.stringify(record);
}

const OWNED_TARGET_ANNOTATIONS = new Set<string>(Object.values(TARGET_ANNOTATIONS));

function annotateTarget(ctx: ContextModel, target: ResolvedTarget, environment: string | undefined, results: Result[]): KubeObject {
  const obj = clone(target.entry.object) as Obj;
  const entries = contextAnnotations(ctx);
  obj.metadata ??= {};
  setAnnotations(obj.metadata, entries, OWNED_TARGET_ANNOTATIONS);
  if (target.kind !== 'Service') {
    const template = podTemplate(obj);
    // Results about the workload name the workload, its file and its field.
    const ref = { resource: target.entry.object, ...(target.entry.origin ? { origin: target.entry.origin } : {}) };
    const templatePath = POD_TEMPLATE_PATH[target.kind]!.join('.');
    if (!template) {
      results.push(warning(`has no pod template (e.g. a Rollout with workloadRef); ProjectContext ${ctx.key} annotates only its metadata`, { ...ref, field: templatePath }));
    } else {
      template.metadata ??= {};
      setAnnotations(template.metadata, entries, OWNED_TARGET_ANNOTATIONS);
      applyOtel(template, ctx, environment, `${templatePath}.spec`, results, ref);
    }
  }
  return obj;
}

export const annotateTargets: Step = {
  name: 'annotate-targets',
  run(state): StepOutput {
    const replacements = new Map<number, KubeObject>();
    const tasks: ContextTask[] = [];
    const results: Result[] = [];
    for (const ctx of state.contexts) {
      const samplingRule = ctx.derived.rules.find((r) => r.field === 'observability.traceSampling');
      for (const target of ctx.targets) {
        replacements.set(target.entry.index, annotateTarget(ctx, target, state.config.environment, results));
        const isWorkload = target.kind !== 'Service';
        tasks.push({
          contextKey: ctx.key,
          task: {
            id: taskId('annotations', target.kind, target.namespace, target.name),
            type: 'annotations',
            title: `Annotate ${target.kind} ${target.namespace}/${target.name}${isWorkload ? ' and its pods with context and OpenTelemetry environment' : ' with context'}`,
            target: { kind: target.kind, namespace: target.namespace, name: target.name },
            artifact: artifactRef(String(target.entry.object.apiVersion ?? ''), target.kind, target.namespace, target.name),
            status: 'generated',
            priority: ctx.derived.priority,
            dependsOn: [],
            derivation: isWorkload && samplingRule ? [samplingRule.rule] : [],
            parameters: isWorkload ? { traceSampling: formatNumber(ctx.derived.traceSampling), sampler: TRACES_SAMPLER_VALUE } : {},
          },
        });
      }
    }
    return { replacements, tasks, results };
  },
};
