// The CRD's CEL rules (x-kubernetes-validations), mirrored in TypeScript so that render time
// rejects exactly what `kubectl apply` would, without a cluster. The validation parity table
// (test/validation-cases.ts) holds the mirror to the real API servers (1.26 and 1.32) in the
// end-to-end suite, and to its expected verdicts in every test run.

import { durationSeconds, formatNumber } from '../base/numbers.js';
import type { ProjectContextSpec } from '../types/projectcontext.gen.js';

export interface CelMirror {
  /** Schema location of the rule: dotted path, `[]` for list items. */
  schemaPath: string;
  /** The rule in the CRD, character for character: a changed rule must be mirrored anew. */
  rule: string;
  /** The rule's message in the CRD, word for word. */
  message: string;
  /**
   * Where the CLI reports the error, relative to schemaPath, when the field is narrower than the
   * rule's location. The API server reports the rule's location (a rule's fieldPath needs
   * Kubernetes 1.28).
   */
  reportAt?: string;
  /** True when the value passes. */
  check(value: any): boolean;
  /**
   * What the CLI adds to the message of a failing value (the expected value); the API server's
   * message is the CRD's alone (a messageExpression needs Kubernetes 1.27).
   */
  detail?(value: any): string;
}

const TOLERANCE = 0.000000001;
const has = (o: any, k: string) => o !== null && typeof o === 'object' && o[k] !== undefined;

export const CEL_MIRRORS: readonly CelMirror[] = [
  {
    schemaPath: 'spec',
    rule: '!has(self.observability) || !has(self.observability.sli) || !has(self.observability.sli.latencyBucket) || (has(self.requirements) && has(self.requirements.latencyP99) && duration(self.observability.sli.latencyBucket) >= duration(self.requirements.latencyP99))',
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
    rule: '!has(self.availability) || !has(self.errorBudget) || ((100.0 - double(self.availability)) - double(self.errorBudget) < 0.000000001 && (100.0 - double(self.availability)) - double(self.errorBudget) > -0.000000001)',
    message: 'errorBudget must equal 100 - availability',
    reportAt: '.errorBudget',
    check: (r) => {
      if (!has(r, 'availability') || !has(r, 'errorBudget')) return true;
      const d = 100.0 - Number(r.availability) - Number(r.errorBudget);
      return d < TOLERANCE && d > -TOLERANCE;
    },
    detail: (r) => `: with availability "${r.availability}", errorBudget must be "${formatNumber(100 - Number(r.availability))}" (got "${r.errorBudget}"), or leave it out and it is derived`,
  },
  {
    schemaPath: 'spec.requirements.availability',
    rule: 'double(self) > 0.0 && double(self) < 100.0',
    message: 'availability must be greater than 0 and less than 100',
    check: (v) => Number(v) > 0 && Number(v) < 100,
  },
  {
    schemaPath: 'spec.requirements.latencyP99',
    rule: "!self.matches('^0+(\\\\.0+)?(ms|s)$')",
    message: 'latencyP99 must be greater than zero',
    check: (v) => !/^0+(\.0+)?(ms|s)$/.test(v),
  },
  {
    schemaPath: 'spec.requirements.errorBudget',
    rule: 'double(self) > 0.0 && double(self) < 100.0',
    message: 'errorBudget must be greater than 0 and less than 100',
    check: (v) => Number(v) > 0 && Number(v) < 100,
  },
  {
    schemaPath: 'spec.requirements.period',
    rule: "self.matches('^([7-9]|[1-8][0-9]|90)d$')",
    message: 'period must be from 7d to 90d',
    check: (v) => /^([7-9]|[1-8][0-9]|90)d$/.test(v),
  },
  {
    // The rule compares whole items; an item holds kind, name and namespace (if given) only.
    schemaPath: 'spec.targets',
    rule: 'self.all(t, self.exists_one(u, u == t))',
    message: 'targets must be unique by kind, namespace and name',
    check: (targets: NonNullable<ProjectContextSpec['targets']>) => {
      const keys = targets.map((t) => `${t.kind}\u0000${t.namespace ?? ''}\u0000${t.name}`);
      return new Set(keys).size === keys.length;
    },
  },
  {
    schemaPath: 'spec.observability.metricsInterval',
    rule: "!self.matches('^(0+(h|m|s|ms))+$')",
    message: 'metricsInterval must be greater than zero',
    check: (v) => !/^(0+(h|m|s|ms))+$/.test(v),
  },
  {
    schemaPath: 'spec.observability.sli',
    rule: "(has(self.errorQuery) || has(self.totalQuery) || has(self.latencyHistogram)) ? (has(self.preset) && self.preset == 'custom') : true",
    message: 'errorQuery, totalQuery and latencyHistogram need preset custom',
    check: (s) =>
      has(s, 'errorQuery') || has(s, 'totalQuery') || has(s, 'latencyHistogram') ? s.preset === 'custom' : true,
  },
  {
    schemaPath: 'spec.observability.sli',
    rule: "(has(self.preset) && self.preset == 'custom') ? (has(self.errorQuery) && has(self.totalQuery)) : true",
    message: 'preset custom needs errorQuery and totalQuery',
    check: (s) => (s.preset === 'custom' ? has(s, 'errorQuery') && has(s, 'totalQuery') : true),
  },
  {
    schemaPath: 'spec.observability.sli',
    rule: "(has(self.preset) && self.preset == 'none') ? !(has(self.port) || has(self.latencyBucket)) : true",
    message: 'preset none takes no port or latencyBucket',
    check: (s) => (s.preset === 'none' ? !(has(s, 'port') || has(s, 'latencyBucket')) : true),
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
      if (!rule.check(value)) problems.push({ path: path + (rule.reportAt ?? ''), message: rule.message + (rule.detail?.(value) ?? '') });
    }
  }
  return problems;
}
