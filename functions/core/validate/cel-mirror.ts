// The CRD's CEL rules (x-kubernetes-validations), mirrored in TypeScript so that render time
// rejects exactly what `kubectl apply` would. test/unit/cel-mirror.test.ts evaluates the CRD's
// CEL with a real CEL interpreter against the same fixtures and fails when the two disagree.

import { durationSeconds } from '../numbers.js';
import type { ProjectContextSpec } from '../types/projectcontext.gen.js';

export interface CelMirror {
  /** Schema location of the rule: dotted path, `[]` for list items. */
  schemaPath: string;
  /** The rule's message in the CRD, word for word. */
  message: string;
  /** Where the error is reported, relative to schemaPath (the rule's fieldPath). */
  fieldPath?: string;
  /** True when the value passes. */
  check(value: any): boolean;
}

const TOLERANCE = 0.000000001;
const has = (o: any, k: string) => o !== null && typeof o === 'object' && o[k] !== undefined;

export const CEL_MIRRORS: readonly CelMirror[] = [
  {
    schemaPath: 'spec',
    message: 'observability.sli.latencyBucket needs requirements.latencyP99 and must not be below it',
    check: (s: ProjectContextSpec) => {
      const bucket = s.observability?.sli?.latencyBucket;
      if (bucket === undefined) return true;
      const target = s.requirements?.latencyP99;
      return target !== undefined && durationSeconds(bucket)! >= durationSeconds(target)!;
    },
  },
  {
    schemaPath: 'spec.requirements',
    message: 'errorBudget must equal 100 - availability',
    fieldPath: '.errorBudget',
    check: (r) => {
      if (!has(r, 'availability') || !has(r, 'errorBudget')) return true;
      const d = 100.0 - Number(r.availability) - Number(r.errorBudget);
      return d < TOLERANCE && d > -TOLERANCE;
    },
  },
  {
    schemaPath: 'spec.requirements.availability',
    message: 'availability must be greater than 0 and less than 100',
    check: (v) => Number(v) > 0 && Number(v) < 100,
  },
  {
    schemaPath: 'spec.requirements.latencyP99',
    message: 'latencyP99 must be greater than zero',
    check: (v) => !/^0+(\.0+)?(ms|s)$/.test(v),
  },
  {
    schemaPath: 'spec.requirements.errorBudget',
    message: 'errorBudget must be greater than 0 and less than 100',
    check: (v) => Number(v) > 0 && Number(v) < 100,
  },
  {
    schemaPath: 'spec.targets',
    message: 'targets must be unique by kind, namespace and name',
    check: (targets: NonNullable<ProjectContextSpec['targets']>) => {
      const keys = targets.map((t) => `${t.kind}\u0000${t.namespace ?? ''}\u0000${t.name}`);
      return new Set(keys).size === keys.length;
    },
  },
  {
    schemaPath: 'spec.observability.metricsInterval',
    message: 'metricsInterval must be greater than zero',
    check: (v) => !/^(0+(h|m|s|ms))+$/.test(v),
  },
  {
    schemaPath: 'spec.observability.sli',
    message: 'errorQuery, totalQuery and latencyHistogram need preset custom',
    check: (s) =>
      has(s, 'errorQuery') || has(s, 'totalQuery') || has(s, 'latencyHistogram') ? s.preset === 'custom' : true,
  },
  {
    schemaPath: 'spec.observability.sli',
    message: 'preset custom needs errorQuery and totalQuery',
    check: (s) => (s.preset === 'custom' ? has(s, 'errorQuery') && has(s, 'totalQuery') : true),
  },
];

/** Values at a schema path (`[]` expands list items), with their concrete field paths. */
export function valuesAt(root: unknown, schemaPath: string): Array<{ path: string; value: unknown }> {
  let current: Array<{ path: string; value: unknown }> = [{ path: '', value: root }];
  for (const segment of schemaPath.split('.')) {
    const isList = segment.endsWith('[]');
    const key = isList ? segment.slice(0, -2) : segment;
    const next: Array<{ path: string; value: unknown }> = [];
    for (const { path, value } of current) {
      if (!value || typeof value !== 'object' || (value as any)[key] === undefined) continue;
      const child = (value as any)[key];
      const childPath = path ? `${path}.${key}` : key;
      if (isList) {
        if (Array.isArray(child)) child.forEach((item, i) => next.push({ path: `${childPath}[${i}]`, value: item }));
      } else {
        next.push({ path: childPath, value: child });
      }
    }
    current = next;
  }
  return current;
}

/**
 * Runs every mirrored CEL rule; returns the failing ones with their field paths. As in the API
 * server, a rule runs only on a value that passed the schema: `broken` lists the field paths of
 * schema errors, and a value at, under or above one of them is left to that error.
 */
export function checkCelMirrors(object: unknown, broken: readonly string[] = []): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const related = (path: string) => broken.some((b) => b === path || b.startsWith(`${path}.`) || b.startsWith(`${path}[`) || path.startsWith(`${b}.`) || path.startsWith(`${b}[`));
  for (const rule of CEL_MIRRORS) {
    for (const { path, value } of valuesAt(object, rule.schemaPath)) {
      if (related(path)) continue;
      if (!rule.check(value)) problems.push({ path: path + (rule.fieldPath ?? ''), message: rule.message });
    }
  }
  return problems;
}
