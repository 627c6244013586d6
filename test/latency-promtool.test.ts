// The latency SLO in Prometheus' own rule engine (`promtool test rules`): histograms of a service
// whose requests are fast, slow or just under the target, on each SLI preset, for targets on and
// off a bucket boundary, with the bound spelled as Prometheus 2 ("1"), Prometheus 3 ("1.0") and
// printf ("1e+00") write it. Which severities fire, and when; under promtool 2 and 3 alike.

import { describe, it } from 'node:test';
import type { KubeObject } from '../functions/core/index.js';
import { KNOWN_BUCKET_BOUNDARIES } from '../functions/core/tables/latency-slo.js';
import { deployment, expandOk, generatedOf, projectContext, service } from './fixtures.js';
import { PROMTOOLS, promtool, tierAlerts } from './promtool-run.js';

type Obj = Record<string, any>;


const SEL = 'namespace="shop", job="checkout-api"';
const BURN = 'ContextCoreErrorBudgetBurn';
const MISSING = 'ContextCoreLatencyBucketMissing';

/** Requests per minute that take `latency` seconds. */
interface Traffic {
  latency: number;
  perMinute: number;
}

/** How an exporter spells a bucket bound. */
type Spell = (bound: number) => string;
const PROMETHEUS_2: Spell = (b) => String(b); // "1", "0.5": Go clients over the text format
const PROMETHEUS_3: Spell = (b) => (Number.isInteger(b) ? `${b}.0` : String(b)); // "1.0": normalised on ingestion
const PRINTF: Spell = (b) => {
  const [m, e] = b.toExponential().split('e') as [string, string];
  return `${m}e${Number(e) < 0 ? '-' : '+'}${String(Math.abs(Number(e))).padStart(2, '0')}`; // "1e+00"
};

const slug = (text: string) => text.replace(/\W/g, '_');

/** Cumulative buckets, +Inf and _count of one histogram for `minutes` minutes of constant traffic. */
function histogram(metric: string, labels: string, bounds: readonly number[], traffic: readonly Traffic[], minutes: number, spell: Spell = PROMETHEUS_2): Obj[] {
  const upTo = (b: number) => traffic.filter((t) => t.latency <= b).reduce((n, t) => n + t.perMinute, 0);
  const series = (name: string, perMinute: number) => ({ series: name, values: `0+${perMinute}x${minutes}` });
  return [
    ...bounds.map((b) => series(`${metric}_bucket{${labels}, le="${spell(b)}"}`, upTo(b))),
    series(`${metric}_bucket{${labels}, le="+Inf"}`, upTo(Number.POSITIVE_INFINITY)),
    series(`${metric}_count{${labels}}`, upTo(Number.POSITIVE_INFINITY)),
  ];
}

/** The service's requests as each preset's metrics show them; all succeed (availability stays quiet). */
const PRESETS = {
  otel: (traffic: readonly Traffic[], minutes: number, spell?: Spell, bounds: readonly number[] = KNOWN_BUCKET_BOUNDARIES.otel) =>
    histogram('http_server_request_duration_seconds', `${SEL}, http_response_status_code="200"`, bounds, traffic, minutes, spell),
  prometheus: (traffic: readonly Traffic[], minutes: number, spell?: Spell, bounds: readonly number[] = KNOWN_BUCKET_BOUNDARIES.prometheus) => [
    ...histogram('http_request_duration_seconds', SEL, bounds, traffic, minutes, spell),
    { series: `http_requests_total{${SEL}, code="200"}`, values: `0+${traffic.reduce((n, t) => n + t.perMinute, 0)}x${minutes}` },
  ],
  custom: (traffic: readonly Traffic[], minutes: number, spell?: Spell, bounds: readonly number[] = [0.1, 0.3, 1]) => histogram('app_latency_seconds', SEL, bounds, traffic, minutes, spell),
};

const CUSTOM_SLI = {
  preset: 'custom',
  errorQuery: 'sum(rate(app_requests_total{ {{selector}}, outcome="error" }[{{window}}]))',
  totalQuery: 'sum(rate(app_requests_total{ {{selector}} }[{{window}}]))',
  latencyHistogram: 'app_latency_seconds',
};

/** Labels of a latency alert of the context (the bucket-missing ticket): the availability burn alert's, with contextcore_slo="latency". */
const latencyAlert = (alertClass: 'page' | 'ticket', priority = 'P2') => ({
  exp_labels: {
    contextcore_alert_class: alertClass,
    contextcore_context: 'shop/checkout',
    contextcore_slo: 'latency',
    job: 'checkout-api',
    namespace: 'shop',
    priority,
    severity: alertClass === 'page' ? 'critical' : 'warning',
    team: 'shop-team',
  },
});
/** The latency burn-rate alerts of these tiers (1 the fastest; Alertmanager inhibits the slower ones while it fires). */
const tiers = (which: readonly number[], priority = 'P2') =>
  tierAlerts({ contextcore_context: 'shop/checkout', contextcore_slo: 'latency', job: 'checkout-api', namespace: 'shop', priority, team: 'shop-team' }, which);
/** A fast burn (20x the budget) sets off every tier; a slow one (1x to 3x) only the slowest. */
const EVERY_TIER = tiers([1, 2, 3, 4]);
const SLOWEST_TIER = tiers([4]);

const burnAt = (eval_time: string, exp_alerts: Obj[]) => ({ eval_time, alertname: BURN, exp_alerts });
const missingAt = (eval_time: string, exp_alerts: Obj[]) => ({ eval_time, alertname: MISSING, exp_alerts });
/** The recorded share of slow requests over a window (rounded: rates carry float noise). */
const latencyRatio = (window: string, value: number, eval_time = '1h') => ({
  expr: `round(contextcore:sli_error:ratio_rate${window}{contextcore_slo="latency"}, 0.0001)`,
  eval_time,
  exp_samples: [{ labels: '{contextcore_context="shop/checkout", contextcore_slo="latency", job="checkout-api", namespace="shop"}', value }],
});

/**
 * Three-day scenarios export only the buckets around the threshold (4320 samples a series adds up);
 * the two-hour ones every bucket of the preset, so the matcher picks its bucket among all of them.
 */
const NEAR_250MS = [0.1, 0.25, 0.5];
const NEAR_1S = [0.5, 1, 2.5];

// 20% slow: 14.4× and 6× the 1% budget (page), and 3× and 1× (ticket). 2.5% slow: 1× to 3× (ticket).
// 0.5% slow: below 1× (nothing).
const mix = (fast: number, slow: number, fastPerMinute: number, slowPerMinute: number): Traffic[] => [
  { latency: fast, perMinute: fastPerMinute },
  { latency: slow, perMinute: slowPerMinute },
];

for (const binary of PROMTOOLS) {
  describe(`latency SLO in ${binary.name}`, { skip: binary.skip }, () => {
    const { ruleFile, testRules } = promtool('cc-latency-promtool-', binary);

    /** The rule file of the checkout-api service of a context with this spec (high criticality unless said). */
    function rulesOf(name: string, spec: Obj): string {
      const resources: KubeObject[] = [projectContext(spec), deployment(), service()];
      const [pr] = generatedOf(expandOk(resources), 'PrometheusRule');
      return ruleFile(pr, name, { withoutAnnotations: true });
    }

    /** Runs one scenario: input series for `minutes`, then the alert and expression checks. Multi-day ones evaluate every 5m. */
    function scenario(name: string, rules: string, input_series: Obj[], alert_rule_test: Obj[], promql_expr_test: Obj[] = [], evaluationInterval = '1m'): void {
      testRules(name, [rules], [{ interval: '1m', input_series, alert_rule_test, ...(promql_expr_test.length ? { promql_expr_test } : {}) }], evaluationInterval);
    }

    describe('otel preset, a 250ms target on a bucket boundary, high criticality', () => {
      const rules = rulesOf('otel-250ms', { requirements: { latencyP99: '250ms' } });

      it('a fast burn (20% of requests slower than 250ms) pages and tickets within the hour', () => {
        scenario('otel-fast', rules, PRESETS.otel(mix(0.1, 0.3, 80, 20), 120), [burnAt('30m', EVERY_TIER), missingAt('1h', [])], [latencyRatio('5m', 0.2)]);
      });

      it('a slow burn (2.5% slower for 3 days) tickets and never pages', () => {
        scenario('otel-slow', rules, PRESETS.otel(mix(0.1, 0.3, 390, 10), 4320, PROMETHEUS_2, NEAR_250MS), ['30m', '2h', '1d', '3d'].map((t) => burnAt(t, SLOWEST_TIER)), [], '5m');
      });

      it('a healthy service (0.5% slower for 3 days) raises nothing', () => {
        scenario('otel-healthy', rules, PRESETS.otel(mix(0.1, 0.3, 199, 1), 4320, PROMETHEUS_2, NEAR_250MS), [burnAt('1h', []), burnAt('3d', []), missingAt('3d', [])], [latencyRatio('1d', 0.005, '3d')], '5m');
      });

      it('requests just under the target (249ms, P99 ≈ 250ms) stay quiet', () => {
        scenario('otel-just-under', rules, PRESETS.otel([{ latency: 0.249, perMinute: 100 }], 120), [burnAt('30m', []), burnAt('2h', [])], [latencyRatio('5m', 0)]);
      });
    });

    describe('otel preset, a 350ms target between the 250ms and 500ms boundaries', () => {
      const rules = rulesOf('otel-350ms', { requirements: { latencyP99: '350ms' } });

      it('requests just under the target, and up to the 500ms bound that measures it, stay quiet', () => {
        // The P99-threshold alert this replaces interpolated P99 ≈ 497ms here and paged.
        scenario('otel-350-under', rules, PRESETS.otel(mix(0.34, 0.45, 50, 50), 120), [burnAt('30m', []), burnAt('2h', []), missingAt('2h', [])], [latencyRatio('5m', 0)]);
      });

      it('requests slower than the 500ms bound burn the budget: 20% at 600ms pages and tickets', () => {
        scenario('otel-350-slow', rules, PRESETS.otel(mix(0.2, 0.6, 80, 20), 120), [burnAt('30m', EVERY_TIER)], [latencyRatio('1h', 0.2)]);
      });

      it('a service whose histogram has no 500ms bucket gets the bucket-missing ticket after 30m, and no burn alert', () => {
        const own = [0.1, 0.35, 1];
        scenario('otel-350-missing', rules, PRESETS.otel(mix(0.2, 0.6, 80, 20), 120, PROMETHEUS_2, own), [missingAt('20m', []), missingAt('1h', [latencyAlert('ticket')]), burnAt('1h', [])]);
      });

      it('the same service declaring its 350ms boundary (observability.sli.latencyBucket) is measured there: 20% at 400ms pages', () => {
        const declared = rulesOf('otel-350-declared', { requirements: { latencyP99: '350ms' }, observability: { sli: { latencyBucket: '350ms' } } });
        const own = [0.1, 0.35, 1];
        scenario('otel-350-declared', declared, PRESETS.otel(mix(0.2, 0.4, 80, 20), 120, PROMETHEUS_2, own), [burnAt('30m', EVERY_TIER), missingAt('1h', [])], [latencyRatio('5m', 0.2)]);
      });
    });

    describe('a 1s target with the bound spelled as exporters and Prometheus versions write it', () => {
      const rules = rulesOf('otel-1s', { requirements: { latencyP99: '1s' } });
      const spellings: Array<[string, Spell]> = [
        ['"1" (Prometheus 2, text format)', PROMETHEUS_2],
        ['"1.0" (Prometheus 3)', PROMETHEUS_3],
        ['"1e+00" (printf)', PRINTF],
      ];
      for (const [name, spell] of spellings) {
        it(`le=${name}: a fast burn is measured and pages`, () => {
          scenario(`spelling-fast-${slug(spell(1))}`, rules, PRESETS.otel(mix(0.5, 2, 80, 20), 120, spell), [burnAt('30m', EVERY_TIER), missingAt('1h', [])], [latencyRatio('5m', 0.2)]);
        });
        it(`le=${name}: requests at 990ms are measured as fast and stay quiet`, () => {
          scenario(`spelling-under-${slug(spell(1))}`, rules, PRESETS.otel([{ latency: 0.99, perMinute: 100 }], 120, spell), [burnAt('1h', []), missingAt('1h', [])], [latencyRatio('1h', 0)]);
        });
      }

      it('two instances, one exporting le="1" and one le="1.0", are summed into one ratio', () => {
        const pod = (instance: string, spell: Spell, traffic: Traffic[]) =>
          histogram('http_server_request_duration_seconds', `${SEL}, instance="${instance}", http_response_status_code="200"`, KNOWN_BUCKET_BOUNDARIES.otel, traffic, 120, spell);
        const input = [...pod('a', PROMETHEUS_2, mix(0.5, 2, 90, 10)), ...pod('b', PROMETHEUS_3, mix(0.5, 2, 70, 30))];
        scenario('spelling-mixed', rules, input, [burnAt('30m', EVERY_TIER)], [latencyRatio('5m', 0.2)]);
      });

      it("the issue's case: a high-criticality service with 2% of requests slower than 1s for three days gets a ticket, never a page", () => {
        scenario('spelling-two-percent', rules, PRESETS.otel(mix(0.5, 2, 98, 2), 4320, PROMETHEUS_3, NEAR_1S), ['1h', '1d', '2d', '3d'].map((t) => burnAt(t, SLOWEST_TIER)), [latencyRatio('3d', 0.02, '3d')], '5m');
      });
    });

    describe('prometheus preset, a 200ms target measured at the 250ms default bucket', () => {
      const rules = rulesOf('prometheus-200ms', { requirements: { latencyP99: '200ms' }, observability: { sli: { preset: 'prometheus' } } });

      it('a fast burn (20% at 300ms) pages and tickets', () => {
        scenario('prometheus-fast', rules, PRESETS.prometheus(mix(0.05, 0.3, 80, 20), 120), [burnAt('30m', EVERY_TIER), missingAt('1h', [])], [latencyRatio('5m', 0.2)]);
      });

      it('a slow burn (2.5% at 300ms for 3 days) tickets and never pages', () => {
        scenario('prometheus-slow', rules, PRESETS.prometheus(mix(0.05, 0.3, 390, 10), 4320, PROMETHEUS_2, NEAR_250MS), ['30m', '2h', '1d', '3d'].map((t) => burnAt(t, SLOWEST_TIER)), [], '5m');
      });

      it('a healthy service raises nothing, and requests just under the target stay quiet', () => {
        scenario('prometheus-healthy', rules, PRESETS.prometheus(mix(0.199, 0.3, 199, 1), 4320, PROMETHEUS_2, NEAR_250MS), [burnAt('1h', []), burnAt('3d', []), missingAt('3d', [])], [], '5m');
      });

      it('le="0.25" and le="2.5e-01" are the same bucket', () => {
        scenario('prometheus-printf', rules, PRESETS.prometheus(mix(0.05, 0.3, 80, 20), 120, PRINTF), [burnAt('30m', EVERY_TIER), missingAt('1h', [])], [latencyRatio('5m', 0.2)]);
      });
    });

    describe('custom preset, a 300ms target on the named histogram', () => {
      const rules = rulesOf('custom-300ms', { requirements: { latencyP99: '300ms' }, observability: { sli: CUSTOM_SLI } });

      it('a fast burn (20% at 500ms) pages and tickets', () => {
        scenario('custom-fast', rules, PRESETS.custom(mix(0.05, 0.5, 80, 20), 120), [burnAt('30m', EVERY_TIER), missingAt('1h', [])], [latencyRatio('5m', 0.2)]);
      });

      it('a slow burn (2.5% at 500ms for 3 days) tickets and never pages', () => {
        scenario('custom-slow', rules, PRESETS.custom(mix(0.05, 0.5, 390, 10), 4320), ['30m', '1d', '3d'].map((t) => burnAt(t, SLOWEST_TIER)), [], '5m');
      });

      it('requests just under 300ms stay quiet, spelled le="0.3" or "3e-01"', () => {
        for (const spell of [PROMETHEUS_2, PRINTF]) scenario(`custom-under-${slug(spell(0.3))}`, rules, PRESETS.custom([{ latency: 0.29, perMinute: 100 }], 120, spell), [burnAt('1h', []), missingAt('1h', [])], [latencyRatio('5m', 0)]);
      });

      it('a histogram in milliseconds has no 0.3 bucket: the bucket-missing ticket says so', () => {
        scenario('custom-ms', rules, PRESETS.custom(mix(50, 500, 80, 20), 120, PROMETHEUS_2, [100, 300, 1000]), [missingAt('1h', [latencyAlert('ticket')]), burnAt('1h', [])]);
      });
    });

    describe('alert classes follow criticality and the P1-risk rule, as for availability', () => {
      const fast = PRESETS.otel(mix(0.1, 0.3, 80, 20), 120);

      it('a medium context gets a ticket, not a page, on a fast burn', () => {
        const rules = rulesOf('medium', { business: { criticality: 'medium', owner: 'shop-team' }, requirements: { latencyP99: '250ms' } });
        scenario('medium-fast', rules, fast, [burnAt('30m', tiers([3, 4], 'P3'))]);
      });

      it('a medium context with a P1 availability risk pages on a fast burn', () => {
        const rules = rulesOf('medium-p1', { business: { criticality: 'medium', owner: 'shop-team' }, requirements: { latencyP99: '250ms' }, risks: [{ type: 'availability', description: 'Checkout down', priority: 'P1' }] });
        scenario('medium-p1-fast', rules, fast, [burnAt('30m', tiers([1, 2, 3, 4], 'P3'))]);
      });

      it('a critical context pages with priority P1', () => {
        const rules = rulesOf('critical', { business: { criticality: 'critical', owner: 'shop-team' }, requirements: { latencyP99: '250ms' } });
        scenario('critical-fast', rules, fast, [burnAt('30m', tiers([1, 2, 3, 4], 'P1'))]);
      });
    });
  });
}
