// Dashboard queries through Prometheus itself: `promtool check rules` accepts every PromQL query of
// every dashboard, and `promtool test rules` evaluates the portfolio's joins and a context's
// panels over the rules generated for two contexts, one healthy and one failing; under promtool
// 2 and 3 alike.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DASHBOARD_VAR } from '../functions/core/conventions/index.js';
import { SHIPPED_DASHBOARDS } from '../functions/core/dashboards/shipped.js';
import { dashboardCases } from './dashboard-cases.js';
import { panelsOf, queriesOf } from './dashboard-queries.js';
import { deployment, projectContext, service } from './fixtures.js';
import { generatedOfKind, ROOT } from './helpers.js';
import { expand } from './support/expand.js';
import { PROMTOOLS, promtool } from './promtool-run.js';

type Obj = Record<string, any>;

const shipped = (uid: string) => JSON.parse(readFileSync(join(ROOT, 'dashboards', SHIPPED_DASHBOARDS.find((s) => s.uid === uid)!.file), 'utf8')) as Obj;
const exprOf = (dashboard: Obj, title: string, refId = 'A') => panelsOf(dashboard).find((p) => p.title === title)!.targets.find((t: Obj) => t.refId === refId).expr as string;

/** The portfolio's variables as Grafana sends them: All is `.*`, a choice is its value. */
const withVariables = (expr: string, values: Partial<Record<string, string>> = {}) =>
  [DASHBOARD_VAR.criticality, DASHBOARD_VAR.businessValue, DASHBOARD_VAR.owner].reduce((e, v) => e.replaceAll(`$${v}`, values[v] ?? '.*'), expr);

for (const binary of PROMTOOLS) {
  describe(`dashboard queries in ${binary.name}`, { skip: binary.skip }, () => {
    const { run, groupsFile, ruleFile, testRules } = promtool('cc-dashboard-promtool-', binary);

    it('promtool check rules accepts every PromQL query of every dashboard as an expression', () => {
      const dashboards = [...dashboardCases().map((c) => c.dashboard), ...SHIPPED_DASHBOARDS.map((s) => shipped(s.uid))];
      const exprs = dashboards.flatMap((d) => queriesOf(d).filter((q) => q.language === 'promql').map((q) => q.text));
      const file = groupsFile([{ name: 'dashboard-queries', rules: exprs.map((expr, n) => ({ record: `dashboard:query_${n}:value`, expr })) }], 'dashboard-queries');
      const r = run(['check', 'rules', file]);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, new RegExp(`SUCCESS: ${exprs.length} rules found`));
    });

    describe('evaluated over the generated rules of a healthy and a failing context', () => {
      const [payments, , , , billing] = dashboardCases();
      const ruleFiles = [payments!, billing!].flatMap((c, n) =>
        c.out.generated
          .map((g) => c.out.resources[g.index] as Obj)
          .filter((o) => o.kind === 'PrometheusRule')
          .map((pr, m) => ruleFile(pr, `context-${n}-${m}`, { withoutAnnotations: true })),
      );
      // payments-api answers everything, a quarter of it slower than its 250ms latency target;
      // billing-api fails half of its requests and has no latency target.
      const requests = (ns: string, job: string, code: string, perMinute: number) => ({
        series: `http_server_request_duration_seconds_count{namespace="${ns}", job="${job}", http_response_status_code="${code}"}`,
        values: `0+${perMinute}x90`,
      });
      const bucket = (le: string, perMinute: number) => ({
        series: `http_server_request_duration_seconds_bucket{namespace="pay", job="payments-api", http_response_status_code="200", le="${le}"}`,
        values: `0+${perMinute}x90`,
      });
      const input_series = [
        requests('pay', 'payments-api', '200', 60),
        bucket('0.1', 30),
        bucket('0.25', 45),
        bucket('0.5', 60),
        bucket('+Inf', 60),
        requests('billing', 'billing-api', '200', 30),
        requests('billing', 'billing-api', '500', 30),
      ];
      // The uid each context's dashboard has: the portfolio's link opens it.
      const facts = {
        pay: `business_value="revenue-primary", contextcore_context="pay/payments", criticality="critical", dashboard_uid="${payments!.dashboard.uid}", job="payments-api", namespace="pay", owner="payments-team", project_id="payments-platform"`,
        billing: `business_value="compliance", contextcore_context="team-a/billing", criticality="high", dashboard_uid="${billing!.dashboard.uid}", job="billing-api", namespace="billing", owner="billing-team", project_id="billing"`,
      };

      const runTests = (name: string, promql_expr_test: Obj[]) => testRules(name, ruleFiles, [{ interval: '1m', input_series, promql_expr_test }]);

      const portfolio = shipped('contextcore-portfolio');
      const at = (expr: string, exp_samples: Obj[]) => ({ expr, eval_time: '1h', exp_samples });

      it('the portfolio counts contexts, services below objective, burning and out of budget', () => {
        runTests('portfolio-stats', [
          at(withVariables(exprOf(portfolio, 'Contexts')), [{ labels: '{}', value: 2 }]),
          at(withVariables(exprOf(portfolio, 'Contexts'), { [DASHBOARD_VAR.criticality]: 'critical' }), [{ labels: '{}', value: 1 }]),
          at(withVariables(exprOf(portfolio, 'Services below objective')), [{ labels: '{}', value: 1 }]),
          at(withVariables(exprOf(portfolio, 'Services burning budget (1h)')), [{ labels: '{}', value: 1 }]),
          at(withVariables(exprOf(portfolio, 'Budget exhausted')), [{ labels: '{}', value: 1 }]),
          at(withVariables(exprOf(portfolio, 'Budget exhausted'), { [DASHBOARD_VAR.owner]: 'payments-team' }), [{ labels: '{}', value: 0 }]),
          at(withVariables(exprOf(portfolio, 'Services below latency objective')), [{ labels: '{}', value: 1 }]),
          at(withVariables(exprOf(portfolio, 'Services below latency objective'), { [DASHBOARD_VAR.criticality]: 'high' }), [{ labels: '{}', value: 0 }]),
        ]);
      });

      it('the portfolio table has one row per service carrying its business facts', () => {
        const table = 'Contexts by business value and criticality';
        runTests('portfolio-table', [
          at(withVariables(exprOf(portfolio, table, 'A')), [{ labels: `{${facts.pay}}`, value: 0.9995 }, { labels: `{${facts.billing}}`, value: 0.999 }]),
          at(withVariables(exprOf(portfolio, table, 'C')), [{ labels: `{${facts.pay}}`, value: 1 }, { labels: `{${facts.billing}}`, value: -499 }]),
          at(withVariables(exprOf(portfolio, table, 'E')), [{ labels: `{${facts.pay}}`, value: 0 }, { labels: `{${facts.billing}}`, value: 500 }]),
          // The latency columns: only the context with a latency target has a row in them.
          at(withVariables(exprOf(portfolio, table, 'F')), [{ labels: `{${facts.pay}}`, value: 0.25 }]),
          at(withVariables(exprOf(portfolio, table, 'G')), [{ labels: `{${facts.pay}}`, value: 0.75 }]),
          at(withVariables(exprOf(portfolio, table, 'H')), [{ labels: `{${facts.pay}}`, value: -24 }]),
        ]);
      });

      it('the portfolio groups by context, criticality and business value', () => {
        runTests('portfolio-groups', [
          at(withVariables(exprOf(portfolio, 'Error budget remaining by context')), [{ labels: '{contextcore_context="pay/payments"}', value: 1 }, { labels: '{contextcore_context="team-a/billing"}', value: -499 }]),
          at(withVariables(exprOf(portfolio, 'Latency budget remaining by context')), [{ labels: '{contextcore_context="pay/payments"}', value: -24 }]),
          at(withVariables(exprOf(portfolio, 'SLO attainment by criticality (SLO period)')), [{ labels: '{criticality="critical"}', value: 1 }, { labels: '{criticality="high"}', value: 0.5 }]),
          at(withVariables(exprOf(portfolio, 'Burn rate by business value (1h)')), [{ labels: '{business_value="revenue-primary"}', value: 0 }, { labels: '{business_value="compliance"}', value: 500 }]),
        ]);
      });

      it("the portfolio reads a context of any SLO period, a 28-day one here, through the records no period is named in", () => {
        const out = expand({ resources: [projectContext({ requirements: { availability: '99.9', period: '28d' } }), deployment(), service()] });
        assert.ok(out.ok, JSON.stringify(out.results));
        const file = ruleFile((generatedOfKind(out, 'PrometheusRule') as Obj[])[0]!, 'context-28d', { withoutAnnotations: true });
        const shop = requests('shop', 'checkout-api', '200', 30);
        const failed = requests('shop', 'checkout-api', '500', 30);
        testRules('portfolio-28d', [file], [
          {
            interval: '1m',
            input_series: [shop, failed],
            promql_expr_test: [
              at(withVariables(exprOf(portfolio, 'SLO attainment by criticality (SLO period)')), [{ labels: '{criticality="high"}', value: 0.5 }]),
              at(withVariables(exprOf(portfolio, 'Services below objective')), [{ labels: '{}', value: 1 }]),
            ],
          },
        ]);
      });

      it('the failing context\'s own dashboard shows its attainment, burn and error ratio', () => {
        const d = billing!.dashboard;
        const sel = 'contextcore_context="team-a/billing", contextcore_slo="availability", job="billing-api", namespace="billing"';
        runTests('context-panels', [
          at(exprOf(d, 'SLO attainment (30d)'), [{ labels: `{${sel}}`, value: 0.5 }]),
          at(exprOf(d, 'Burn rate by window', 'A'), [{ labels: `{${sel}}`, value: 500 }]),
          at(exprOf(d, 'Error ratio', 'A'), [{ labels: `contextcore:sli_error:ratio_rate5m{${sel}}`, value: 0.5 }]),
          at(exprOf(d, 'Request rate', 'B'), [{ labels: '{}', value: 0.5 }]),
        ]);
      });

      it("the slow context's own dashboard shows its latency SLO beside availability", () => {
        const d = payments!.dashboard;
        const sel = (slo: string) => `contextcore_context="pay/payments", contextcore_slo="${slo}", job="payments-api", namespace="pay"`;
        runTests('context-latency-panels', [
          at(exprOf(d, 'SLO attainment (30d)'), [{ labels: `{${sel('availability')}}`, value: 1 }]),
          at(exprOf(d, 'Within 250ms (30d)'), [{ labels: `{${sel('latency')}}`, value: 0.75 }]),
          at(exprOf(d, 'Latency objective'), [{ labels: `contextcore:slo_objective:ratio{${sel('latency')}}`, value: 0.99 }]),
          at(exprOf(d, 'Latency error budget remaining'), [{ labels: `contextcore:slo_error_budget_remaining:ratio{${sel('latency')}}`, value: -24 }]),
          at(exprOf(d, 'Latency burn rate (5m)'), [{ labels: `contextcore:slo_current_burn_rate:ratio{${sel('latency')}}`, value: 25 }]),
          at(exprOf(d, 'Latency burn rate by window', 'A'), [{ labels: `{${sel('latency')}}`, value: 25 }]),
          at(exprOf(d, 'P99 latency'), [{ labels: `contextcore:sli_latency_seconds:p99_rate5m{${sel('latency')}}`, value: 0.49 }]),
        ]);
      });
    });
  });
}
