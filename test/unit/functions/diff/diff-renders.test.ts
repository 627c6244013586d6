import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffRenders } from '../../../../functions/diff/index.js';
import type { KubeObject } from '../../../../functions/core/index.js';
import { config, deployment, expandOk, projectContext, service } from '../../../fixtures.js';

const side = (resources: KubeObject[]) => ({ label: 'x', resources, plans: [], defaultNamespace: 'default' });
const cm = (name: string, data: Record<string, string>, apiVersion = 'v1'): KubeObject => ({ apiVersion, kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data });

describe('diff: matching and classifying resources', () => {
  it('resources are matched by group, kind, namespace and name, not by version or position', () => {
    const base = [{ ...deployment(), apiVersion: 'apps/v1beta2' }, cm('b', { k: '1' })];
    const head = [cm('b', { k: '1' }), deployment()];
    const r = diffRenders(side(base), side(head));
    assert.deepEqual(r.counts, { added: 0, removed: 0, changed: 1, bookkeeping: 0, unchanged: 1 });
    assert.deepEqual(r.resources[0]!.fields, [{ op: 'replace', path: 'apiVersion', old: 'apps/v1beta2', new: 'apps/v1' }]);
  });

  it('a resource only in head is added, only in base removed, with no field list', () => {
    const r = diffRenders(side([cm('old', {})]), side([cm('new', {})]));
    assert.deepEqual(r.resources.map((d) => [d.resource.name, d.change, d.fields.length]), [['new', 'added', 0], ['old', 'removed', 0]]);
  });

  it('two resources with one identity are both compared, the second as #2', () => {
    const r = diffRenders(side([cm('a', { k: '1' }), cm('a', { k: '2' })]), side([cm('a', { k: '1' }), cm('a', { k: '3' })]));
    assert.deepEqual(r.resources.map((d) => d.fields), [[{ op: 'replace', path: 'data.k', old: '2', new: '3' }]]);
  });

  it('alerts come before scraping, workloads, Services, contexts and the rest', () => {
    const targets = [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Service', name: 'checkout-api' }];
    const render = (criticality: string) => expandOk([projectContext({ business: { criticality }, targets }), deployment(), service(), cm('user', { criticality })]);
    const [b, h] = [render('high'), render('low')];
    const r = diffRenders({ label: 'b', resources: b.resources, plans: b.plans, defaultNamespace: b.defaultNamespace }, { label: 'h', resources: h.resources, plans: h.plans, defaultNamespace: h.defaultNamespace });
    assert.deepEqual(r.resources.map((d) => d.resource.kind + (d.resource.name === 'user' ? ' (user)' : '')), ['PrometheusRule', 'ServiceMonitor', 'Deployment', 'Service', 'ConfigMap', 'ProjectContext', 'ConfigMap', 'ConfigMap (user)']);
  });

  it('generated resources name the target they observe; targets name their context', () => {
    const render = (owner: string) => expandOk([projectContext({ business: { criticality: 'high', owner } }), deployment(), service()]);
    const [b, h] = [render('a'), render('b')];
    const r = diffRenders({ label: 'b', resources: b.resources, plans: b.plans, defaultNamespace: b.defaultNamespace }, { label: 'h', resources: h.resources, plans: h.plans, defaultNamespace: h.defaultNamespace });
    const target = (kind: string) => r.resources.find((d) => d.resource.kind === kind)?.target;
    assert.deepEqual(target('PrometheusRule'), { kind: 'Service', namespace: 'shop', name: 'checkout-api' });
    assert.deepEqual(target('Deployment'), { kind: 'ProjectContext', namespace: 'shop', name: 'checkout' });
    assert.equal(target('ProjectContext'), undefined);
  });

  for (const defaultNamespace of [undefined, 'apps']) {
    it(`a generated resource without a namespace is for the target in the namespace the render defaulted it to (${defaultNamespace ?? 'default'}), not a same-named one elsewhere`, () => {
      const strip = (o: KubeObject) => (delete o.metadata!.namespace, o);
      const render = (owner: string) =>
        expandOk([
          ...(defaultNamespace ? [config({ defaultNamespace })] : []),
          strip(projectContext({ business: { criticality: 'high', owner } }, { name: 'a' })),
          strip(deployment()),
          strip(service()),
          // In a namespace that sorts first, with artifacts of the same kinds and names.
          projectContext({ business: { criticality: 'high', owner } }, { name: 'b', namespace: 'aaa' }),
          deployment({ namespace: 'aaa' }),
          service({ namespace: 'aaa' }),
        ]);
      const [b, h] = [render('x'), render('y')];
      const r = diffRenders({ label: 'b', resources: b.resources, plans: b.plans, defaultNamespace: b.defaultNamespace }, { label: 'h', resources: h.resources, plans: h.plans, defaultNamespace: h.defaultNamespace });
      const rules = r.resources.filter((d) => d.resource.kind === 'PrometheusRule');
      assert.deepEqual(
        rules.map((d) => [d.resource.namespace, d.target]),
        [
          [undefined, { kind: 'Service', namespace: defaultNamespace ?? 'default', name: 'checkout-api' }],
          ['aaa', { kind: 'Service', namespace: 'aaa', name: 'checkout-api' }],
        ],
      );
    });
  }

  it('a change of the risk description alone leaves the ServiceMonitor and the plan with bookkeeping only', () => {
    const render = (description: string) => expandOk([projectContext({ risks: [{ type: 'financial', description, priority: 'P3' }] }), deployment(), service()]);
    const [b, h] = [render('one'), render('two')];
    const r = diffRenders({ label: 'b', resources: b.resources, plans: b.plans, defaultNamespace: b.defaultNamespace }, { label: 'h', resources: h.resources, plans: h.plans, defaultNamespace: h.defaultNamespace });
    const sm = r.resources.find((d) => d.resource.kind === 'ServiceMonitor')!;
    assert.equal(sm.change, 'bookkeeping');
    assert.deepEqual(sm.fields, []);
    assert.equal(sm.bookkeeping.length, 1);
    assert.deepEqual(r.resources.filter((d) => d.change === 'bookkeeping').map((d) => d.resource.name), ['checkout-api-contextcore', 'checkout-plan']);
  });
});
