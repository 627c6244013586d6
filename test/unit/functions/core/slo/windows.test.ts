import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatRounded } from '../../../../../functions/core/base/numbers.js';
import { budgetSharesFor, errorRatioWindows, periodsToReach, sloWindows } from '../../../../../functions/core/slo/windows.js';
import { CEL_MIRRORS } from '../../../../../functions/core/validate/cel-mirror.js';
import { BUDGET_SHARES, SLO_PERIOD_DAYS, type BudgetShares, type BurnRateTier } from '../../../../../functions/core/tables/burn-rate-windows.js';
import { ROOT } from '../../../../helpers.js';
import { SYNTHETIC_WINDOWS } from './fixtures.js';

describe('the windows of an SLO period', () => {
  // Synthetic tiers and shares (Sloth's way: numbers no table has), so that only the arithmetic is tested.
  const tiers: BurnRateTier[] = [
    { tier: 1, alertClass: 'page', long: '12m' },
    { tier: 2, alertClass: 'ticket', long: '13h' },
  ];
  const rows: BudgetShares[] = [
    { fromDays: 2, shares: [0.5, 0.25], source: 'synthetic' },
    { fromDays: 11, shares: [0.13, 0.26], source: 'synthetic' },
  ];
  const cases: Array<[string, string, Array<[string, string, number, number]>]> = [
    // [long, short, factor, share]: factor = share × period / long; short = long / 12.
    ['a period takes the shares of the last row it reaches (11d: 0.13 × 11d / 12m = 171.6)', '11d', [['12m', '1m', 171.6, 0.13], ['13h', '1h5m', 5.28, 0.26]]],
    ['a period on its row takes the row\'s shares (2d: 0.5 × 2d / 12m = 120)', '2d', [['12m', '1m', 120, 0.5], ['13h', '1h5m', 0.923076923077, 0.25]]],
    ['a period between two rows takes shares on the line between them (5d: a third of the way, 0.3767… and 0.2533…)', '5d', [['12m', '1m', 226, 0.376666666667], ['13h', '1h5m', 2.33846153846, 0.253333333333]]],
    ['a period shorter than every row takes the first', '1d', [['12m', '1m', 60, 0.5], ['13h', '1h5m', 0.461538461538, 0.25]]],
  ];
  for (const [name, period, expected] of cases) {
    it(name, () => {
      const w = sloWindows(period, tiers, rows);
      assert.equal(w.period, period);
      assert.deepEqual(w.tiers.map((t) => [t.long, t.short, t.burnRate, t.budgetConsumed]), expected);
      assert.deepEqual(w.tiers.map((t) => [t.tier, t.alertClass]), [[1, 'page'], [2, 'ticket']]);
    });
  }

  // The real tables: the SRE workbook's factors for 30d, Sloth's for 28d and for its 7d example.
  const real: Array<[string, string, number[], number[]]> = [
    ['30d: the workbook\'s 14.4, 6, 3 and 1 (table 5-8)', '30d', [0.02, 0.05, 0.1, 0.1], [14.4, 6, 3, 1]],
    ['28d: the same shares, 13.44, 5.6, 2.8 and 0.933 (Sloth google-28d.yaml)', '28d', [0.02, 0.05, 0.1, 0.1], [13.44, 5.6, 2.8, 0.933333333333]],
    ['90d: the same shares, three times the 30d factors', '90d', [0.02, 0.05, 0.1, 0.1], [43.2, 18, 9, 3]],
    ['7d: the raised shares of Sloth\'s examples/windows/7d.yaml, 13.44, 3.5, 1.4 and 0.98', '7d', [0.08, 0.125, 0.2, 0.42], [13.44, 3.5, 1.4, 0.98]],
    ['14d: a third of the way from the 7d shares to the 28d ones', '14d', [0.06, 0.1, 0.166666666667, 0.313333333333], [20.16, 5.6, 2.33333333333, 1.46222222222]],
    ['27d: a day before 28d, shares and factors a step from 28d\'s, not four times them', '27d', [0.0228571428571, 0.0535714285714, 0.104761904762, 0.115238095238], [14.8114285714, 5.78571428571, 2.82857142857, 1.03714285714]],
  ];
  for (const [name, period, shares, factors] of real) {
    it(name, () => {
      const w = sloWindows(period);
      assert.deepEqual(w.tiers.map((t) => t.budgetConsumed), shares);
      assert.deepEqual(w.tiers.map((t) => t.burnRate), factors);
      assert.deepEqual(w.tiers.map((t) => `${t.long}/${t.short}`), ['1h/5m', '6h/30m', '1d/2h', '3d/6h']);
      assert.equal(w.current, '5m', 'the current burn rate is over the shortest alert window');
    });
  }

  it('every factor of every accepted period is one the alert can reach: above a third of the budget over the period, and at most 60x', () => {
    for (let days = SLO_PERIOD_DAYS.min; days <= SLO_PERIOD_DAYS.max; days++) {
      for (const t of sloWindows(`${days}d`).tiers) assert.ok(t.burnRate >= 1 / 3 && t.burnRate <= 60, `${days}d tier ${t.tier}: ${t.burnRate}`);
    }
  });

  it('the shares rows start at the shortest period accepted, longest last', () => {
    assert.equal(BUDGET_SHARES[0]!.fromDays, SLO_PERIOD_DAYS.min);
    assert.deepEqual(BUDGET_SHARES.map((r) => r.fromDays), [...BUDGET_SHARES.map((r) => r.fromDays)].sort((a, b) => a - b));
    assert.equal(budgetSharesFor('28d').fromDays, 28);
    assert.equal(budgetSharesFor('7d').fromDays, 7);
  });

  it('from one day to the next within the accepted periods, no factor changes by more than 15% (a day is a seventh of the shortest period; a step at 28d was 74%)', () => {
    for (let days = SLO_PERIOD_DAYS.min + 1; days <= SLO_PERIOD_DAYS.max; days++) {
      const [before, after] = [sloWindows(`${days - 1}d`), sloWindows(`${days}d`)];
      after.tiers.forEach((t, n) => {
        const change = Math.abs(t.burnRate / before.tiers[n]!.burnRate - 1);
        assert.ok(change <= 0.15, `${days - 1}d -> ${days}d tier ${t.tier}: ${before.tiers[n]!.burnRate} -> ${t.burnRate}`);
      });
    }
  });

  it("docs/generated.md's table of periods is what the windows are over each period", () => {
    const doc = readFileSync(join(ROOT, 'docs', 'generated.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| (\d+d) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)];
    assert.ok(rows.length >= 4, 'the table of periods');
    for (const [, period, shares, ...factors] of rows) {
      const w = sloWindows(period!);
      assert.equal(shares, w.tiers.map((t) => `${formatRounded(t.budgetConsumed * 100)}%`).join(', '), period);
      assert.deepEqual(factors, w.tiers.map((t) => `${formatRounded(t.burnRate)}×`), period);
    }
  });

  it("the CRD's period rule (and validate, through its mirror) accepts exactly the days of SLO_PERIOD_DAYS", () => {
    const rule = CEL_MIRRORS.find((m) => m.schemaPath === 'spec.requirements.period')!;
    for (let days = 1; days <= 120; days++) assert.equal(rule.check(`${days}d`), days >= SLO_PERIOD_DAYS.min && days <= SLO_PERIOD_DAYS.max, `${days}d`);
  });
});

describe('the periods over which an alert that cannot fire would', () => {
  // [sentence, tiers, error budget, periods]; a tier fires while factor × budget is below 1.
  const cases: Array<[string, number[], number, string[]]> = [
    ['the 1h page at 7%: 7d and 28d–29d (13.44x, 13.92x), not the days between, where the factor rises to 20.16x', [1], 0.07, ['7d', '28d–29d']],
    ['the 1h page at 10%: none, 13.44x is its lowest factor', [1], 0.1, []],
    ['either page at 10%: while the 6h one can (below 10x), 7d to 49d', [1, 2], 0.1, ['7d–49d']],
    ['the 3d ticket at 10%: every accepted period', [4], 0.1, ['7d–90d']],
  ];
  for (const [name, tiers, budget, periods] of cases) it(name, () => assert.deepEqual(periodsToReach(tiers, budget), periods));
});

describe('the windows an SLI ratio is recorded for', () => {
  const cases: Array<[string, Parameters<typeof errorRatioWindows>[0], string[]]> = [
    ['the current window and both windows of every tier, shortest first', SYNTHETIC_WINDOWS, ['11m', '12m', '21m', '22m', '31m', '32m']],
    ['a window two tiers share is recorded once', { period: '7d', current: '5m', tiers: [{ tier: 1, alertClass: 'page', long: '1h', short: '5m', burnRate: 2, budgetConsumed: 0.1 }, { tier: 2, alertClass: 'ticket', long: '6h', short: '1h', burnRate: 1, budgetConsumed: 0.2 }] }, ['5m', '1h', '6h']],
    ['windows sort by their length, not their text (90m after 1h, 2d after 36h)', { period: '7d', current: '2m', tiers: [{ tier: 1, alertClass: 'page', long: '2d', short: '90m', burnRate: 2, budgetConsumed: 0.1 }, { tier: 2, alertClass: 'page', long: '36h', short: '1h', burnRate: 2, budgetConsumed: 0.1 }] }, ['2m', '1h', '90m', '36h', '2d']],
  ];
  for (const [name, windows, expected] of cases) it(name, () => assert.deepEqual(errorRatioWindows(windows), expected));
});
