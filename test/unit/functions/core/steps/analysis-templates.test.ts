import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parser } from '@prometheus-io/lezer-promql';
import { promqlErrors } from '../../../../../functions/core/promql/syntax.js';
import { config, deployment, expandOk, generatedOf, projectContext, service } from '../../../../fixtures.js';

type Obj = Record<string, any>;

const rollout = (strategy?: Obj) => {
  const r = deployment({ kind: 'Rollout' }) as Obj;
  if (strategy) r.spec.strategy = strategy;
  return r;
};
const rolloutContext = (spec: Obj = {}) => projectContext({ targets: [{ kind: 'Rollout', name: 'checkout' }], ...spec });
const templateOf = (out: ReturnType<typeof expandOk>) => generatedOf(out, 'AnalysisTemplate')[0] as Obj | undefined;
const metricOf = (t: Obj, name: string) => t.spec.metrics.find((m: Obj) => m.name === name);
const taskOf = (out: ReturnType<typeof expandOk>) => out.plans[0]!.stories.flatMap((s) => s.tasks).find((t) => t.type === 'analysis_template');
const withArgs = (q: string) => q.replace(/\{\{args\.([\w-]+)\}\}/g, (_, n) => (n === 'canary-hash' ? 'abc123' : n));

describe('analysis-templates step: an AnalysisTemplate per Rollout target', () => {
  const out = expandOk([rolloutContext({ requirements: { availability: '99.9', latencyP99: '250ms' } }), rollout(), service(), config({ gate: { prometheusUrl: 'https://prom.example.com:9090/' } })]);
  const t = templateOf(out)!;

  it('is an argoproj.io/v1alpha1 AnalysisTemplate beside the Rollout, named after it, with our metadata', () => {
    assert.equal(t.apiVersion, 'argoproj.io/v1alpha1');
    assert.equal(t.metadata.name, 'checkout-slo-analysis');
    assert.equal(t.metadata.namespace, 'shop');
    assert.equal(t.metadata.labels['contextcore.io/artifact'], 'analysis_template');
    assert.equal(t.metadata.annotations['contextcore.io/source'], 'shop/checkout');
  });

  it('takes the canary selector as arguments: namespace and job default to the measured service, canary-hash to every pod', () => {
    assert.deepEqual(t.spec.args, [
      { name: 'namespace', value: 'shop' },
      { name: 'job', value: 'checkout-api' },
      { name: 'canary-hash', value: '.*' },
    ]);
  });

  it('measures availability and latency every 5m after a first 5m, three times, the first failure failing and the first inconclusive pausing', () => {
    assert.deepEqual(t.spec.metrics.map((m: Obj) => m.name), ['availability', 'latency']);
    for (const m of t.spec.metrics) assert.deepEqual([m.interval, m.initialDelay, m.count, m.failureLimit, m.inconclusiveLimit], ['5m', '5m', 3, 0, 0]);
  });

  it('queries the configured Prometheus with the same SLIs as the rules, on the canary’s pods, and every query is PromQL', () => {
    const a = metricOf(t, 'availability');
    assert.equal(a.provider.prometheus.address, 'https://prom.example.com:9090');
    assert.equal(
      a.provider.prometheus.query,
      '(sum(rate(http_server_request_duration_seconds_count{namespace="{{args.namespace}}", job="{{args.job}}", rollouts_pod_template_hash=~"{{args.canary-hash}}", http_response_status_code=~"5.."}[5m])) or vector(0))\n/\nsum(rate(http_server_request_duration_seconds_count{namespace="{{args.namespace}}", job="{{args.job}}", rollouts_pod_template_hash=~"{{args.canary-hash}}"}[5m]))',
    );
    assert.match(metricOf(t, 'latency').provider.prometheus.query, /_bucket\{namespace="\{\{args\.namespace\}\}", job="\{\{args\.job\}\}", rollouts_pod_template_hash=~"\{\{args\.canary-hash\}\}", le=~"[^"]+"\}\[5m\]/);
    for (const m of t.spec.metrics) assert.deepEqual(promqlErrors(parser, withArgs(m.provider.prometheus.query)), [], m.name);
  });

  it('guards both conditions against an empty or NaN result, so that neither holds (inconclusive)', () => {
    const a = metricOf(t, 'availability');
    assert.equal(a.successCondition, 'len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.001');
    assert.equal(a.failureCondition, 'len(result) > 0 && !isNaN(result[0]) && result[0] > 0.0144');
  });

  const objectives: Array<[string, string, number, number]> = [
    ['99.95', 'critical', 0.0005, 0.0072],
    ['99.9', 'high', 0.001, 0.0144],
    ['99.5', 'medium', 0.005, 0.072],
    ['99', 'low', 0.01, 0.144],
  ];
  for (const [objective, criticality, success, failure] of objectives) {
    it(`objective ${objective}% (${criticality}'s default): success at most ${success} (burn rate 1), failure above ${failure} (burn rate 14.4)`, () => {
      const o = expandOk([rolloutContext({ business: { criticality } }), rollout(), service()]);
      const a = metricOf(templateOf(o)!, 'availability');
      assert.ok(a.successCondition.endsWith(`<= ${success}`), a.successCondition);
      assert.ok(a.failureCondition.endsWith(`> ${failure}`), a.failureCondition);
    });
  }

  it('latency: success while at most 1% of requests are slower than the target’s bucket, failure above 14.4%', () => {
    const l = metricOf(t, 'latency');
    assert.ok(l.successCondition.endsWith('<= 0.01'));
    assert.ok(l.failureCondition.endsWith('> 0.144'));
  });

  it('has no latency metric without a latency target', () => {
    const o = expandOk([rolloutContext(), rollout(), service()]);
    assert.deepEqual(templateOf(o)!.spec.metrics.map((m: Obj) => m.name), ['availability']);
  });

  it('a custom SLI puts the canary’s matcher into its {{selector}}', () => {
    const o = expandOk([
      rolloutContext({ observability: { sli: { preset: 'custom', errorQuery: 'rate(app_errors_total{{{selector}}}[{{window}}])', totalQuery: 'rate(app_requests_total{{{selector}}}[{{window}}])' } } }),
      rollout(),
      service(),
    ]);
    const q = metricOf(templateOf(o)!, 'availability').provider.prometheus.query;
    assert.match(q, /app_errors_total\{namespace="\{\{args\.namespace\}\}", job="\{\{args\.job\}\}", rollouts_pod_template_hash=~"\{\{args\.canary-hash\}\}"\}\[5m\]/);
  });

  it('measures the Rollout’s canaryService when it is one of the Services it scrapes', () => {
    const o = expandOk([rolloutContext(), rollout({ canary: { canaryService: 'checkout-canary', stableService: 'checkout-api' } }), service(), service({ name: 'checkout-canary' })]);
    assert.deepEqual(templateOf(o)!.spec.args[1], { name: 'job', value: 'checkout-canary' });
    assert.deepEqual(taskOf(o)!.dependsOn, ['service_monitor:service/shop/checkout-canary']);
  });

  it('the ServiceMonitors of a Rollout’s Services carry its pod template hash; a Deployment’s do not', () => {
    assert.deepEqual(generatedOf(out, 'ServiceMonitor')[0].spec.podTargetLabels, ['rollouts-pod-template-hash']);
    const d = expandOk([projectContext(), deployment(), service()]);
    assert.equal(generatedOf(d, 'ServiceMonitor')[0].spec.podTargetLabels, undefined);
    assert.equal(templateOf(d), undefined);
  });

  it('a Rollout no Service scrapes gets no template: its task is skipped, saying why', () => {
    // A declared objective without a Service fails the render unless the team rolls out gradually.
    const o = expandOk([rolloutContext(), rollout(), config({ onUnmetRequirement: 'warn' })]);
    assert.equal(templateOf(o), undefined);
    const task = taskOf(o)!;
    assert.equal(task.status, 'skipped');
    assert.match(task.reason!, /nothing scrapes a Service of Rollout shop\/checkout/);
  });

  it('the plan says the rule in words and records the thresholds', () => {
    const task = taskOf(out)!;
    assert.equal(task.status, 'generated');
    assert.deepEqual(task.artifact, { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', namespace: 'shop', name: 'checkout-slo-analysis' });
    assert.equal(
      task.derivation[0],
      "objective 99.9% → canary analysis every 5m: successful while the canary's error ratio is at most 0.1% (burn rate 1), failed above 1.44% (burn rate 14.4, the fastest page tier), inconclusive in between or without traffic (the rollout pauses)",
    );
    assert.deepEqual(task.parameters, { job: 'checkout-api', interval: '5m', 'availability.success': '0.001', 'availability.failure': '0.0144', 'latency.success': '0.01', 'latency.failure': '0.144' });
  });

  it('with the PostSync hook, its Role may read exactly this AnalysisTemplate', () => {
    const o = expandOk([rolloutContext(), rollout(), service(), config({ hook: { enabled: true } })]);
    const role = generatedOf(o, 'Role')[0] as Obj;
    assert.ok(role.rules.some((r: Obj) => r.apiGroups[0] === 'argoproj.io' && r.resources[0] === 'analysistemplates' && r.resourceNames.join() === 'checkout-slo-analysis' && r.verbs.join() === 'get,list'), JSON.stringify(role.rules));
  });
});
