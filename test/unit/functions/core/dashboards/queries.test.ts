// Every query of every dashboard parses with the real grammars (Prometheus' lezer-promql,
// Grafana's lezer-traceql) and refers only to what exists: series the generated rules record or
// the SLI preset's metrics, with the labels they carry, and span attributes of the span contract.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { OTEL_SERVICE_NAME, SPAN_ATTR } from '../../../../../functions/core/conventions/index.js';
import { SHIPPED_DASHBOARDS } from '../../../../../functions/core/dashboards/shipped.js';
import { dashboardCases, presetCatalogue } from '../../../../dashboard-cases.js';
import { queriesOf, seriesProblems, syntaxErrors, traceqlAttributes, type Catalogue } from '../../../../dashboard-queries.js';
import { ROOT } from '../../../../helpers.js';

type Obj = Record<string, any>;

const SPAN_NAMES = new Set([...Object.values(SPAN_ATTR).map((a) => `span.${a}`), `resource.${OTEL_SERVICE_NAME}`]);

function assertParses(dashboard: Obj) {
  const queries = queriesOf(dashboard);
  assert.ok(queries.length > 0);
  for (const q of queries) assert.deepEqual(syntaxErrors(q.language, q.text), [], `${q.where}: ${q.text}`);
}

function assertSeriesExist(dashboard: Obj, catalogue: Catalogue) {
  for (const q of queriesOf(dashboard).filter((x) => x.language === 'promql')) {
    assert.deepEqual(seriesProblems(q.text, catalogue), [], `${q.where}: ${q.text}`);
  }
}

function assertSpanContract(dashboard: Obj) {
  const traceql = queriesOf(dashboard).filter((q) => q.language === 'traceql');
  assert.ok(traceql.length > 0, 'the dashboard reads the plan spans');
  for (const q of traceql) {
    const unknown = traceqlAttributes(q.text).filter((a) => !SPAN_NAMES.has(a));
    assert.deepEqual(unknown, [], `${q.where}: ${q.text}`);
  }
}

describe('dashboard queries', () => {
  for (const c of dashboardCases()) {
    describe(`the dashboard of ${c.name}`, () => {
      it('every PromQL and TraceQL query parses', () => assertParses(c.dashboard));

      it('every series a panel queries is a record of the generated rules or a metric of the SLI, with labels it carries', () => assertSeriesExist(c.dashboard, c.catalogue));

      it('TraceQL names only attributes of the span contract the PostSync hook emits', () => assertSpanContract(c.dashboard));

      it('every expression of the generated rules parses too', () => {
        const rules = c.out.generated.map((g) => c.out.resources[g.index] as Obj).filter((o) => o.kind === 'PrometheusRule');
        assert.ok(rules.length > 0);
        for (const r of rules.flatMap((pr) => pr.spec.groups.flatMap((g: Obj) => g.rules))) assert.deepEqual(syntaxErrors('promql', r.expr), [], r.expr);
      });
    });
  }

  describe('the shipped cross-context dashboards', () => {
    // Records only: a cross-context dashboard must not depend on one preset's raw metrics.
    const records: Catalogue = new Map();
    for (const c of dashboardCases()) {
      for (const [name, labels] of c.catalogue) {
        if (!name.startsWith('contextcore:')) continue;
        records.set(name, new Set([...(records.get(name) ?? []), ...(labels ?? [])]));
      }
    }
    for (const shipped of SHIPPED_DASHBOARDS) {
      const dashboard = JSON.parse(readFileSync(join(ROOT, 'dashboards', shipped.file), 'utf8')) as Obj;
      describe(`dashboards/${shipped.file}`, () => {
        it('every PromQL and TraceQL query parses', () => assertParses(dashboard));
        it('every series is a record the generated rules produce, and every label it uses is one of theirs', () => assertSeriesExist(dashboard, records));
        if (shipped.file.includes('plan')) it('TraceQL names only attributes of the span contract', () => assertSpanContract(dashboard));
      });
    }
  });

  describe('the checks themselves', () => {
    const catalogue: Catalogue = new Map([...presetCatalogue('otel'), ['contextcore:slo_objective:ratio', new Set(['contextcore_context', 'namespace', 'job'])]]);
    const cases: Array<[string, string, RegExp | undefined]> = [
      ['a record with its own labels passes', 'contextcore:slo_objective:ratio{job="a"}', undefined],
      ['a metric no rule records is reported', 'contextcore:slo_objective_typo:ratio{job="a"}', /is neither a generated record/],
      ['a label the record does not carry is reported', 'contextcore:slo_objective:ratio{service="a"}', /has no label service/],
      ['grouping on a label no series carries is reported', 'sum by (owner) (contextcore:slo_objective:ratio)', /groups or matches on/],
      ['a preset metric with its status label passes', 'sum by (le) (rate(http_server_request_duration_seconds_bucket{job="a"}[5m]))', undefined],
      ['another preset\'s metric is reported', 'rate(http_requests_total{job="a"}[5m])', /http_requests_total is neither/],
    ];
    for (const [name, expr, problem] of cases) {
      it(name, () => {
        const problems = seriesProblems(expr, catalogue);
        if (problem) assert.match(problems.join('\n'), problem);
        else assert.deepEqual(problems, []);
      });
    }

    const syntax: Array<[string, 'promql' | 'traceql', string]> = [
      ['an unbalanced PromQL expression does not parse', 'promql', 'sum(rate(x[5m])'],
      ['an empty query does not parse', 'promql', ' '],
      ['a TraceQL comparison without a value does not parse', 'traceql', '{ span.task.type = }'],
      ['an unknown TraceQL metrics function does not parse', 'traceql', '{ span.task.type = "task" } | frobnicate_over_time()'],
    ];
    for (const [name, language, text] of syntax) it(name, () => assert.notDeepEqual(syntaxErrors(language, text), []));
  });
});
