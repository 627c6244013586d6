// The diff engine: two rendered sides in, the report out. Resources are matched by API group,
// kind, namespace and name (not by version or position); each pair is compared in its normalised
// form, and what a reviewer cares about is put first. Pure: no I/O, same input → same report.

import {
  ANNOTATION_SOURCE,
  compareText,
  groupOf,
  isGenerated,
  isWorkloadKind,
  keyOf,
  LABEL_COMPONENT,
  PROJECT_CONTEXT_API_VERSION,
  PROJECT_CONTEXT_KIND,
  refOf,
  type KubeObject,
  type Plan,
} from '../core/index.js';
import { DIFF_REPORT_KIND, DIFF_REPORT_VERSION } from './conventions.js';
import { fieldChanges } from './field-changes.js';
import { highlights } from './highlights.js';
import { numberRepeats } from './list-identity.js';
import type { DiffReport, ObjectRef, ResourceDiff } from './model.js';
import { normalize } from './normalize.js';
import { subjectsOf } from './subjects.js';

export interface RenderedSide {
  /** What was rendered, as the user named it (a path, `<ref>:<path>`). */
  label: string;
  resources: readonly KubeObject[];
  /** The plans of the render: they say which target each generated resource is for. */
  plans: readonly Plan[];
  /** The namespace the render gave resources without metadata.namespace: the plans name them in it. */
  defaultNamespace: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Resources by `group/kind/namespace/name`; a repeated identity is numbered (`#2`, `#3`…) in input order. */
function byIdentity(resources: readonly KubeObject[]): Map<string, KubeObject> {
  const identities = resources.map((obj) => [groupOf(str(obj.apiVersion)), str(obj.kind), str(obj.metadata?.namespace), str(obj.metadata?.name)].join('/'));
  const keys = numberRepeats(identities);
  return new Map(resources.map((obj, i) => [keys[i]!, obj]));
}

/** What each artifact of one side's plans is for: its target, or the context for the targets themselves. */
function targetsOf(plans: readonly Plan[]): Map<string, ObjectRef> {
  const out = new Map<string, ObjectRef>();
  for (const plan of plans) {
    const context: ObjectRef = { kind: PROJECT_CONTEXT_KIND, namespace: plan.context.namespace, name: plan.context.name };
    for (const task of plan.stories.flatMap((s) => s.tasks)) {
      const a = task.artifact;
      if (!a) continue;
      const self = a.kind === task.target.kind && a.namespace === task.target.namespace && a.name === task.target.name;
      out.set(keyOf(a.kind, a.namespace, a.name), self ? context : { kind: task.target.kind, namespace: task.target.namespace, name: task.target.name });
    }
  }
  return out;
}

interface Side {
  obj: KubeObject | undefined;
  targets: Map<string, ObjectRef>;
  defaultNamespace: string;
}

/** The plan's word for what a resource is for (head first), else the context a generated resource names. */
function targetOf(head: Side, base: Side): ObjectRef | undefined {
  for (const { obj, targets, defaultNamespace } of [head, base]) {
    if (!obj) continue;
    const planned = targets.get(keyOf(str(obj.kind), str(obj.metadata?.namespace) || defaultNamespace, str(obj.metadata?.name)));
    if (planned) return planned;
  }
  const obj = (head.obj ?? base.obj)!;
  const source = isGenerated(obj) ? str(obj.metadata?.annotations?.[ANNOTATION_SOURCE]) : '';
  const [namespace, name] = source.split('/');
  return namespace && name ? { kind: PROJECT_CONTEXT_KIND, namespace, name } : undefined;
}

/** Report order: alerts, scraping, workloads, Services, dashboards, contexts, plans, the rest. */
function rank(obj: KubeObject): number {
  const kind = str(obj.kind);
  const artifact = obj.metadata?.labels?.[LABEL_COMPONENT];
  if (kind === 'PrometheusRule') return 0;
  if (kind === 'ServiceMonitor') return 1;
  if (isWorkloadKind(kind)) return 2;
  if (kind === 'Service') return 3;
  if (kind === 'ConfigMap' && artifact === 'dashboard') return 4;
  if (kind === PROJECT_CONTEXT_KIND) return 5;
  if (kind === 'ConfigMap' && artifact === 'plan') return 6;
  return 7;
}

function diffPair(base: Side, head: Side): ResourceDiff | undefined {
  const [b, h] = [base.obj, head.obj];
  const obj = (h ?? b)!;
  const diff: ResourceDiff = { resource: refOf(obj)!, change: 'changed', highlights: [], fields: [], bookkeeping: [] };
  const target = targetOf(head, base);
  if (target) diff.target = target;
  if (!b || !h) {
    diff.change = b ? 'removed' : 'added';
    diff.highlights = highlights(b ? subjectsOf(b) : [], h ? subjectsOf(h) : []);
    return diff;
  }
  const { fields, bookkeeping } = fieldChanges(normalize(b), normalize(h));
  if (!fields.length && !bookkeeping.length) return undefined;
  diff.fields = fields;
  diff.bookkeeping = bookkeeping;
  if (!fields.length) diff.change = 'bookkeeping';
  else diff.highlights = highlights(subjectsOf(b), subjectsOf(h));
  return diff;
}

export function diffRenders(base: RenderedSide, head: RenderedSide): DiffReport {
  const b = byIdentity(base.resources);
  const h = byIdentity(head.resources);
  const [baseTargets, headTargets] = [targetsOf(base.plans), targetsOf(head.plans)];
  const keys = [...new Set([...b.keys(), ...h.keys()])];
  const ordered = keys
    .map((key) => ({ key, obj: (h.get(key) ?? b.get(key))! }))
    .sort((x, y) => rank(x.obj) - rank(y.obj) || compareText(x.key, y.key));
  const resources: ResourceDiff[] = [];
  for (const { key } of ordered) {
    const d = diffPair(
      { obj: b.get(key), targets: baseTargets, defaultNamespace: base.defaultNamespace },
      { obj: h.get(key), targets: headTargets, defaultNamespace: head.defaultNamespace },
    );
    if (d) resources.push(d);
  }
  const count = (c: ResourceDiff['change']) => resources.filter((r) => r.change === c).length;
  return {
    apiVersion: PROJECT_CONTEXT_API_VERSION,
    kind: DIFF_REPORT_KIND,
    version: DIFF_REPORT_VERSION,
    base: base.label,
    head: head.label,
    changed: resources.length > 0,
    counts: { added: count('added'), removed: count('removed'), changed: count('changed'), bookkeeping: count('bookkeeping'), unchanged: keys.length - resources.length },
    resources,
  };
}
