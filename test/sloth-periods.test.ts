// The rules of a 28-day and a 7-day SLO against Sloth's for the same period: the same window
// pairs, the same factor on each (to float noise: Sloth writes 5.6000000000000005), the same
// severity, and the period's SLI averaged the same way. Sloth's numbers are written out here as
// data, read from its repository (github.com/slok/sloth):
// - test/integration/prometheus/testdata/out-base-28d.yaml.tpl (commit 1c3336e), what
//   `sloth generate --default-slo-period 28d` writes for test/integration/.../in-base.yaml;
// - examples/windows/7d.yaml (commit 31ff6c9), the 7-day windows its tests generate with
//   (`--slo-period-windows-path ./windows`): factor = errorBudgetPercent / 100 × 7d / long window.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationSeconds } from '../functions/core/index.js';
import { caseRules } from './rule-cases.js';

type Obj = Record<string, any>;

/** One multiwindow condition of a Sloth alert: both windows above factor × budget; page or ticket. */
type Condition = { severity: 'page' | 'ticket'; short: string; long: string; factor: number };

const SLOTH: Record<string, { case: string; conditions: Condition[]; periodWindow: string }> = {
  '28d': {
    case: 'period-28d',
    // out-base-28d.yaml.tpl, myServiceAlert (page, then ticket): each `(A and B) or (C and D)`.
    conditions: [
      { severity: 'page', short: '5m', long: '1h', factor: 13.44 },
      { severity: 'page', short: '30m', long: '6h', factor: 5.6000000000000005 },
      { severity: 'ticket', short: '2h', long: '1d', factor: 2.8000000000000003 },
      { severity: 'ticket', short: '6h', long: '3d', factor: 0.9333333333333333 },
    ],
    // slo:sli_error:ratio_rate4w = sum_over_time(ratio_rate5m[4w]) / count_over_time(ratio_rate5m[4w])
    periodWindow: '4w',
  },
  '7d': {
    case: 'period-7d',
    // examples/windows/7d.yaml: 8% over 1h/5m, 12.5% over 6h/30m (page); 20% over 1d/2h, 42% over 3d/6h (ticket).
    conditions: [
      { severity: 'page', short: '5m', long: '1h', factor: (0.08 * 168) / 1 },
      { severity: 'page', short: '30m', long: '6h', factor: (0.125 * 168) / 6 },
      { severity: 'ticket', short: '2h', long: '1d', factor: (0.2 * 168) / 24 },
      { severity: 'ticket', short: '6h', long: '3d', factor: (0.42 * 168) / 72 },
    ],
    periodWindow: '7d',
  },
};

/** `…ratio_rate5m{…} > (13.44 * 0.001)\nand\n…ratio_rate1h{…} > (13.44 * 0.001)` → its windows and factor. */
function conditionOf(alert: Obj): Condition & { budget: number } {
  const parts = [...(alert.expr as string).matchAll(/ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \* ([\d.]+)\)/g)];
  assert.equal(parts.length, 2, alert.expr);
  const [short, long] = parts.map((m) => m[1]!);
  assert.equal(parts[0]![2], parts[1]![2], 'one factor for both windows');
  return { severity: alert.labels.contextcore_alert_class, short: short!, long: long!, factor: Number(parts[0]![2]), budget: Number(parts[0]![3]) };
}

for (const [period, sloth] of Object.entries(SLOTH)) {
  describe(`a ${period} SLO against Sloth's`, () => {
    const rules: Obj[] = (caseRules(sloth.case).groups as Obj[]).find((g) => g.name === 'contextcore-slo-availability')!.rules;
    const alerts = rules.filter((r) => r.alert === 'ContextCoreErrorBudgetBurn').map(conditionOf);

    it('the same window pairs, each with its severity, fastest first', () => {
      assert.deepEqual(alerts.map(({ severity, short, long }) => ({ severity, short, long })), sloth.conditions.map(({ severity, short, long }) => ({ severity, short, long })));
    });

    it('the same factor on each pair, to float noise', () => {
      alerts.forEach((a, n) => assert.ok(Math.abs(a.factor - sloth.conditions[n]!.factor) < 1e-9, `${a.long}/${a.short}: ${a.factor} against Sloth's ${sloth.conditions[n]!.factor}`));
      for (const a of alerts) assert.equal(a.budget, 0.001, 'times the error budget of 99.9%');
    });

    it("the period's SLI averages the 5m ratio over the period, as Sloth's does (4w is 28d)", () => {
      const record = rules.find((r) => r.record === `contextcore:sli_error:ratio_rate${period}`)!;
      assert.match(record.expr, new RegExp(`^sum_over_time\\(contextcore:sli_error:ratio_rate5m\\{[^}]+\\}\\[${period}\\]\\)\\n/\\ncount_over_time\\(contextcore:sli_error:ratio_rate5m\\{[^}]+\\}\\[${period}\\]\\)$`));
      assert.equal(durationSeconds(period), durationSeconds(sloth.periodWindow));
      const burn = rules.find((r) => r.record === 'contextcore:slo_period_burn_rate:ratio')!;
      assert.match(burn.expr, new RegExp(`^contextcore:sli_error:ratio_rate${period}\\{[^}]+\\} / 0\\.001$`), 'the period burn rate divides it by the budget, as slo:period_burn_rate:ratio');
    });
  });
}
