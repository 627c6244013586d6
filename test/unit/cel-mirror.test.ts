// The CRD's CEL rules, evaluated by a real CEL interpreter, must agree with their TypeScript
// mirror on every fixture: render time rejects exactly what the API server rejects.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '@bufbuild/cel';
import { parse } from 'yaml';
import { CEL_MIRRORS, valuesAt } from '../../functions/core/validate/cel-mirror.js';
import { ROOT } from '../helpers.js';

interface CrdRule {
  schemaPath: string;
  rule: string;
  message: string;
  fieldPath?: string;
}

function crdRules(): CrdRule[] {
  const crd = parse(readFileSync(join(ROOT, 'crds/projectcontext.yaml'), 'utf8'));
  const rules: CrdRule[] = [];
  const walk = (node: any, path: string) => {
    for (const r of node['x-kubernetes-validations'] ?? []) rules.push({ schemaPath: path, rule: r.rule, message: r.message, fieldPath: r.fieldPath });
    for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, path ? `${path}.${k}` : k);
    if (node.items) walk(node.items, `${path}[]`);
  };
  walk(crd.spec.versions[0].schema.openAPIV3Schema, '');
  return rules;
}

/** CEL sees objects as maps. */
function toCel(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toCel);
  if (v && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  return v;
}

const fixtures: Array<[string, any]> = [
  ['availability and matching budget', { requirements: { availability: '99.95', errorBudget: '0.05' } }],
  ['availability and wrong budget', { requirements: { availability: '99.9', errorBudget: '0.2' } }],
  ['budget alone', { requirements: { errorBudget: '0.1' } }],
  ['availability 0', { requirements: { availability: '0' } }],
  ['availability 99.999999', { requirements: { availability: '99.999999' } }],
  ['latency 0ms', { requirements: { latencyP99: '0ms' } }],
  ['latency 0.000s', { requirements: { latencyP99: '0.000s' } }],
  ['latency 200ms', { requirements: { latencyP99: '200ms' } }],
  ['budget 0', { requirements: { errorBudget: '0.0' } }],
  ['unique targets', { targets: [{ kind: 'Deployment', name: 'a' }, { kind: 'Service', name: 'a' }] }],
  ['duplicate targets', { targets: [{ kind: 'Deployment', name: 'a' }, { kind: 'Deployment', name: 'a' }] }],
  ['same name, other namespace', { targets: [{ kind: 'Deployment', name: 'a' }, { kind: 'Deployment', name: 'a', namespace: 'b' }] }],
  ['interval 0s', { observability: { metricsInterval: '0s' } }],
  ['interval 0m0s', { observability: { metricsInterval: '0m0s' } }],
  ['interval 1m0s', { observability: { metricsInterval: '1m0s' } }],
  ['custom with queries', { observability: { sli: { preset: 'custom', errorQuery: 'a', totalQuery: 'b' } } }],
  ['custom without queries', { observability: { sli: { preset: 'custom' } } }],
  ['queries without custom', { observability: { sli: { preset: 'otel', errorQuery: 'a' } } }],
  ['histogram without preset', { observability: { sli: { latencyHistogram: 'h' } } }],
  ['otel preset', { observability: { sli: { preset: 'otel' } } }],
  ['a latency bucket at the target', { requirements: { latencyP99: '350ms' }, observability: { sli: { latencyBucket: '0.35s' } } }],
  ['a latency bucket above the target', { requirements: { latencyP99: '350ms' }, observability: { sli: { latencyBucket: '400ms' } } }],
  ['a latency bucket a microsecond below the target', { requirements: { latencyP99: '1.5s' }, observability: { sli: { latencyBucket: '1499.999ms' } } }],
  ['a latency bucket below the target', { requirements: { latencyP99: '1s' }, observability: { sli: { latencyBucket: '500ms' } } }],
  ['a latency bucket of zero', { requirements: { latencyP99: '1s' }, observability: { sli: { latencyBucket: '0ms' } } }],
  ['a latency bucket without a target', { observability: { sli: { latencyBucket: '500ms' } } }],
  ['a latency bucket without requirements', { requirements: { availability: '99.9' }, observability: { sli: { latencyBucket: '500ms' } } }],
];

describe('CEL rules of the CRD', () => {
  const rules = crdRules();

  it('every CEL rule in the CRD has a TypeScript mirror with the same message, and no mirror is stale', () => {
    const key = (r: { schemaPath: string; message: string }) => `${r.schemaPath.replace(/^spec\./, 'spec.')}: ${r.message}`;
    assert.deepEqual(rules.map(key).sort(), CEL_MIRRORS.map(key).sort());
    for (const m of CEL_MIRRORS) {
      const r = rules.find((x) => x.schemaPath === m.schemaPath && x.message === m.message)!;
      assert.equal(r.fieldPath, m.fieldPath);
    }
  });

  for (const [name, spec] of fixtures) {
    it(`the CEL interpreter and the mirror agree on: ${name}`, () => {
      const object = { spec };
      for (const mirror of CEL_MIRRORS) {
        const rule = rules.find((r) => r.schemaPath === mirror.schemaPath && r.message === mirror.message)!;
        for (const { value } of valuesAt(object, mirror.schemaPath)) {
          const cel = run(rule.rule, { self: toCel(value) } as never);
          assert.equal(typeof cel, 'boolean', `${rule.rule} did not evaluate to a boolean: ${String(cel)}`);
          assert.equal(mirror.check(value), cel, `${mirror.schemaPath} "${mirror.message}" on ${JSON.stringify(value)}`);
        }
      }
    });
  }
});
