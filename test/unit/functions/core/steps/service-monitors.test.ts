import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { config, deployment, projectContext, service, expandOk, generatedOf } from '../../../../fixtures.js';

type Obj = Record<string, any>;
const run = expandOk;
const monitors = (out: ReturnType<typeof run>) => generatedOf(out, 'ServiceMonitor');
const tasks = (out: ReturnType<typeof run>, type: string) => out.plans.flatMap((p) => p.stories.flatMap((s) => s.tasks)).filter((t) => t.type === type);

describe('ServiceMonitors', () => {
  it('a workload gets one ServiceMonitor per Service selecting its pods, selecting the Service by its labels', () => {
    const out = run([projectContext(), deployment(), service({ labels: { app: 'checkout', tier: 'web' } })]);
    const [sm, ...rest] = monitors(out);
    assert.equal(rest.length, 0);
    assert.equal(sm.metadata.name, 'checkout-api-contextcore');
    assert.equal(sm.metadata.namespace, 'shop');
    assert.deepEqual(sm.spec.selector, { matchLabels: { app: 'checkout', tier: 'web' } });
    assert.deepEqual(sm.spec.endpoints, [{ interval: '30s', port: 'metrics' }]);
    assert.equal(sm.metadata.labels['app.kubernetes.io/managed-by'], 'contextcore');
    assert.equal(sm.metadata.annotations['contextcore.io/source'], 'shop/checkout');
    assert.match(sm.metadata.annotations['contextcore.io/source-checksum'], /^sha256:[0-9a-f]{64}$/);
  });

  it('a Service reached both as a target and through a workload gets one ServiceMonitor', () => {
    const out = run([projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Service', name: 'checkout-api' }] }), deployment(), service()]);
    assert.equal(monitors(out).length, 1);
    assert.equal(tasks(out, 'service_monitor').length, 1);
  });

  it('the port named http-metrics is used when there is no metrics port', () => {
    const out = run([projectContext(), deployment(), service({ ports: [{ name: 'http', port: 80 }, { name: 'http-metrics', port: 9102 }] })]);
    assert.equal(monitors(out)[0].spec.endpoints[0].port, 'http-metrics');
  });

  it('the port named in sli.port wins', () => {
    const out = run([projectContext({ observability: { sli: { port: 'admin' } } }), deployment(), service({ ports: [{ name: 'metrics', port: 1 }, { name: 'admin', port: 2 }] })]);
    assert.equal(monitors(out)[0].spec.endpoints[0].port, 'admin');
  });

  it('a workload no Service selects is skipped with the reason (rendered under onUnmetRequirement: warn)', () => {
    const out = run([config({ onUnmetRequirement: 'warn' }), projectContext(), deployment()]);
    const [t] = tasks(out, 'service_monitor');
    assert.equal(t!.status, 'skipped');
    assert.equal(t!.id, 'service_monitor:deployment/shop/checkout');
    assert.match(t!.reason!, /no Service in namespace shop selects the pods of Deployment checkout/);
  });

  it("a user's ServiceMonitor that selects the Service is reported as exists and left untouched", () => {
    const userSm = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'mine', namespace: 'shop' }, spec: { jobLabel: 'app', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['checkout'] }] }, endpoints: [{ port: 'metrics' }] } };
    const out = run([projectContext(), deployment(), service(), userSm]);
    assert.equal(monitors(out).length, 0);
    const [t] = tasks(out, 'service_monitor');
    assert.equal(t!.status, 'exists');
    assert.deepEqual(t!.artifact, { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', namespace: 'shop', name: 'mine' });
    assert.equal(t!.parameters.job, 'checkout', 'the job label follows the monitor jobLabel');
    assert.deepEqual(out.resources.find((r) => r.metadata?.name === 'mine'), userSm);
  });

  it("a user's ServiceMonitor in another namespace counts only when its namespaceSelector picks the Service", () => {
    const sm = (namespaceSelector?: Obj) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'central', namespace: 'monitoring' }, spec: { selector: { matchLabels: { app: 'checkout' } }, endpoints: [{ port: 'metrics' }], ...(namespaceSelector ? { namespaceSelector } : {}) } });
    assert.equal(tasks(run([projectContext(), deployment(), service(), sm()]), 'service_monitor')[0]!.status, 'generated');
    assert.equal(tasks(run([projectContext(), deployment(), service(), sm({ matchNames: ['shop'] })]), 'service_monitor')[0]!.status, 'exists');
    assert.equal(tasks(run([projectContext(), deployment(), service(), sm({ any: true })]), 'service_monitor')[0]!.status, 'exists');
  });

  // A selector the API server would refuse covers nothing: ours is generated, nothing crashes.
  for (const [name, selector] of [
    ['matchExpressions given as a mapping', { matchExpressions: { key: 'app', operator: 'Exists' } }],
    ['a null match expression', { matchExpressions: [null] }],
    ['values that are not a list', { matchExpressions: [{ key: 'app', operator: 'In', values: 'checkout' }] }],
    ['matchLabels given as a list', { matchLabels: ['app'] }],
  ] as Array<[string, Obj]>) {
    it(`a user's ServiceMonitor or PodMonitor with ${name} covers nothing`, () => {
      const sm = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'mine', namespace: 'shop' }, spec: { selector, endpoints: [{ port: 'metrics' }] } };
      const pm = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'pods', namespace: 'shop' }, spec: { selector, podMetricsEndpoints: [{ port: 'metrics' }] } };
      const out = run([projectContext(), deployment(), service(), sm, pm]);
      assert.equal(tasks(out, 'service_monitor')[0]!.status, 'generated');
      assert.equal(monitors(out).length, 1);
    });
  }

  it('a Service whose labels are a list is skipped as one without labels, never selected by index', () => {
    const svc = service() as Obj;
    svc.metadata.labels = ['app', 'checkout'];
    const out = run([config({ onUnmetRequirement: 'warn' }), projectContext(), deployment(), svc]);
    assert.equal(monitors(out).length, 0);
    assert.match(tasks(out, 'service_monitor')[0]!.reason!, /has no labels/);
  });

  it("a user's PodMonitor on the workload's pods counts as an existing scrape", () => {
    const pm = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'pods', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'checkout' } }, podMetricsEndpoints: [{ port: 'metrics' }] } };
    const out = run([projectContext(), deployment(), pm]);
    const [t] = tasks(out, 'service_monitor');
    assert.equal(t!.status, 'exists');
    assert.equal(t!.parameters.job, 'shop/pods');
  });

  it('an interval below 10s also sets scrapeTimeout so Prometheus accepts the config', () => {
    const out = run([projectContext({ observability: { metricsInterval: '5s' } }), deployment(), service()]);
    assert.deepEqual(monitors(out)[0].spec.endpoints[0], { interval: '5s', port: 'metrics', scrapeTimeout: '5s' });
  });

  it('selector labels from the config are put on the ServiceMonitor', () => {
    const out = run([config({ prometheus: { selectorLabels: { release: 'kps' } } }), projectContext(), deployment(), service()]);
    assert.equal(monitors(out)[0].metadata.labels.release, 'kps');
  });

  it('a name taken by a user resource is never overwritten', () => {
    const taken = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'checkout-api-contextcore', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'other' } }, endpoints: [] } };
    const out = run([projectContext(), deployment(), service(), taken]);
    const mine = monitors(out);
    assert.equal(mine.length, 1);
    assert.match(mine[0].metadata.name, /^checkout-api-contextcore-[0-9a-f]{6}$/);
    assert.deepEqual(out.resources.find((r) => r.metadata?.name === 'checkout-api-contextcore'), taken);
  });
});
