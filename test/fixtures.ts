// Builders for test inputs: realistic resources with only what a case needs spelled out.

import assert from 'node:assert/strict';
import { type ExpandOutput, type KubeObject } from '../functions/core/index.js';
import { expand } from './support/expand.js';

type Obj = Record<string, any>;

export function projectContext(spec: Obj = {}, metadata: Obj = {}): KubeObject {
  return {
    apiVersion: 'contextcore.io/v1',
    kind: 'ProjectContext',
    metadata: { name: 'checkout', namespace: 'shop', ...metadata },
    spec: {
      project: { id: 'shop-platform' },
      business: { criticality: 'high', owner: 'shop-team', value: 'revenue-primary' },
      targets: [{ kind: 'Deployment', name: 'checkout' }],
      ...spec,
    },
  };
}

export function deployment(opts: { name?: string; namespace?: string; labels?: Record<string, string>; containers?: Obj[]; kind?: string } = {}): KubeObject {
  const labels = opts.labels ?? { app: opts.name ?? 'checkout' };
  const template = { metadata: { labels }, spec: { containers: opts.containers ?? [{ name: 'app', image: 'example/app:1' }] } };
  const kind = opts.kind ?? 'Deployment';
  const spec: Obj = kind === 'CronJob' ? { schedule: '0 * * * *', jobTemplate: { spec: { template } } } : { selector: { matchLabels: labels }, template };
  return {
    apiVersion: kind === 'CronJob' || kind === 'Job' ? 'batch/v1' : kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1',
    kind,
    metadata: { name: opts.name ?? 'checkout', namespace: opts.namespace ?? 'shop' },
    spec,
  };
}

export function service(opts: { name?: string; namespace?: string; labels?: Record<string, string>; selector?: Record<string, string>; ports?: Obj[] } = {}): KubeObject {
  const name = opts.name ?? 'checkout-api';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: opts.namespace ?? 'shop', labels: opts.labels ?? { app: 'checkout' } },
    spec: { selector: opts.selector ?? { app: 'checkout' }, ports: opts.ports ?? [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] },
  };
}

export function config(spec: Obj = {}): KubeObject {
  return { apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'contextcore' }, spec };
}

/** Expands and asserts success; the output of a valid input. */
export function expandOk(resources: KubeObject[]): ExpandOutput {
  const out = expand({ resources });
  assert.ok(out.ok, JSON.stringify(out.results, null, 2));
  return out;
}

/** Generated resources of one kind. */
export const generatedOf = (out: ExpandOutput, kind: string): any[] => out.generated.map((g) => out.resources[g.index]!).filter((o) => o.kind === kind);
