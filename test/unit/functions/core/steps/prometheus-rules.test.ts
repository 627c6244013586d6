import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { config, deployment, projectContext, service, expandOk, generatedOf } from '../../../../fixtures.js';

type Obj = Record<string, any>;
const run = expandOk;
const rulesOf = (out: ReturnType<typeof run>) => generatedOf(out, 'PrometheusRule');
const alertsOf = (pr: Obj) => pr.spec.groups.flatMap((g: Obj) => g.rules).filter((r: Obj) => r.alert);
const task = (out: ReturnType<typeof run>, type: string) => out.plans[0]!.stories.flatMap((s) => s.tasks).find((t) => t.type === type)!;

describe('PrometheusRules', () => {
  it('one PrometheusRule per measured service, named after the Service, carrying the context', () => {
    const out = run([projectContext({ requirements: { availability: '99.95', latencyP99: '250ms' }, design: { doc: 'https://d.example.com', adr: 'https://adr.example.com/1' } }), deployment(), service()]);
    const [pr, ...rest] = rulesOf(out);
    assert.equal(rest.length, 0);
    assert.equal(pr.metadata.name, 'checkout-api-slo');
    const a = alertsOf(pr)[0].annotations;
    assert.equal(a.runbook_url, 'https://adr.example.com/1');
    assert.equal(a.design_doc, 'https://d.example.com');
    assert.equal(a.adr, 'https://adr.example.com/1');
    assert.equal(a.owner, 'shop-team');
    assert.equal(a.business_criticality, 'high');
    assert.equal(a.business_value, 'revenue-primary');
    assert.match(a.description, /0\.05% error budget of the 99\.95% objective/);
  });

  it('risks, alert channels and the dashboard URL become annotations', () => {
    const out = run([
      config({ grafana: { baseUrl: 'https://grafana.example.com/' } }),
      projectContext({ risks: [{ type: 'security', description: 'PII', priority: 'P1', mitigation: 'ADR-9' }], observability: { alertChannels: ['a', 'b'] } }),
      deployment(),
      service(),
    ]);
    const a = alertsOf(rulesOf(out)[0])[0].annotations;
    assert.equal(a.known_risks, 'security (P1): PII — mitigation: ADR-9');
    assert.equal(a.alert_channels, 'a,b');
    assert.equal(a.dashboard_url, 'https://grafana.example.com/d/cc-shop-checkout');
  });

  it('every alert carries the alert channels in a label Alertmanager routes on, each between commas', () => {
    const out = run([projectContext({ risks: [{ type: 'security', description: 'PII' }], requirements: { latencyP99: '250ms' }, observability: { alertChannels: ['shop-oncall', '#payments', '@lead'] } }), deployment(), service()]);
    const alerts = alertsOf(rulesOf(out)[0]);
    assert.ok(alerts.length > 8);
    for (const a of alerts) assert.equal(a.labels.contextcore_alert_channels, ',shop-oncall,#payments,@lead,', a.alert);
    const none = alertsOf(rulesOf(run([projectContext(), deployment(), service()]))[0]);
    assert.ok(none.every((a: Obj) => !('contextcore_alert_channels' in a.labels)), 'no label without channels');
  });

  it('user text cannot open a Go template in an annotation', () => {
    const out = run([projectContext({ risks: [{ type: 'financial', description: 'costs {{ $labels.x }} money' }] }), deployment(), service()]);
    assert.equal(alertsOf(rulesOf(out)[0])[0].annotations.known_risks, 'financial: costs {{ "{{" }} $labels.x {{ "}}" }} money');
  });

  it('alert labels carry severity, priority, team and the context', () => {
    const out = run([projectContext({ business: { criticality: 'critical', owner: 'payments' } }), deployment(), service()]);
    const [page] = alertsOf(rulesOf(out)[0]);
    assert.equal(page.labels.severity, 'critical');
    assert.equal(page.labels.priority, 'P1');
    assert.equal(page.labels.team, 'payments');
    assert.equal(page.labels.contextcore_context, 'shop/checkout');
  });

  it("a user's PrometheusRule alerting on the service's requests is reported as exists", () => {
    const userRule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'checkout-slo-by-hand', namespace: 'shop' },
      spec: { groups: [{ name: 'x', rules: [{ alert: 'CheckoutErrors', expr: 'sum(rate(http_server_request_duration_seconds_count{job="checkout-api",http_response_status_code=~"5.."}[5m])) > 1' }] }] },
    };
    const out = run([projectContext(), deployment(), service(), userRule]);
    assert.equal(rulesOf(out).length, 0);
    const t = task(out, 'prometheus_rule');
    assert.equal(t.status, 'exists');
    assert.equal(t.artifact?.name, 'checkout-slo-by-hand');
  });

  it("a user's PrometheusRule about something else does not stop generation", () => {
    const other = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'restarts', namespace: 'shop' }, spec: { groups: [{ name: 'x', rules: [{ alert: 'Restarts', expr: 'kube_pod_container_status_restarts_total{job="checkout-api"} > 3' }] }] } };
    assert.equal(task(run([projectContext(), deployment(), service(), other]), 'prometheus_rule').status, 'generated');
  });

  it('a service nothing scrapes gets no rules, and the plan says why', () => {
    const out = run([config({ onUnmetRequirement: 'warn' }), projectContext(), deployment()]);
    assert.equal(rulesOf(out).length, 0);
    const t = task(out, 'prometheus_rule');
    assert.equal(t.status, 'skipped');
    assert.deepEqual(t.dependsOn, ['service_monitor:deployment/shop/checkout']);
  });

  it('a custom SLI without a latency histogram warns that there is no latency SLO', () => {
    const out = run([projectContext({ requirements: { latencyP99: '1s' }, observability: { sli: { preset: 'custom', errorQuery: 'sum(rate(e{ {{selector}} }[{{window}}]))', totalQuery: 'sum(rate(t{ {{selector}} }[{{window}}]))' } } }), deployment(), service()]);
    assert.ok(out.results.some((r) => r.severity === 'warning' && r.field?.path === 'spec.observability.sli.latencyHistogram' && /no latency SLO/.test(r.message)));
    assert.equal(alertsOf(rulesOf(out)[0]).filter((a: Obj) => a.labels.contextcore_slo === 'latency').length, 0);
  });

  const latencyWarnings = (spec: Obj) => run([projectContext(spec), deployment(), service()]).results.filter((r) => r.field?.path === 'spec.requirements.latencyP99');
  const warnings: Array<[string, Obj, RegExp | undefined]> = [
    ['a target between bucket boundaries warns, naming the target and the bound used', { requirements: { latencyP99: '350ms' } }, /^350ms is not a bucket boundary of the otel preset .*: slow requests are those above the next boundary, 500ms; requests between 350ms and 500ms count as fast$/],
    ['the prometheus preset has its own boundaries: 75ms is measured at 100ms', { requirements: { latencyP99: '75ms' }, observability: { sli: { preset: 'prometheus' } } }, /^75ms is not a bucket boundary of the prometheus preset .* 100ms;/],
    ['a target above every boundary warns that there is no latency SLO', { requirements: { latencyP99: '30s' } }, /^30s is above the largest bucket boundary of the otel preset \(10s, .*\): no latency SLO; declare/],
    ['a target on a boundary does not warn', { requirements: { latencyP99: '250ms' } }, undefined],
    ['a declared boundary does not warn', { requirements: { latencyP99: '350ms' }, observability: { sli: { latencyBucket: '350ms' } } }, undefined],
  ];
  for (const [name, spec, message] of warnings) {
    it(name, () => {
      const found = latencyWarnings(spec);
      if (!message) return assert.deepEqual(found, []);
      assert.equal(found.length, 1);
      assert.equal(found[0]!.severity, 'warning');
      assert.match(found[0]!.message, message);
    });
  }

  it('the plan task records the latency target and the bound that measures it, and why', () => {
    const t = task(run([projectContext({ requirements: { latencyP99: '350ms' } }), deployment(), service()]), 'prometheus_rule');
    assert.equal(t.parameters.latencyP99, '350ms');
    assert.equal(t.parameters.latencyThreshold, '500ms');
    assert.ok(t.derivation.includes('requirements.latencyP99=350ms → latency SLO: 99% of requests within 350ms over 30d, error budget 1% slow requests'), t.derivation.join('\n'));
    assert.ok(t.derivation.some((r) => r.startsWith('350ms is not a bucket boundary of the otel preset')), t.derivation.join('\n'));
  });

  it('the effective threshold is in the alert text and the rule records it', () => {
    const [pr] = rulesOf(run([projectContext({ requirements: { latencyP99: '350ms' } }), deployment(), service()]));
    const latency = alertsOf(pr).filter((a: Obj) => a.labels.contextcore_slo === 'latency' && a.alert === 'ContextCoreErrorBudgetBurn');
    assert.equal(latency.length, 4, 'one per tier');
    for (const a of latency) assert.match(a.annotations.description, /slower than 500ms .*P99 within 350ms, measured at the 500ms bucket bound/);
    const threshold = pr.spec.groups.flatMap((g: Obj) => g.rules).find((r: Obj) => r.record === 'contextcore:slo_latency_threshold:seconds');
    assert.equal(threshold.expr, 'vector(0.5)');
  });

  it('the info series carries criticality, business value, owner, project and dashboard uid, leaving out what the context does not say', () => {
    const infoOf = (spec: Obj) => rulesOf(run([projectContext(spec), deployment(), service()]))[0].spec.groups.flatMap((g: Obj) => g.rules).find((r: Obj) => r.record === 'contextcore:context_info');
    assert.deepEqual(infoOf({}).labels, {
      contextcore_context: 'shop/checkout',
      namespace: 'shop',
      job: 'checkout-api',
      criticality: 'high',
      business_value: 'revenue-primary',
      owner: 'shop-team',
      project_id: 'shop-platform',
      dashboard_uid: 'cc-shop-checkout',
    });
    const bare = infoOf({ business: { criticality: 'low' } }).labels;
    assert.equal(bare.owner, undefined);
    assert.equal(bare.business_value, undefined);
    assert.equal(bare.criticality, 'low');
  });
});
