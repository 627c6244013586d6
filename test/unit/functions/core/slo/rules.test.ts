import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parser } from '@prometheus-io/lezer-promql';
import { promqlErrors } from '../../../../../functions/core/promql/syntax.js';
import { buildSloGroups, exprsOf } from '../../../../../functions/core/slo/rules.js';
import { sloWindows } from '../../../../../functions/core/slo/windows.js';
import type { AlertingRule, RecordingRule, SliSource, SloRuleInput } from '../../../../../functions/core/slo/model.js';
import { formatLatency } from '../../../../../functions/core/base/numbers.js';
import { SEVERITY_BY_CLASS } from '../../../../../functions/core/tables/derivation.js';
import { ROOT } from '../../../../helpers.js';
import { CURRENT_BURN_RATE_WINDOW, DEFAULT_SLO_PERIOD } from '../../../../../functions/core/tables/burn-rate-windows.js';

const SLO_WINDOWS = sloWindows(DEFAULT_SLO_PERIOD);

const input = (over: Partial<SloRuleInput> = {}): SloRuleInput => ({
  namespace: 'shop',
  job: 'checkout-api',
  context: 'shop/checkout',
  sli: { preset: 'otel' },
  objectiveRatio: 0.999,
  errorBudgetRatio: 0.001,
  availability: '99.9',
  alertClasses: ['page', 'ticket'],
  authAnomaly: false,
  alertLabels: { priority: 'P2', contextcore_context: 'shop/checkout', team: 'shop-team' },
  contextAnnotations: { owner: 'shop-team' },
  ...over,
});
const rules = (i: SloRuleInput) => buildSloGroups(i, SLO_WINDOWS).flatMap((g) => g.rules);
const record = (i: SloRuleInput, name: string) => rules(i).find((r) => (r as RecordingRule).record === name) as RecordingRule;
const alerts = (i: SloRuleInput) => rules(i).filter((r) => 'alert' in r) as AlertingRule[];

describe('SLO rules', () => {
  it('an otel SLI records the 5m error ratio from 5xx responses of the service', () => {
    assert.equal(
      record(input(), 'contextcore:sli_error:ratio_rate5m').expr,
      '(sum(rate(http_server_request_duration_seconds_count{namespace="shop", job="checkout-api", http_response_status_code=~"5.."}[5m])) or vector(0))\n/\nsum(rate(http_server_request_duration_seconds_count{namespace="shop", job="checkout-api"}[5m]))',
    );
  });

  it('a prometheus SLI uses http_requests_total and its code label', () => {
    const expr = record(input({ sli: { preset: 'prometheus' } }), 'contextcore:sli_error:ratio_rate1h').expr;
    assert.match(expr, /http_requests_total\{namespace="shop", job="checkout-api", code=~"5.."\}\[1h\]/);
  });

  it('a custom SLI substitutes window and selector into the queries', () => {
    const expr = record(input({ sli: { preset: 'custom', custom: { errorQuery: 'sum(rate(errs{ {{selector}} }[{{window}}]))', totalQuery: 'sum(rate(reqs{ {{selector}} }[{{window}}]))' } } }), 'contextcore:sli_error:ratio_rate6h').expr;
    assert.equal(expr, '(sum((sum(rate(errs{ namespace="shop", job="checkout-api" }[6h])))) or vector(0))\n/\nsum((sum(rate(reqs{ namespace="shop", job="checkout-api" }[6h]))))');
  });

  it('every rule reading a record reads it from earlier in its own group (evaluated at the same instant, whatever the interval)', () => {
    const cases: SloRuleInput[] = [
      input({ latency: latency(0.35, 0.5), authAnomaly: true, contextInfo: { owner: 'shop-team' } }),
      input({ sli: { preset: 'custom', custom: { errorQuery: 'a[{{window}}]', totalQuery: 'b[{{window}}]', latencyHistogram: 'h' } }, latency: latency(0.3, 0.3) }),
      input({ latency: latency(30) }),
    ];
    for (const i of cases) {
      const groups = buildSloGroups(i, SLO_WINDOWS);
      const producedIn = (name: string, slo: string | undefined) =>
        groups.filter((g) => g.rules.some((r) => 'record' in r && r.record === name && (slo === undefined || r.labels?.contextcore_slo === slo)));
      let reads = 0;
      for (const g of groups) {
        g.rules.forEach((rule, n) => {
          for (const [, name, matchers] of rule.expr.matchAll(/(contextcore:[\w:]+)\{([^}]*)\}/g)) {
            const slo = /contextcore_slo="(\w+)"/.exec(matchers!)?.[1];
            reads++;
            assert.deepEqual(producedIn(name!, slo).map((p) => p.name), [g.name], `${name}{${slo}} read in ${g.name}`);
            assert.ok(g.rules.slice(0, n).some((r) => 'record' in r && r.record === name), `${name} is recorded before ${'record' in rule ? rule.record : rule.alert} in ${g.name}`);
          }
        });
      }
      assert.ok(reads > 0);
    }
  });

  it('there is an error-ratio record for every alert window, named as a valid metric', () => {
    const names = rules(input()).flatMap((r) => ('record' in r ? [r.record] : []));
    for (const w of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']) assert.ok(names.includes(`contextcore:sli_error:ratio_rate${w}`), w);
    for (const n of names) assert.match(n, /^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
  });

  it('the error-ratio records are exactly the windows of the burn-rate table, the current burn rate and the period', () => {
    const recorded = rules(input()).flatMap((r) => ('record' in r ? [r.record] : [])).filter((n) => n.startsWith('contextcore:sli_error:ratio_rate'));
    const windows = new Set([CURRENT_BURN_RATE_WINDOW, ...SLO_WINDOWS.tiers.flatMap((w) => [w.short, w.long]), DEFAULT_SLO_PERIOD]);
    assert.deepEqual(new Set(recorded), new Set([...windows].map((w) => `contextcore:sli_error:ratio_rate${w}`)));
    assert.equal(recorded.length, windows.size, 'each window once');
  });

  it('a page and ticket context gets one alert per window pair of the multiwindow multi-burn-rate table, each naming its windows and tier', () => {
    const burns = alerts(input()).filter((a) => a.alert === 'ContextCoreErrorBudgetBurn');
    const sel = '{contextcore_context="shop/checkout", contextcore_slo="availability", namespace="shop", job="checkout-api"}';
    const both = (short: string, long: string, factor: string) => `contextcore:sli_error:ratio_rate${short}${sel} > (${factor} * 0.001)\nand\ncontextcore:sli_error:ratio_rate${long}${sel} > (${factor} * 0.001)`;
    assert.deepEqual(burns.map((a) => a.expr), [both('5m', '1h', '14.4'), both('30m', '6h', '6'), both('2h', '1d', '3'), both('6h', '3d', '1')]);
    assert.deepEqual(
      burns.map((a) => [a.labels!.contextcore_burn_tier, a.labels!.contextcore_alert_class, a.labels!.severity, a.labels!.contextcore_long_window, a.labels!.contextcore_short_window]),
      [['1', 'page', 'critical', '1h', '5m'], ['2', 'page', 'critical', '6h', '30m'], ['3', 'ticket', 'warning', '1d', '2h'], ['4', 'ticket', 'warning', '3d', '6h']],
    );
    assert.deepEqual(burns[0]!.labels, {
      contextcore_slo: 'availability',
      contextcore_long_window: '1h',
      contextcore_short_window: '5m',
      contextcore_burn_tier: '1',
      priority: 'P2',
      contextcore_context: 'shop/checkout',
      team: 'shop-team',
      severity: 'critical',
      contextcore_alert_class: 'page',
    });
    assert.equal(burns[0]!.annotations!.owner, 'shop-team');
    assert.equal(burns[0]!.annotations!.summary, 'checkout-api in shop is burning its 99.9% availability error budget too fast (page, 1h/5m)');
  });

  it('a ticket-only context gets no page alert: the two ticket tiers', () => {
    assert.deepEqual(alerts(input({ alertClasses: ['ticket'] })).map((a) => `${a.labels!.contextcore_alert_class} ${a.labels!.contextcore_burn_tier}`), ['ticket 3', 'ticket 4']);
  });

  it('thresholds and objectives are printed without float noise', () => {
    const i = input({ objectiveRatio: 0.9995, errorBudgetRatio: 0.0005, availability: '99.95' });
    assert.equal(record(i, 'contextcore:slo_error_budget:ratio').expr, 'vector(0.0005)');
    assert.equal(record(i, 'contextcore:slo_objective:ratio').expr, 'vector(0.9995)');
    for (const e of exprsOf(buildSloGroups(i, SLO_WINDOWS))) assert.doesNotMatch(e, /\d\.\d*0000000|\d\.\d*9999999/);
  });

  const latency = (target: number, threshold?: number): SloRuleInput['latency'] => ({
    target: { seconds: target, text: formatLatency(target) },
    ...(threshold === undefined ? {} : { threshold: { seconds: threshold, text: formatLatency(threshold) } }),
  });
  const withLatency = input({ latency: latency(0.35, 0.5) });
  const sloOf = (r: { labels?: Record<string, string> }) => r.labels?.contextcore_slo;

  it('a latency target records the share of requests slower than its bucket bound: the count minus the le bucket, over the count', () => {
    const ratio = rules(withLatency).find((r) => 'record' in r && r.record === 'contextcore:sli_error:ratio_rate1h' && sloOf(r) === 'latency')!;
    assert.equal(
      ratio.expr,
      '(sum(rate(http_server_request_duration_seconds_count{namespace="shop", job="checkout-api"}[1h]))\n-\nsum(rate(http_server_request_duration_seconds_bucket{namespace="shop", job="checkout-api", le=~"0*[.]50*([eE][+-]?0+)?|5([.]0*)?[eE]-0*1"}[1h])))\n/\nsum(rate(http_server_request_duration_seconds_count{namespace="shop", job="checkout-api"}[1h]))',
    );
    assert.deepEqual(ratio.labels, { contextcore_context: 'shop/checkout', contextcore_slo: 'latency', namespace: 'shop', job: 'checkout-api' });
  });

  it('the prometheus preset measures latency with its own histogram, not the http_requests_total counter', () => {
    const ratio = rules(input({ sli: { preset: 'prometheus' }, latency: latency(1, 1) })).find((r) => 'record' in r && r.record === 'contextcore:sli_error:ratio_rate5m' && sloOf(r) === 'latency')!;
    assert.match(ratio.expr, /^\(sum\(rate\(http_request_duration_seconds_count\{[^}]+\}\[5m\]\)\)\n-\nsum\(rate\(http_request_duration_seconds_bucket\{[^}]+, le=~"0\*1\(\[\.\]0\*\)\?\(\[eE\]\[\+-\]\?0\+\)\?"\}\[5m\]\)\)\)/);
  });

  it('the latency SLO has every record availability has, for the same windows, labelled contextcore_slo="latency"', () => {
    const names = (slo: string) => rules(withLatency).flatMap((r) => ('record' in r && sloOf(r) === slo ? [r.record] : []));
    const shared = names('availability');
    assert.deepEqual(names('latency').filter((n) => shared.includes(n)), shared);
    assert.deepEqual(names('latency').filter((n) => !shared.includes(n)), ['contextcore:slo_latency_p99_target:seconds', 'contextcore:slo_latency_threshold:seconds', 'contextcore:sli_latency_seconds:p99_rate5m']);
  });

  const latencyRecord = (name: string) => rules(withLatency).find((r) => 'record' in r && r.record === name && sloOf(r) === 'latency')!.expr;
  const records: Array<[string, string, string]> = [
    ['the objective is 99% of requests', 'contextcore:slo_objective:ratio', 'vector(0.99)'],
    ['the budget is 1% slow requests', 'contextcore:slo_error_budget:ratio', 'vector(0.01)'],
    ['the target is latencyP99', 'contextcore:slo_latency_p99_target:seconds', 'vector(0.35)'],
    ['the threshold is the bucket bound that measures it', 'contextcore:slo_latency_threshold:seconds', 'vector(0.5)'],
    ['the current burn rate divides the 5m ratio by the 1% budget', 'contextcore:slo_current_burn_rate:ratio', 'contextcore:sli_error:ratio_rate5m{contextcore_context="shop/checkout", contextcore_slo="latency", namespace="shop", job="checkout-api"} / 0.01'],
    ['the budget remaining reads the latency period burn, not availability\'s', 'contextcore:slo_error_budget_remaining:ratio', '1 - contextcore:slo_period_burn_rate:ratio{contextcore_context="shop/checkout", contextcore_slo="latency", namespace="shop", job="checkout-api"}'],
    ['the P99 stays a record', 'contextcore:sli_latency_seconds:p99_rate5m', 'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{namespace="shop", job="checkout-api"}[5m])))'],
  ];
  for (const [name, record, expr] of records) it(`latency records: ${name}`, () => assert.equal(latencyRecord(record), expr));

  it('latency burn alerts mirror availability: same windows, factors, classes and labels, over the latency records and their 1% budget', () => {
    const burns = (slo: string) => alerts(withLatency).filter((a) => a.alert === 'ContextCoreErrorBudgetBurn' && sloOf(a) === slo);
    const [availability, latencyBurns] = [burns('availability'), burns('latency')];
    assert.equal(latencyBurns.length, 4);
    availability.forEach((a, i) => {
      const l = latencyBurns[i]!;
      assert.equal(l.expr, a.expr.replaceAll('contextcore_slo="availability"', 'contextcore_slo="latency"').replaceAll('* 0.001)', '* 0.01)'));
      assert.deepEqual(l.labels, { ...a.labels, contextcore_slo: 'latency' });
      assert.deepEqual(Object.keys(l.annotations!), Object.keys(a.annotations!));
    });
    assert.equal(alerts(input({ alertClasses: ['ticket'], latency: latency(0.35, 0.5) })).filter((a) => sloOf(a) === 'latency' && a.alert === 'ContextCoreErrorBudgetBurn').length, 2, 'ticket only: its two tiers');
  });

  it('latency alert texts name the target and the bucket bound that measures it', () => {
    const [page] = alerts(withLatency).filter((a) => a.alert === 'ContextCoreErrorBudgetBurn' && sloOf(a) === 'latency');
    assert.equal(page!.annotations!.summary, 'checkout-api in shop is burning its latency (99% within 500ms) error budget too fast (page, 1h/5m)');
    assert.equal(
      page!.annotations!.description,
      'Share of requests slower than 500ms {{ $value | humanizePercentage }} is above 14.4x the 1% error budget of the 99% latency objective (P99 within 350ms, measured at the 500ms bucket bound) over 30d, over 1h and over 5m. At this rate 2% of the budget goes in 1h and all of it in days.',
    );
    const [onBound] = alerts(input({ latency: latency(0.5, 0.5) })).filter((a) => a.alert === 'ContextCoreErrorBudgetBurn' && sloOf(a) === 'latency');
    assert.match(onBound!.annotations!.description!, /\(P99 within 500ms\) over 30d/);
  });

  it('the P99-threshold alert is gone: latency pages only through its error budget', () => {
    const names = alerts(withLatency).map((a) => a.alert);
    assert.deepEqual([...new Set(names)].sort(), ['ContextCoreErrorBudgetBurn', 'ContextCoreLatencyBucketMissing']);
    assert.ok(!alerts(withLatency).some((a) => a.expr.includes('histogram_quantile')));
  });

  it('a ticket says so when requests are counted but no bucket has the bound: the latency SLO would measure nothing', () => {
    const [missing] = alerts(withLatency).filter((a) => a.alert === 'ContextCoreLatencyBucketMissing');
    assert.equal(
      missing!.expr,
      '(sum by (namespace, job) (rate(http_server_request_duration_seconds_count{namespace="shop", job="checkout-api"}[5m])) > 0)\nunless on (namespace, job)\nsum by (namespace, job) (rate(http_server_request_duration_seconds_bucket{namespace="shop", job="checkout-api", le=~"0*[.]50*([eE][+-]?0+)?|5([.]0*)?[eE]-0*1"}[5m]))',
    );
    assert.equal(missing!.for, '30m');
    assert.deepEqual(missing!.labels, { contextcore_slo: 'latency', priority: 'P2', contextcore_context: 'shop/checkout', team: 'shop-team', severity: 'warning', contextcore_alert_class: 'ticket' });
    assert.match(missing!.annotations!.summary!, /no 500ms bucket/);
  });

  it('a target no bucket can measure records the target and the P99 but no latency SLO', () => {
    const all = rules(input({ latency: latency(30) }));
    assert.deepEqual(all.filter((r) => sloOf(r) === 'latency').map((r) => ('record' in r ? r.record : r.alert)), ['contextcore:slo_latency_p99_target:seconds', 'contextcore:sli_latency_seconds:p99_rate5m']);
  });

  it('a custom SLI without a latency histogram has no latency records at all', () => {
    const sli: SliSource = { preset: 'custom', custom: { errorQuery: 'a[{{window}}]', totalQuery: 'b[{{window}}]' } };
    assert.deepEqual(rules(input({ sli, latency: latency(0.3, 0.3) })).filter((r) => sloOf(r) === 'latency').map((r) => ('record' in r ? r.record : r.alert)), ['contextcore:slo_latency_p99_target:seconds']);
  });

  it('a custom SLI measures latency with the histogram it names, by its count and le buckets', () => {
    const sli: SliSource = { preset: 'custom', custom: { errorQuery: 'a[{{window}}]', totalQuery: 'b[{{window}}]', latencyHistogram: 'app_latency_seconds' } };
    const ratio = rules(input({ sli, latency: latency(0.3, 0.3) })).find((r) => 'record' in r && r.record === 'contextcore:sli_error:ratio_rate5m' && sloOf(r) === 'latency')!;
    assert.match(ratio.expr, /^\(sum\(rate\(app_latency_seconds_count\{namespace="shop", job="checkout-api"\}\[5m\]\)\)\n-\nsum\(rate\(app_latency_seconds_bucket\{namespace="shop", job="checkout-api", le=~"0\*\[\.\]30\*/);
  });

  it('a security risk adds the auth-anomaly alert against its own 1-day baseline', () => {
    const [auth] = alerts(input({ authAnomaly: true })).filter((a) => a.alert === 'ContextCoreAuthFailureAnomaly');
    assert.match(auth!.expr, /ratio_rate5m\{[^}]+\} > 3 \* contextcore:sli_auth_failure:ratio_rate1d\{[^}]+\}\nand\n.*> 0\.05$/);
    assert.equal(auth!.labels!.severity, 'warning');
    assert.equal(alerts(input({ authAnomaly: true, sli: { preset: 'custom', custom: { errorQuery: 'a[{{window}}]', totalQuery: 'b[{{window}}]' } } })).filter((a) => a.alert === 'ContextCoreAuthFailureAnomaly').length, 0);
  });

  it('business facts become one info series per service, joinable on context, namespace and job', () => {
    const info = record(input({ contextInfo: { criticality: 'high', owner: 'shop-team' } }), 'contextcore:context_info');
    assert.equal(info.expr, 'vector(1)');
    assert.deepEqual(info.labels, { contextcore_context: 'shop/checkout', namespace: 'shop', job: 'checkout-api', criticality: 'high', owner: 'shop-team' });
    assert.equal(record(input(), 'contextcore:context_info'), undefined, 'no facts, no series');
  });

  it('every expression parses as PromQL', () => {
    const all = exprsOf(buildSloGroups(input({ latency: latency(1.5, 2.5), authAnomaly: true }), SLO_WINDOWS));
    for (const e of all) assert.deepEqual(promqlErrors(parser, e), [], e);
  });

  it('docs/generated.md names every record, alert and alert label the rules write', () => {
    const section = readFileSync(join(ROOT, 'docs', 'generated.md'), 'utf8');
    // `a{x,y}b` in a code span stands for `axb` and `ayb`.
    const spans = [...section.matchAll(/`([^`]+)`/g)].flatMap(([, code]) => {
      const m = /^(.*)\{([^}]*)\}(.*)$/.exec(code!);
      return m ? m[2]!.split(',').map((x) => `${m[1]}${x}${m[3]}`) : [code!];
    });
    const everything = rules(input({ latency: latency(0.3, 0.5), authAnomaly: true, contextInfo: { criticality: 'high' } }));
    const named = new Set([
      ...everything.flatMap((r) => ('record' in r ? [r.record] : [r.alert])),
      ...everything.flatMap((r) => ('alert' in r ? Object.keys(r.labels ?? {}) : [])),
      ...Object.values(SEVERITY_BY_CLASS),
    ]);
    for (const name of named) assert.ok(spans.includes(name), `docs/generated.md does not name ${name}`);
  });
});
