// Where each target kind keeps its pod template, and how Kubernetes selectors match labels.

import type { KubeObject } from './types/kube.js';

type Obj = Record<string, any>;

/** Path to the pod template per workload kind; Services have none. */
export const POD_TEMPLATE_PATH: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  Rollout: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const isWorkloadKind = (kind: string) => kind in POD_TEMPLATE_PATH;

export function podTemplate(obj: KubeObject): Obj | undefined {
  const path = POD_TEMPLATE_PATH[obj.kind ?? ''];
  if (!path) return undefined;
  let cur: any = obj;
  for (const key of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = cur[key];
  }
  return cur && typeof cur === 'object' && !Array.isArray(cur) ? cur : undefined;
}

export function podLabels(obj: KubeObject): Record<string, string> {
  const labels = podTemplate(obj)?.metadata?.labels;
  return labels && typeof labels === 'object' ? (labels as Record<string, string>) : {};
}

/** Service `spec.selector`: every key equal. An empty selector selects nothing we can reason about. */
export function mapSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const entries = Object.entries(selector as Record<string, unknown>);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** metav1.LabelSelector semantics; an empty selector matches everything. */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector || typeof selector !== 'object') return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function containersOf(template: Obj): Obj[] {
  const spec = template.spec;
  if (!spec || typeof spec !== 'object') return [];
  const list: Obj[] = [];
  for (const key of ['initContainers', 'containers']) {
    if (Array.isArray(spec[key])) for (const c of spec[key]) if (c && typeof c === 'object') list.push(c);
  }
  return list;
}
