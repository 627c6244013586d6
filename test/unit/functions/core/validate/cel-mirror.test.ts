// The CRD's CEL rules and their TypeScript mirror (cel-mirror.ts), which lets the CLI refuse
// without a cluster what the API server refuses. Here, without a cluster: every rule of the CRD
// has exactly one mirror, at its place, with its text and message character for character, so a
// changed rule cannot go unmirrored. What each mirror decides is held to the real API servers'
// decisions by the validation parity table (test/validation-cases.ts): offline through the CLI
// (validation-parity.test.ts), against Kubernetes 1.26 and 1.32 in test/e2e.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCelMirrors, CEL_MIRRORS, valuesAt } from '../../../../../functions/core/validate/cel-mirror.js';
import { CRD_SCHEMA } from '../../../../validation-cases.js';

type Schema = Record<string, any>;

function crdRules(node: Schema, path: string, out: Array<{ schemaPath: string; rule: string; message: string }> = []) {
  for (const r of node['x-kubernetes-validations'] ?? []) out.push({ schemaPath: path, rule: r.rule, message: r.message });
  for (const [k, v] of Object.entries(node.properties ?? {})) crdRules(v as Schema, path ? `${path}.${k}` : k, out);
  if (node.items) crdRules(node.items, `${path}[]`, out);
  return out;
}

describe('CEL rules of the CRD and their mirror', () => {
  it('every CEL rule in the CRD has one mirror with the same place, rule text and message, and no mirror is stale', () => {
    const key = (r: { schemaPath: string; rule: string; message: string }) => `${r.schemaPath} | ${r.rule} | ${r.message}`;
    assert.deepEqual(CEL_MIRRORS.map(key).sort(), crdRules(CRD_SCHEMA, '').map(key).sort());
  });

  const cases: Array<[string, unknown, string[], Array<{ path: string; message: string }>]> = [
    ['a rule is checked at every list item its path names', { spec: { targets: [{ kind: 'Service', name: 'a' }, { kind: 'Service', name: 'a' }] } }, [], [{ path: 'spec.targets', message: 'targets must be unique by kind, namespace and name' }]],
    ['the error budget rule reports at errorBudget, narrower than the API server (spec.requirements)', { spec: { requirements: { availability: '99.9', errorBudget: '1' } } }, [], [{ path: 'spec.requirements.errorBudget', message: 'errorBudget must equal 100 - availability: with availability "99.9", errorBudget must be "0.1" (got "1"), or leave it out and it is derived' }]],
    ['a rule on a value with a schema error is left to that error, as the API server does', { spec: { requirements: { availability: '0' } } }, ['spec.requirements.availability'], []],
    ['a rule above a value with a schema error is left to it too', { spec: { requirements: { availability: 'x', errorBudget: '1' } } }, ['spec.requirements.availability'], []],
  ];
  for (const [name, object, broken, expected] of cases) {
    it(name, () => assert.deepEqual(checkCelMirrors(object, broken), expected));
  }

  it('valuesAt expands list items into concrete paths', () => {
    assert.deepEqual(valuesAt({ spec: { risks: [{ type: 'a' }, { type: 'b' }] } }, 'spec.risks[].type'), [
      { path: 'spec.risks[0].type', value: 'a' },
      { path: 'spec.risks[1].type', value: 'b' },
    ]);
  });
});
