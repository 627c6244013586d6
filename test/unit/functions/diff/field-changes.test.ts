import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldChanges, isBookkeeping } from '../../../../functions/diff/field-changes.js';
import { normalize } from '../../../../functions/diff/normalize.js';

type Obj = Record<string, any>;
const changes = (base: Obj, head: Obj) => fieldChanges(normalize(base), normalize(head));
const deployment = (env: Obj[], extra: Obj = {}) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', ...extra }, spec: { template: { spec: { containers: [{ name: 'app', env }] } } } });

describe('diff: field changes', () => {
  it('adding an env var in front is one addition, not a shift of every other one', () => {
    const { fields } = changes(deployment([{ name: 'A', value: '1' }]), deployment([{ name: 'NEW', value: 'x' }, { name: 'A', value: '1' }]));
    assert.deepEqual(fields, [{ op: 'add', path: 'spec.template.spec.containers[app].env[NEW]', new: { name: 'NEW', value: 'x' } }]);
  });

  it('a changed value reads as a path with old and new values', () => {
    const { fields } = changes(deployment([{ name: 'OTEL_TRACES_SAMPLER_ARG', value: '0.5' }]), deployment([{ name: 'OTEL_TRACES_SAMPLER_ARG', value: '1' }]));
    assert.deepEqual(fields, [{ op: 'replace', path: 'spec.template.spec.containers[app].env[OTEL_TRACES_SAMPLER_ARG].value', old: '0.5', new: '1' }]);
  });

  it('keys that are not identifiers are quoted in the path', () => {
    const { fields } = changes(deployment([], { annotations: { 'contextcore.io/criticality': 'high' } }), deployment([], { annotations: { 'contextcore.io/criticality': 'critical' } }));
    assert.deepEqual(fields, [{ op: 'replace', path: 'metadata.annotations["contextcore.io/criticality"]', old: 'high', new: 'critical' }]);
  });

  it('a list of plain values changes as one value', () => {
    const { fields } = changes({ kind: 'X', spec: { channels: ['a', 'b'] } }, { kind: 'X', spec: { channels: ['a', 'c', 'd'] } });
    assert.deepEqual(fields, [{ op: 'replace', path: 'spec.channels', old: ['a', 'b'], new: ['a', 'c', 'd'] }]);
  });

  it('an added keyed item is shown as written: its lists are lists again', () => {
    const { fields } = changes({ kind: 'X', spec: { groups: [] } }, { kind: 'X', spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: '1' }] }] } });
    assert.deepEqual(fields, [{ op: 'replace', path: 'spec.groups', old: [], new: [{ name: 'g', rules: [{ alert: 'A', expr: '1' }] }] }]);
  });

  it('the source checksum is bookkeeping, set apart from the fields', () => {
    const a = deployment([], { annotations: { 'contextcore.io/source-checksum': 'sha256:1' } });
    const b = deployment([], { annotations: { 'contextcore.io/source-checksum': 'sha256:2' } });
    assert.deepEqual(changes(a, b), { fields: [], bookkeeping: [{ op: 'replace', path: 'metadata.annotations["contextcore.io/source-checksum"]', old: 'sha256:1', new: 'sha256:2' }] });
  });

  it('changes come in path order whatever the key order of the input', () => {
    const { fields } = changes({ kind: 'X', b: 1, a: 1 }, { a: 2, kind: 'X', b: 2 });
    assert.deepEqual(fields.map((f) => f.path), ['a', 'b']);
  });

  const bookkeeping: Array<[string, string[], boolean]> = [
    ['the checksum annotation', ['metadata', 'annotations', 'contextcore.io/source-checksum'], true],
    ['the generator annotation', ['metadata', 'annotations', 'contextcore.io/generator'], true],
    ['the managed-otel record on a pod template', ['spec', 'template', 'metadata', 'annotations', 'contextcore.io/managed-otel', 'containers'], true],
    ['the checksum inside the plan', ['data', 'plan.json', 'context', 'checksum'], true],
    ['a context annotation', ['metadata', 'annotations', 'contextcore.io/criticality'], false],
    ['the criticality inside the plan', ['data', 'plan.json', 'context', 'criticality'], false],
  ];
  for (const [name, segments, expected] of bookkeeping) it(`${name} is ${expected ? '' : 'not '}bookkeeping`, () => assert.equal(isBookkeeping(segments), expected));
});
