// Will Prometheus use it? Whether a monitoring.coreos.com/v1 Prometheus selects a ServiceMonitor
// or PrometheusRule, with prometheus-operator's semantics (pkg/prometheus/resource_selector.go:
// metav1.LabelSelectorAsSelector and the namespace rule beside it; the Prometheus CRD says the
// same):
// - serviceMonitorSelector / ruleSelector: null selects nothing, {} selects everything;
// - serviceMonitorNamespaceSelector / ruleNamespaceSelector: null means the Prometheus's own
//   namespace only, {} every namespace, otherwise the namespaces whose labels match.
// Pure: the hook reads the Prometheus objects and namespace labels and hands them in.

import type { KubeObject } from '../types/kube.js';
import { labelSelectorMatches, type LabelSelector } from '../kube/workloads.js';

export type SelectedKind = 'ServiceMonitor' | 'PrometheusRule';

/** The selectors of each kind in a Prometheus spec. */
const SELECTORS: Record<SelectedKind, { objects: string; namespaces: string }> = {
  ServiceMonitor: { objects: 'serviceMonitorSelector', namespaces: 'serviceMonitorNamespaceSelector' },
  PrometheusRule: { objects: 'ruleSelector', namespaces: 'ruleNamespaceSelector' },
};

/** The label every namespace carries with its own name (Kubernetes 1.21 and later). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface Selectable {
  kind: SelectedKind;
  namespace: string;
  labels: Record<string, string>;
}

export type Selection =
  | { state: 'selected'; by: string[] }
  | { state: 'unselected'; why: string[] }
  /** Some Prometheus might select it, but the labels of its namespace could not be read. */
  | { state: 'unknown'; why: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const nameOf = (p: KubeObject) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;

/** `{release: kps}` for a message: a selector as written, `null` when there is none. */
function selectorText(s: unknown): string {
  if (s === undefined || s === null) return 'null';
  return JSON.stringify(s);
}

/** Only the name label: the namespace's name tells the whole answer. */
function needsOnlyName(selector: Obj): boolean {
  const keys = [...Object.keys(isObj(selector.matchLabels) ? selector.matchLabels : {}), ...(Array.isArray(selector.matchExpressions) ? selector.matchExpressions.map((e) => (isObj(e) ? e.key : undefined)) : [])];
  return keys.every((k) => k === NAMESPACE_NAME_LABEL);
}

/**
 * Which of the Prometheus objects select the artifact. `namespaceLabels` are the labels of the
 * artifact's namespace, undefined when they could not be read.
 */
export function selection(prometheuses: readonly KubeObject[], artifact: Selectable, namespaceLabels: Record<string, string> | undefined): Selection {
  const by: string[] = [];
  const why: string[] = [];
  let unknown: string | undefined;
  const { objects, namespaces } = SELECTORS[artifact.kind];
  for (const p of prometheuses) {
    const spec: Obj = isObj(p.spec) ? p.spec : {};
    const name = `Prometheus ${nameOf(p)}`;
    const objectSelector = spec[objects];
    if (!isObj(objectSelector)) {
      why.push(`${name} has no ${objects} (null selects nothing)`);
      continue;
    }
    if (!labelSelectorMatches(objectSelector as LabelSelector, artifact.labels)) {
      why.push(`${name} selects ${artifact.kind}s by ${objects} ${selectorText(objectSelector)}, which its labels do not match`);
      continue;
    }
    const namespaceSelector = spec[namespaces];
    const own = p.metadata?.namespace;
    if (!isObj(namespaceSelector)) {
      if (own === artifact.namespace) by.push(name);
      else why.push(`${name} has no ${namespaces}, so it looks in its own namespace ${own} only`);
      continue;
    }
    const labels = namespaceLabels ?? { [NAMESPACE_NAME_LABEL]: artifact.namespace };
    if (namespaceLabels === undefined && !needsOnlyName(namespaceSelector)) {
      unknown = `${name} selects namespaces by ${namespaces} ${selectorText(namespaceSelector)}, and the labels of namespace ${artifact.namespace} could not be read`;
      continue;
    }
    if (labelSelectorMatches(namespaceSelector as LabelSelector, labels)) by.push(name);
    else why.push(`${name} selects namespaces by ${namespaces} ${selectorText(namespaceSelector)}, which namespace ${artifact.namespace} does not match`);
  }
  if (by.length) return { state: 'selected', by };
  if (unknown) return { state: 'unknown', why: unknown };
  return { state: 'unselected', why };
}

/** Whether telling the answer may need the namespace's labels (a namespace selector on more than its name). */
export function needsNamespaceLabels(prometheuses: readonly KubeObject[], kind: SelectedKind): boolean {
  const key = SELECTORS[kind].namespaces;
  return prometheuses.some((p) => isObj(p.spec) && isObj(p.spec[key]) && !needsOnlyName(p.spec[key] as Obj));
}
