import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffRenders } from '../../../../functions/diff/index.js';
import type { Highlight } from '../../../../functions/diff/model.js';
import { config, deployment, expandOk, projectContext, service } from '../../../fixtures.js';

type Obj = Record<string, any>;

/** Renders a context with the spec patch, and the highlights of one resource kind between two patches. */
function highlightsOf(kind: string, basePatch: Obj, headPatch: Obj, headPorts?: Obj[]): Highlight[] {
  const side = (patch: Obj, ports?: Obj[]) => {
    // Ports that cannot be scraped are rendered anyway (onUnmetRequirement: warn), with the gap in the plan.
    const out = expandOk([...(ports ? [config({ onUnmetRequirement: 'warn' }), service({ ports })] : [service()]), projectContext(patch), deployment()]);
    return { label: 'x', resources: out.resources, plans: out.plans, defaultNamespace: out.defaultNamespace };
  };
  const report = diffRenders(side(basePatch), side(headPatch, headPorts));
  return report.resources.filter((r) => r.resource.kind === kind).flatMap((r) => r.highlights);
}

const find = (hs: Highlight[], subject: string) => hs.find((h) => h.subject === subject);
const BURN_PAGE = 'alert/contextcore-slo-availability/ContextCoreErrorBudgetBurn/page';
const LATENCY_PAGE = 'alert/contextcore-slo-latency/ContextCoreErrorBudgetBurn/page';
const LATENCY_TICKET = 'alert/contextcore-slo-latency/ContextCoreErrorBudgetBurn/ticket';

describe('diff: highlights in words', () => {
  it('an objective change shows the SLO and each burn threshold, explained by the objective', () => {
    const hs = highlightsOf('PrometheusRule', { requirements: { availability: '99.95' } }, { requirements: { availability: '99.9' } });
    assert.deepEqual(find(hs, 'slo/availability')!.attributes, [
      { name: 'objective', old: '99.95%', new: '99.9%' },
      { name: 'error budget', old: '0.05%', new: '0.1%' },
    ]);
    assert.deepEqual(find(hs, BURN_PAGE), {
      subject: BURN_PAGE,
      title: 'page alert ContextCoreErrorBudgetBurn (availability SLO)',
      change: 'changed',
      attributes: [
        { name: 'threshold over 1h and 5m', old: '14.4 × 0.05% = 0.72% errors', new: '14.4 × 0.1% = 1.44% errors' },
        { name: 'threshold over 6h and 30m', old: '6 × 0.05% = 0.3% errors', new: '6 × 0.1% = 0.6% errors' },
      ],
      because: [{ name: 'objective', old: '99.95%', new: '99.9%' }],
    });
  });

  it('a latency target change shows the target, the bucket bound it is measured at and the burn thresholds the bound moves', () => {
    const hs = highlightsOf('PrometheusRule', { requirements: { latencyP99: '300ms' } }, { requirements: { latencyP99: '1.5s' } });
    assert.deepEqual(hs.map((h) => h.subject), ['slo/latency', LATENCY_PAGE, LATENCY_TICKET, 'alert/contextcore-slo-latency/ContextCoreLatencyBucketMissing']);
    assert.deepEqual(find(hs, 'slo/latency')!.attributes, [
      { name: 'P99 latency target', old: '300ms', new: '1.5s' },
      { name: 'bucket bound', old: '500ms', new: '2.5s' },
    ]);
    assert.deepEqual(find(hs, LATENCY_PAGE), {
      subject: LATENCY_PAGE,
      title: 'page alert ContextCoreErrorBudgetBurn (latency SLO)',
      change: 'changed',
      attributes: [
        { name: 'threshold over 1h and 5m', old: '14.4 × 1% = 14.4% of requests slower than 500ms', new: '14.4 × 1% = 14.4% of requests slower than 2.5s' },
        { name: 'threshold over 6h and 30m', old: '6 × 1% = 6% of requests slower than 500ms', new: '6 × 1% = 6% of requests slower than 2.5s' },
      ],
      because: [{ name: 'bucket bound', old: '500ms', new: '2.5s' }],
    });
    assert.deepEqual(find(hs, 'alert/contextcore-slo-latency/ContextCoreLatencyBucketMissing')!.attributes, [{ name: 'bucket bound', old: '500ms', new: '2.5s' }]);
  });

  it('a latency target moved within one bucket changes the target only: the alerts measure the same bound', () => {
    const hs = highlightsOf('PrometheusRule', { requirements: { latencyP99: '300ms' } }, { requirements: { latencyP99: '400ms' } });
    assert.deepEqual(hs, [{ subject: 'slo/latency', title: 'latency SLO', change: 'changed', attributes: [{ name: 'P99 latency target', old: '300ms', new: '400ms' }] }]);
  });

  it('lower criticality drops the page alerts of both SLOs and lowers the priority of their tickets', () => {
    const hs = highlightsOf('PrometheusRule', { business: { criticality: 'high', owner: 't' }, requirements: { latencyP99: '200ms' } }, { business: { criticality: 'medium', owner: 't' }, requirements: { latencyP99: '200ms' } });
    assert.equal(find(hs, BURN_PAGE)!.change, 'removed');
    assert.equal(find(hs, LATENCY_PAGE)!.change, 'removed');
    assert.deepEqual(find(hs, LATENCY_TICKET), {
      subject: LATENCY_TICKET,
      title: 'ticket alert ContextCoreErrorBudgetBurn (latency SLO)',
      change: 'changed',
      attributes: [{ name: 'priority', old: 'P2', new: 'P3' }],
    });
    assert.deepEqual(find(hs, 'alert/contextcore-slo-availability/ContextCoreErrorBudgetBurn/ticket')!.attributes.find((a) => a.name === 'priority'), { name: 'priority', old: 'P2', new: 'P3' });
  });

  it('a security risk adds the auth-anomaly alert with its threshold in words', () => {
    const hs = highlightsOf('PrometheusRule', {}, { risks: [{ type: 'security', description: 'PII', priority: 'P1' }] });
    const auth = hs.find((h) => h.title === 'ticket alert ContextCoreAuthFailureAnomaly')!;
    assert.equal(auth.change, 'added');
    assert.deepEqual(auth.attributes[0], { name: 'threshold', new: 'auth failure ratio over 5m above 3 × its 1d baseline and above 5%' });
    assert.deepEqual(find(hs, 'alert-context')!.attributes, [{ name: 'known_risks', new: 'security (P1): PII' }]);
  });

  it('a risk with template braces reads as written, not as the escaping that keeps Prometheus from running it', () => {
    const hs = highlightsOf('PrometheusRule', {}, { risks: [{ type: 'financial', description: 'costs {{ $labels.x }} money' }] });
    assert.deepEqual(find(hs, 'alert-context')!.attributes, [{ name: 'known_risks', new: 'financial: costs {{ $labels.x }} money' }]);
  });

  it('criticality changes the scrape interval of the ServiceMonitor', () => {
    const hs = highlightsOf('ServiceMonitor', { business: { criticality: 'high' } }, { business: { criticality: 'low' } });
    assert.deepEqual(hs, [{ subject: 'endpoint/metrics', title: 'scrape endpoint metrics', change: 'changed', attributes: [{ name: 'scrape interval', old: '30s', new: '120s' }] }]);
  });

  it('criticality changes the sampling of each container and the context annotations of the workload, default objective included', () => {
    const hs = highlightsOf('Deployment', { business: { criticality: 'high' } }, { business: { criticality: 'critical' } });
    assert.deepEqual(find(hs, 'container/app')!.attributes, [{ name: 'trace sampling', old: '0.5', new: '1' }]);
    assert.deepEqual(find(hs, 'context')!.attributes, [
      { name: 'contextcore.io/criticality', old: 'high', new: 'critical' },
      { name: 'contextcore.io/slo-availability', old: '99.9', new: '99.95' },
    ]);
  });

  it('the plan shows derived values that change', () => {
    const hs = highlightsOf('ConfigMap', { business: { criticality: 'high' } }, { business: { criticality: 'medium' } });
    const derived = find(hs, 'derivations')!;
    assert.equal(derived.title, 'derived values (plan)');
    assert.deepEqual(derived.attributes.find((a) => a.name === 'observability.traceSampling'), { name: 'observability.traceSampling', old: '0.5', new: '0.1' });
  });

  it('the plan shows an artifact that is no longer generated, with the reason', () => {
    const hs = highlightsOf('ConfigMap', {}, {}, [{ name: 'http', port: 80 }, { name: 'grpc', port: 81 }]);
    const scrape = find(hs, 'tasks')!.attributes.find((a) => a.name === 'service_monitor:service/shop/checkout-api')!;
    assert.equal(scrape.old, 'generated');
    assert.match(scrape.new!, /^skipped \(.*has several ports \(http, grpc\)/);
  });

  it('an unchanged context has no highlights at all', () => {
    assert.deepEqual(highlightsOf('PrometheusRule', {}, {}), []);
  });
});
