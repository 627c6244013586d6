// The windows of an SLO's rules, derived from its period: each tier of tables/burn-rate-windows.ts
// fires above `budget share × period / long window` times the error budget over its long window
// and its short one (1/12 of the long), the shares those of the period's row or on the line
// between two rows; and every window an SLI ratio is recorded for.

import { clean, compareDurations, durationSeconds, formatDuration } from '../base/numbers.js';
import { BUDGET_SHARES, BURN_RATE_TIERS, CURRENT_BURN_RATE_WINDOW, SHORT_WINDOW_DIVISOR, SLO_PERIOD_DAYS, type BudgetShares, type BurnRateTier } from '../tables/burn-rate-windows.js';
import type { BurnRateWindow, SloWindows } from './model.js';

const DAY_SECONDS = 86400;

/**
 * The shares for a period: a row's own at its `fromDays`, the last row's beyond it, the first's
 * before it, and between two rows a straight line from one to the next, so that no day's factors
 * jump (with a step, 27d would page at 51.84x where 28d pages at 13.44x).
 */
export function budgetSharesFor(period: string, rows: readonly BudgetShares[] = BUDGET_SHARES): BudgetShares {
  const days = durationSeconds(period)! / DAY_SECONDS;
  const next = rows.findIndex((r) => r.fromDays > days);
  if (next <= 0) return next === 0 ? rows[0]! : rows.at(-1)!;
  const [a, b] = [rows[next - 1]!, rows[next]!];
  if (a.fromDays === days) return a;
  const at = (days - a.fromDays) / (b.fromDays - a.fromDays);
  return { fromDays: days, shares: a.shares.map((s, n) => s + (b.shares[n]! - s) * at), source: `between ${a.source} and ${b.source}` };
}

/** One tier over the period: its short window and its factor, from the share of budget it lets go. */
export function burnRateWindow(tier: BurnRateTier, share: number, period: string): BurnRateWindow {
  const long = durationSeconds(tier.long)!;
  return {
    ...tier,
    short: formatDuration(long / SHORT_WINDOW_DIVISOR),
    burnRate: clean((share * durationSeconds(period)!) / long),
    budgetConsumed: clean(share),
  };
}

/** The windows of an SLO over the period ("30d", "28d", "7d"). */
export function sloWindows(period: string, tiers: readonly BurnRateTier[] = BURN_RATE_TIERS, rows: readonly BudgetShares[] = BUDGET_SHARES): SloWindows {
  const { shares } = budgetSharesFor(period, rows);
  return { period, current: CURRENT_BURN_RATE_WINDOW, tiers: tiers.map((t, n) => burnRateWindow(t, shares[n]!, period)) };
}

/** Every window an SLI ratio is recorded for, shortest first: the current one and each tier's two. */
export const errorRatioWindows = (w: SloWindows): string[] => [...new Set([w.current, ...w.tiers.flatMap((t) => [t.short, t.long])])].sort(compareDurations);

/** Every burn rate that alerts, lowest first (the dashboards draw a line at each). */
export const alertingBurnRates = (w: SloWindows): number[] => [...new Set(w.tiers.map((t) => t.burnRate))].sort((a, b) => a - b);

/** Lowest burn rate that pages: from here the dashboards colour a burn rate red. */
export const lowestPageBurnRate = (w: SloWindows): number => Math.min(...w.tiers.filter((t) => t.alertClass === 'page').map((t) => t.burnRate));

/**
 * Tiers whose alert can never fire: its threshold, factor × budget, is an error ratio of 1 or
 * more, and no ratio of failed requests exceeds 1 (a 90% objective over 30d: 14.4 × 10%).
 */
export const unreachableTiers = (tiers: readonly BurnRateWindow[], budgetRatio: number): BurnRateWindow[] => tiers.filter((t) => t.burnRate * budgetRatio >= 1);

/** The highest availability, in percent, at which the tier's alert still cannot fire (it can above it). */
export const availabilityToReach = (tier: BurnRateWindow): number => 100 * (1 - 1 / tier.burnRate);

/**
 * The periods requirements.period accepts over which at least one of the tiers (by number) can
 * fire at the error budget, as runs of whole days ("7d", "28d–29d"). Not simply the shorter ones:
 * between two rows of budget shares the factors rise and fall again (30d pages at 14.4x, 14d at
 * 20.16x, 7d and 28d at 13.44x), so each period is tried.
 */
export function periodsToReach(tierNumbers: readonly number[], budgetRatio: number): string[] {
  const runs: Array<[number, number]> = [];
  for (let days = SLO_PERIOD_DAYS.min; days <= SLO_PERIOD_DAYS.max; days++) {
    const tiers = sloWindows(`${days}d`).tiers.filter((t) => tierNumbers.includes(t.tier));
    if (unreachableTiers(tiers, budgetRatio).length === tiers.length) continue;
    const last = runs.at(-1);
    if (last && last[1] === days - 1) last[1] = days;
    else runs.push([days, days]);
  }
  return runs.map(([from, to]) => (from === to ? `${from}d` : `${from}d–${to}d`));
}
