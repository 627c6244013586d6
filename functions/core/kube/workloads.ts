// Where each target kind keeps its pod template, and how Kubernetes selectors match labels.

import type { KubeObject } from '../types/kube.js';

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

const isMap = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Fields of a target that annotating writes into, with the wrong type: the API server would
 * reject the object anyway, and writing into them would drop what the user wrote.
 */
export function targetShapeProblems(obj: KubeObject): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const expect = (value: unknown, path: string, list: boolean) => {
    if (value === undefined || value === null) return;
    if (list ? !Array.isArray(value) : !isMap(value)) problems.push({ path, message: `must be ${list ? 'a list' : 'a mapping'}, as Kubernetes requires` });
  };
  const md = (obj as Obj).metadata;
  expect(md, 'metadata', false);
  if (isMap(md)) expect(md.annotations, 'metadata.annotations', false);
  const path = POD_TEMPLATE_PATH[obj.kind ?? ''];
  if (!path) return problems;
  let cur: any = obj;
  for (const [i, key] of path.entries()) {
    if (!isMap(cur)) return problems;
    cur = cur[key];
    expect(cur, path.slice(0, i + 1).join('.'), false);
  }
  if (!isMap(cur)) return problems;
  const at = path.join('.');
  expect(cur.metadata, `${at}.metadata`, false);
  if (isMap(cur.metadata)) expect(cur.metadata.annotations, `${at}.metadata.annotations`, false);
  expect(cur.spec, `${at}.spec`, false);
  if (!isMap(cur.spec)) return problems;
  for (const key of ['initContainers', 'containers']) {
    const list = cur.spec[key];
    expect(list, `${at}.spec.${key}`, true);
    if (Array.isArray(list)) list.forEach((c: unknown, i: number) => {
      expect(c, `${at}.spec.${key}[${i}]`, false);
      if (isMap(c)) expect((c as Obj).env, `${at}.spec.${key}[${i}].env`, true);
    });
  }
  return problems;
}

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

/** The string entries of a mapping; anything else (a list, a string) holds none. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  return Object.fromEntries(Object.entries(value as Obj).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Labels of an object's metadata (kubectl would refuse labels that are not a string map). */
export const labelsOf = (obj: KubeObject): Record<string, string> => stringMap(obj.metadata?.labels);

export function podLabels(obj: KubeObject): Record<string, string> {
  return stringMap(podTemplate(obj)?.metadata?.labels);
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

/**
 * metav1.LabelSelector semantics; an empty selector matches everything. A malformed one (which
 * the API server would refuse) matches nothing.
 */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector || typeof selector !== 'object') return true;
  const { matchLabels = {}, matchExpressions = [] } = selector;
  if (!isMap(matchLabels) || !Array.isArray(matchExpressions)) return false;
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of matchExpressions) {
    if (!isMap(e) || typeof e.key !== 'string' || (e.values !== undefined && !Array.isArray(e.values))) return false;
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
