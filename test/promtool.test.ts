// Every generated PrometheusRule passes `promtool check rules`, and `promtool test rules` proves
// the availability alerts behave: a fast burn pages, a slow burn only tickets, a healthy service
// is quiet, and a jump in 401/403 alerts; under promtool 2 and 3 alike. The latency SLO's
// scenarios are in latency-promtool.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type KubeObject } from '../functions/core/index.js';
import { expand } from './support/expand.js';
import { deployment, projectContext, service } from './fixtures.js';
import { examples, examplePath, expandPaths, generatedOfKind } from './helpers.js';
import { PROMTOOLS, promtool as promtoolIn, tierAlerts } from './promtool-run.js';
import { caseRules, ruleCases } from './rule-cases.js';

type Obj = Record<string, any>;

const rulesFor = (resources: KubeObject[]) => {
  const out = expand({ resources });
  assert.ok(out.ok, JSON.stringify(out.results));
  return generatedOfKind(out, 'PrometheusRule') as Obj[];
};

const shop = (spec: Obj) => rulesFor([projectContext(spec), deployment(), service()])[0]!;

/** Rules for `check rules`: every example's, and contexts reaching each rule shape; [2] the Prometheus they need, if newer than 2. */
const checkCases: Array<[string, Obj[], number?]> = [
  ...examples().map((name) => [`example ${name}`, generatedOfKind(expandPaths([examplePath(name)]), 'PrometheusRule') as Obj[]] as [string, Obj[]]),
  ...ruleCases().map((name) => [`rule case ${name}`, [{ spec: caseRules(name) }]] as [string, Obj[]]),
  ['a critical context with latency and a security risk', [shop({ business: { criticality: 'critical', owner: 'a' }, requirements: { latencyP99: '1.5s' }, risks: [{ type: 'security', description: 'x {{ y }}' }] })]],
  ['a low context on the prometheus preset', [shop({ business: { criticality: 'low' }, observability: { sli: { preset: 'prometheus' } } })]],
  ['a latency target between prometheus buckets', [shop({ requirements: { latencyP99: '75ms' }, observability: { sli: { preset: 'prometheus' } } })]],
  ['a latency target on its declared bucket', [shop({ requirements: { latencyP99: '350ms' }, observability: { sli: { latencyBucket: '350ms' } } })]],
  ['a latency target above every bucket', [shop({ requirements: { latencyP99: '30s' } })]],
  ['a custom SLI', [shop({ observability: { sli: { preset: 'custom', errorQuery: 'sum(rate(app_errors_total{ {{selector}} }[{{window}}]))', totalQuery: 'sum(rate(app_requests_total{ {{selector}} }[{{window}}]))', latencyHistogram: 'app_latency_seconds' } }, requirements: { latencyP99: '300ms' } })]],
  // Prometheus 3 stores OpenTelemetry's dotted names as they are; PromQL quotes them.
  ['a custom SLI on UTF-8 metric names', [shop({ observability: { sli: { preset: 'custom', errorQuery: 'sum(rate({"http.server.request.errors", {{selector}}}[{{window}}]))', totalQuery: 'sum(rate({"http.server.requests", {{selector}}}[{{window}}]))' } } })], 3],
];

for (const binary of PROMTOOLS) {
  describe(binary.name, { skip: binary.skip }, () => {
    const { run: promtool, ruleFile, testRules } = promtoolIn('cc-promtool-', binary);
    describe('check rules', () => {
      for (const [name, rules, since = 2] of checkCases) {
        if ((binary.major ?? 3) < since) continue;
        it(`${name}: every PrometheusRule is valid`, () => {
          assert.ok(rules.length > 0);
          rules.forEach((pr, i) => {
            const r = promtool(['check', 'rules', ruleFile(pr, `check-${name.replace(/\W+/g, '-')}-${i}`)]);
            assert.equal(r.code, 0, r.out);
            assert.match(r.out, /SUCCESS: \d+ rules found/);
          });
        });
      }
    });

    describe('test rules', () => {
      // A high-criticality service with a 99.9% objective: budget 0.1%, page and ticket alerts.
      const pr = shop({ requirements: { availability: '99.9', latencyP99: '200ms' }, risks: [{ type: 'security', description: 'login' }], observability: { alertChannels: ['shop-oncall', '#payments'] } });
      const rules = ruleFile(pr, 'behaviour', { withoutAnnotations: true });
      const sel = 'namespace="shop", job="checkout-api"';
      const counter = (code: string, perMinute: number, minutes: number) => ({
        series: `http_server_request_duration_seconds_count{${sel}, http_response_status_code="${code}"}`,
        values: `0+${perMinute}x${minutes}`,
      });
      /** Every alert of the context carries its channels for Alertmanager routes. */
      const base = { contextcore_alert_channels: ',shop-oncall,#payments,', contextcore_context: 'shop/checkout', job: 'checkout-api', namespace: 'shop', priority: 'P2', team: 'shop-team' };
      /** The availability burn-rate alerts of these tiers (1 the fastest). */
      const tiers = (which: number[]) => tierAlerts({ ...base, contextcore_slo: 'availability' }, which);

      // Multi-day scenarios evaluate the rules every 5m: the same verdicts, five times faster.
      const runTests = (name: string, tests: Obj[], evaluationInterval = '1m') => testRules(name, [rules], tests, evaluationInterval);

      it('a fast burn (5% errors against 99.9%) pages within the hour', () => {
        runTests('fast-burn', [
          {
            interval: '1m',
            input_series: [counter('500', 5, 120), counter('200', 95, 120)],
            alert_rule_test: [
              // 50x the budget sets off every tier; Alertmanager inhibits tiers 2-4 while tier 1 fires (docs/generated.md).
              { eval_time: '30m', alertname: 'ContextCoreErrorBudgetBurn', exp_alerts: tiers([1, 2, 3, 4]) },
            ],
          },
        ]);
      });

      it('a slow burn (0.25% errors for 3 days) opens a ticket and never pages', () => {
        runTests('slow-burn', [
          {
            interval: '1m',
            input_series: [counter('500', 1, 4320), counter('200', 399, 4320)],
            // 2.5x the budget: above the 1x ticket threshold (3d and 6h), below every page threshold.
            alert_rule_test: ['30m', '2h', '1d', '3d'].map((eval_time) => ({ eval_time, alertname: 'ContextCoreErrorBudgetBurn', exp_alerts: tiers([4]) })),
          },
        ], '5m');
      });

      it('a healthy service (0.05% errors) raises nothing', () => {
        runTests('healthy', [
          {
            interval: '1m',
            input_series: [counter('500', 1, 4320), counter('200', 1999, 4320)],
            alert_rule_test: [
              { eval_time: '1h', alertname: 'ContextCoreErrorBudgetBurn', exp_alerts: [] },
              { eval_time: '3d', alertname: 'ContextCoreErrorBudgetBurn', exp_alerts: [] },
              { eval_time: '3d', alertname: 'ContextCoreAuthFailureAnomaly', exp_alerts: [] },
            ],
          },
        ], '5m');
      });

      it('the error budget records follow the burn', () => {
        runTests('records', [
          {
            interval: '1m',
            input_series: [counter('500', 1, 120), counter('200', 999, 120)],
            promql_expr_test: [
              { expr: 'contextcore:slo_current_burn_rate:ratio', eval_time: '1h', exp_samples: [{ labels: 'contextcore:slo_current_burn_rate:ratio{contextcore_context="shop/checkout", contextcore_slo="availability", job="checkout-api", namespace="shop"}', value: 1 }] },
              {
                expr: 'contextcore:slo_objective:ratio',
                eval_time: '1h',
                exp_samples: [
                  { labels: 'contextcore:slo_objective:ratio{contextcore_context="shop/checkout", contextcore_slo="availability", job="checkout-api", namespace="shop"}', value: 0.999 },
                  { labels: 'contextcore:slo_objective:ratio{contextcore_context="shop/checkout", contextcore_slo="latency", job="checkout-api", namespace="shop"}', value: 0.99 },
                ],
              },
            ],
          },
        ]);
      });

      it('401/403 responses jumping far above their daily baseline raise the auth-anomaly ticket', () => {
        // 1% rejected for a day, then 30% for an hour.
        const rejected = { series: `http_server_request_duration_seconds_count{${sel}, http_response_status_code="401"}`, values: '0+1x1440 1440+30x60' };
        const ok = { series: `http_server_request_duration_seconds_count{${sel}, http_response_status_code="200"}`, values: '0+99x1440 142560+70x60' };
        const labels = { ...base, contextcore_alert_class: 'ticket', contextcore_slo: 'auth', severity: 'warning' };
        runTests('auth', [
          {
            interval: '1m',
            input_series: [rejected, ok],
            alert_rule_test: [
              { eval_time: '1d', alertname: 'ContextCoreAuthFailureAnomaly', exp_alerts: [] },
              { eval_time: '1d40m', alertname: 'ContextCoreAuthFailureAnomaly', exp_alerts: [{ exp_labels: labels }] },
            ],
          },
        ]);
      });
    });
  });
}
