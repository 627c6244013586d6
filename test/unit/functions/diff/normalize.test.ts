import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalize, parseAttributeList } from '../../../../functions/diff/normalize.js';

type Obj = Record<string, any>;
const tree = (o: Obj): Obj => normalize(o).tree;

describe('diff: normalisation', () => {
  it('key order and null values make no difference', () => {
    assert.deepEqual(tree({ kind: 'Service', metadata: { name: 'a', labels: null }, apiVersion: 'v1' }), tree({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }));
  });

  it('orchestrator annotations are dropped, and an annotation map left empty with them', () => {
    const t = tree({ kind: 'Service', metadata: { name: 'a', annotations: { 'config.kubernetes.io/index': '0', 'internal.config.kubernetes.io/path': 'a.yaml' } } });
    assert.deepEqual(t.metadata, { name: 'a' });
  });

  it('named list items become keys, in their written order, and are marked as keyed', () => {
    const n = normalize({ kind: 'Deployment', spec: { containers: [{ name: 'z' }, { name: 'a' }] } });
    const containers = (n.tree as Obj).spec.containers;
    assert.deepEqual(Object.keys(containers), ['z', 'a']);
    assert.ok(n.keyed.has(containers));
  });

  it('JSON in ConfigMap data is a structure, so one changed panel is one change', () => {
    const t = tree({ kind: 'ConfigMap', data: { 'd.json': '{"panels":[{"title":"Rate","type":"x"}]}', 'plain.txt': '{not json' } });
    assert.deepEqual(t.data['d.json'], { panels: { Rate: { title: 'Rate', type: 'x' } } });
    assert.equal(t.data['plain.txt'], '{not json');
  });

  it('JSON in annotations is a structure (the managed-otel record)', () => {
    const t = tree({ kind: 'Deployment', metadata: { annotations: { 'contextcore.io/managed-otel': '{"containers":{"app":["sampler"]}}' } } });
    assert.deepEqual(t.metadata.annotations['contextcore.io/managed-otel'], { containers: { app: ['sampler'] } });
  });

  it('OTEL_RESOURCE_ATTRIBUTES becomes a map of attributes; other env values stay text', () => {
    const t = tree({ kind: 'Pod', spec: { containers: [{ name: 'c', env: [{ name: 'OTEL_RESOURCE_ATTRIBUTES', value: 'a=1,b=x%2Cy' }, { name: 'X', value: 'a=1' }] }] } });
    assert.deepEqual(t.spec.containers.c.env.OTEL_RESOURCE_ATTRIBUTES.value, { a: '1', b: 'x%2Cy' });
    assert.equal(t.spec.containers.c.env.X.value, 'a=1');
  });

  it('a key named __proto__ is an ordinary key', () => {
    const t = tree(JSON.parse('{"kind":"ConfigMap","data":{"__proto__":"x"}}'));
    assert.deepEqual(Object.keys(t.data), ['__proto__']);
    assert.equal(Object.getPrototypeOf(t.data), Object.prototype);
  });

  const lists: Array<[string, string, Record<string, string> | undefined]> = [
    ['an attribute list is read as key=value pairs', 'service.name=checkout, project.id=p', { 'service.name': 'checkout', 'project.id': 'p' }],
    ['a pair without = is not an attribute list', 'a=1,b', undefined],
    ['a repeated key is not an attribute list', 'a=1,a=2', undefined],
    ['an empty text is not an attribute list', '', undefined],
    ['blank entries are left out, as the generator merging attributes leaves them out', 'a=1,,b=2,', { a: '1', b: '2' }],
    ['a pair without a key is not an attribute list', 'a=1,=2', undefined],
  ];
  for (const [name, text, parsed] of lists) it(name, () => assert.deepEqual(parseAttributeList(text), parsed));
});
