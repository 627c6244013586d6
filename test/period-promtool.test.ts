// `promtool test rules` on the burn-rate alerts of a 30-, a 28- and a 7-day SLO, under promtool 2
// and 3: the same traffic fires the tiers each period's factors say (slo/windows.ts), and only
// those. The factors (99.9%, budget 0.1%): 30d 14.4, 6, 3, 1; 28d 13.44, 5.6, 2.8, 0.933 (as
// Sloth's 28d); 7d 13.44, 3.5, 1.4, 0.98 (Sloth's 7d windows). Each scenario is a burn between
// two periods' factors, so that a factor of the wrong period fails it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand } from './support/expand.js';
import { deployment, projectContext, service } from './fixtures.js';
import { generatedOfKind } from './helpers.js';
import { PROMTOOLS, promtool as promtoolIn, tierAlerts } from './promtool-run.js';

type Obj = Record<string, any>;

const PERIODS = ['30d', '28d', '7d'] as const;
type Period = (typeof PERIODS)[number];

function rulesOf(period: Period): Obj {
  const out = expand({ resources: [projectContext({ requirements: { availability: '99.9', period } }), deployment(), service()] });
  assert.ok(out.ok, JSON.stringify(out.results));
  const [pr] = generatedOfKind(out, 'PrometheusRule') as Obj[];
  return pr!;
}

const sel = 'namespace="shop", job="checkout-api"';
/** `perMinute` responses of the code a minute, from 0, for `minutes`; or after `quietMinutes` without any. */
const counter = (code: string, perMinute: number, minutes: number, quietMinutes = 0) => ({
  series: `http_server_request_duration_seconds_count{${sel}, http_response_status_code="${code}"}`,
  values: quietMinutes ? `0x${quietMinutes} ${perMinute}+${perMinute}x${minutes - 1}` : `0+${perMinute}x${minutes}`,
});
const base = { contextcore_context: 'shop/checkout', contextcore_slo: 'availability', job: 'checkout-api', namespace: 'shop', priority: 'P2', team: 'shop-team' };

/** [name, errors and successes a minute, minutes, evaluation times, the tiers firing at each, by period]. */
const SCENARIOS: Array<{ name: string; errors: number; ok: number; minutes: number; quiet?: number; at: string[]; tiers: Record<Period, number[][]>; interval?: string }> = [
  {
    // 14x: above 13.44 (28d, 7d), below 14.4 (30d).
    name: 'a 14x burn pages on the fastest tier under 28d and 7d, not under 30d (14.4)',
    errors: 14, ok: 986, minutes: 60, at: ['30m'],
    tiers: { '30d': [[2, 3, 4]], '28d': [[1, 2, 3, 4]], '7d': [[1, 2, 3, 4]] },
  },
  {
    // 4x: above 3.5 (7d tier 2), below 5.6 (28d) and 6 (30d); above every ticket factor.
    name: 'a 4x burn pages on the 6h tier only under 7d (3.5); 28d (5.6) and 30d (6) only ticket',
    errors: 4, ok: 996, minutes: 120, at: ['1h'],
    tiers: { '30d': [[3, 4]], '28d': [[3, 4]], '7d': [[2, 3, 4]] },
  },
  {
    // 0.95x for three days: above 0.933 (28d), below 0.98 (7d) and 1 (30d).
    name: 'a steady 0.95x burn for three days tickets on the 3d tier under 28d (0.933) only',
    errors: 19, ok: 19981, minutes: 4320, at: ['3d'], interval: '5m',
    tiers: { '30d': [[]], '28d': [[4]], '7d': [[]] },
  },
  {
    // 27x after an hour without errors: the 1h window reaches 13.44x about 30 minutes in (14.4x at 32).
    name: 'a 27x burn starting after a quiet hour pages on the fastest tier between 20 and 40 minutes in (13.44x or 14.4x over 1h), the slower tiers at once',
    errors: 27, ok: 973, minutes: 60, quiet: 60, at: ['1h20m', '1h40m'],
    tiers: { '30d': [[2, 3, 4], [1, 2, 3, 4]], '28d': [[2, 3, 4], [1, 2, 3, 4]], '7d': [[2, 3, 4], [1, 2, 3, 4]] },
  },
];

for (const binary of PROMTOOLS) {
  describe(`${binary.name}: burn-rate alerts by SLO period`, { skip: binary.skip }, () => {
    const { ruleFile, testRules } = promtoolIn('cc-period-promtool-', binary);
    const files = Object.fromEntries(PERIODS.map((p) => [p, ruleFile(rulesOf(p), `period-${p}`, { withoutAnnotations: true })])) as Record<Period, string>;
    for (const s of SCENARIOS) {
      it(s.name, () => {
        for (const period of PERIODS) {
          // The successes run from the start; the errors after the quiet minutes, if any.
          const input_series = [counter('500', s.errors, s.minutes, s.quiet), counter('200', s.ok, s.minutes + (s.quiet ?? 0))];
          testRules(`${s.name.replace(/\W+/g, '-').slice(0, 60)}-${period}`, [files[period]], [
            {
              interval: '1m',
              input_series,
              alert_rule_test: s.at.map((eval_time, n) => ({ eval_time, alertname: 'ContextCoreErrorBudgetBurn', exp_alerts: tierAlerts(base, s.tiers[period][n]!) })),
            },
          ], s.interval);
        }
      });
    }
  });
}
