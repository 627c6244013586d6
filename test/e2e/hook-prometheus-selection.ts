// Will Prometheus use it? On a real API server with prometheus-operator's Prometheus CRD, the
// hook as its rendered ServiceAccount asks the Prometheus objects, of several selector shapes,
// whether they select the generated ServiceMonitor and PrometheusRule (prometheus-operator's
// semantics: a null selector selects nothing, {} everything; a null namespace selector means the
// Prometheus's own namespace). One that none selects is a gap: its task span ERROR, its status
// `unselected`, the PrometheusSelects and Verified conditions False. Runs alone: the Prometheus
// objects it creates would otherwise judge the other scenarios' monitors too.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { yamlStream } from '../support/kubectl.js';
import { context, deployWithHook, metricsService, renderWithHook, runHook, statusOf, taskSpan, workload, type HookSite } from './hook-scenario.js';
import type { ServerUnderTest } from './server-under-test.js';

type Obj = Record<string, any>;

const NS = 'e2e-selection';
const MONITORING = 'e2e-monitoring';
const RELEASE = { release: 'kube-prometheus-stack' };
const MONITOR = 'service_monitor:service/e2e-selection/shop';
const RULE = 'prometheus_rule:service/e2e-selection/shop';

const prometheus = (name: string, spec: Obj) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name, namespace: MONITORING }, spec });

export function prometheusSelection(sut: ServerUnderTest): void {
  let site: HookSite;
  const apply = (objects: Obj[]) => sut.admin.ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], yamlStream(objects));
  const remove = () => sut.admin.ok(['delete', 'prometheuses.monitoring.coreos.com', '--all', '-n', MONITORING, '--ignore-not-found']);
  /** A hook run with --strict, and what it wrote: the state of the monitor and rule tasks, and the conditions by type. */
  const verify = async () => {
    const r = await runHook(site, { args: ['--strict'] });
    assert.equal(r.code, 0, r.stderr);
    const status = (await statusOf(sut, NS, 'shop'))!;
    const state = (id: string) => status.artifacts.find((a: Obj) => a.id === id).state;
    const conditions = Object.fromEntries((status.conditions as Obj[]).map((c) => [c.type, c]));
    return { r, status, monitor: state(MONITOR), rule: state(RULE), conditions };
  };

  before(async () => {
    await sut.namespaces([NS, MONITORING]);
    const rendered = renderWithHook([context('shop', NS, [{ kind: 'Deployment', name: 'shop' }]), workload('shop', NS), metricsService('shop', NS)], { hook: { enabled: true }, prometheus: { selectorLabels: RELEASE } });
    site = await deployWithHook(sut, rendered, { context: 'shop' });
  });
  after(() => remove());

  it('with no Prometheus object: unverifiable, said once and not an error; the artifacts stay verified and PrometheusSelects is Unknown', async () => {
    await remove();
    const v = await verify();
    assert.equal(v.r.stderr.match(/unverifiable, not an error: whether a Prometheus selects/g)?.length, 1, v.r.stderr);
    assert.match(v.r.stderr, /there is no Prometheus object in the cluster/);
    assert.deepEqual([v.monitor, v.rule], ['verified', 'verified']);
    assert.equal(v.conditions.PrometheusSelects.status, 'Unknown');
    assert.equal(v.conditions.Verified.status, 'True');
    assert.equal(v.status.coverage, 1);
  });

  it('a Prometheus with null selectors selects nothing: both are gaps, their spans ERROR, the conditions False', async () => {
    await apply([prometheus('nothing', {})]);
    const v = await verify();
    assert.deepEqual([v.monitor, v.rule], ['unselected', 'unselected']);
    for (const id of [MONITOR, RULE]) {
      const span = taskSpan(v.r.spans, id);
      assert.equal(span.status.code, 2, id);
      assert.equal(span.attributes['artifact.verification'], 'unselected');
      assert.match(String(span.status.message), /is there, but no Prometheus selects it, so it is not used: Prometheus e2e-monitoring\/nothing has no (serviceMonitorSelector|ruleSelector) \(null selects nothing\)/);
    }
    assert.equal(v.conditions.PrometheusSelects.status, 'False');
    assert.equal(v.conditions.PrometheusSelects.reason, 'NotSelected');
    assert.equal(v.conditions.Verified.status, 'False');
    assert.ok(v.status.coverage < 1);
  });

  it('selectors that match but a null namespace selector: the Prometheus looks in its own namespace only', async () => {
    await apply([prometheus('own-namespace', { serviceMonitorSelector: { matchLabels: RELEASE }, ruleSelector: { matchLabels: RELEASE } })]);
    const v = await verify();
    assert.deepEqual([v.monitor, v.rule], ['unselected', 'unselected']);
    assert.match(v.status.artifacts.find((a: Obj) => a.id === MONITOR).reason, /Prometheus e2e-monitoring\/own-namespace has no serviceMonitorNamespaceSelector, so it looks in its own namespace e2e-monitoring only/);
  });

  it('a namespace selector on a label the namespace lacks, then has: read with the ClusterRole, unselected, then selected', async () => {
    await apply([prometheus('team-namespaces', { serviceMonitorSelector: { matchLabels: RELEASE }, serviceMonitorNamespaceSelector: { matchLabels: { team: 'shop' } }, ruleSelector: { matchLabels: RELEASE }, ruleNamespaceSelector: { matchLabels: { team: 'shop' } } })]);
    const before = await verify();
    assert.deepEqual([before.monitor, before.rule], ['unselected', 'unselected']);
    const since = before.conditions.PrometheusSelects.lastTransitionTime;
    await sut.admin.ok(['label', '--overwrite', 'namespace', NS, 'team=shop']);
    const now = await verify();
    assert.deepEqual([now.monitor, now.rule], ['verified', 'verified']);
    assert.equal(now.conditions.PrometheusSelects.status, 'True');
    assert.match(now.conditions.PrometheusSelects.message, /a Prometheus selects each of ServiceMonitor e2e-selection\/shop-contextcore, PrometheusRule e2e-selection\/shop-slo/);
    assert.equal(now.conditions.Verified.status, 'True');
    assert.equal(now.status.coverage, 1);
    assert.ok(since, 'the condition had a transition time');
  });

  it('the kube-prometheus-stack shape (release label, {} namespace selectors) selects them; a condition that did not change keeps its time', async () => {
    await remove();
    await sut.admin.ok(['label', 'namespace', NS, 'team-']);
    await apply([prometheus('kube-prometheus-stack', { serviceMonitorSelector: { matchLabels: RELEASE }, serviceMonitorNamespaceSelector: {}, ruleSelector: { matchLabels: RELEASE }, ruleNamespaceSelector: {} })]);
    const first = await verify();
    assert.deepEqual([first.monitor, first.rule], ['verified', 'verified']);
    const second = await verify();
    for (const type of ['Verified', 'PrometheusSelects', 'RenderWarnings']) assert.equal(second.conditions[type].lastTransitionTime, first.conditions[type].lastTransitionTime, type);
  });

  it('as its ServiceAccount it may list Prometheus objects and read its own namespace, not other namespaces or Secrets', async () => {
    const can = async (args: string[]) => (await sut.admin.run(['--kubeconfig', site.kubeconfig, 'auth', 'can-i', ...args])).code === 0;
    const checks: Array<[string[], boolean]> = [
      [['list', 'prometheuses.monitoring.coreos.com', '--all-namespaces'], true],
      [['get', `namespaces/${NS}`], true],
      [['get', `namespaces/${MONITORING}`], false],
      [['list', 'namespaces'], false],
      [['patch', 'prometheuses.monitoring.coreos.com/kube-prometheus-stack', '-n', MONITORING], false],
      [['get', 'secrets', '--all-namespaces'], false],
    ];
    const answers = await Promise.all(checks.map(([args]) => can(args)));
    assert.deepEqual(checks.filter(([, expected], i) => answers[i] !== expected).map(([args]) => args.join(' ')), []);
  });
}

