// The windows of an SLO's rules, derived from its period: each tier of tables/burn-rate-windows.ts
// fires above `budget share × period / long window` times the error budget over its long window
// and its short one (1/12 of the long), the shares those of the longest period row the period
// reaches; and every window an SLI ratio is recorded for.

import { clean, compareDurations, durationSeconds, formatDuration } from '../base/numbers.js';
import { BUDGET_SHARES, BURN_RATE_TIERS, CURRENT_BURN_RATE_WINDOW, SHORT_WINDOW_DIVISOR, type BudgetShares, type BurnRateTier } from '../tables/burn-rate-windows.js';
import type { BurnRateWindow, SloWindows } from './model.js';

const DAY_SECONDS = 86400;

/** The shares of the longest period row the period reaches (the shortest row below it). */
export function budgetSharesFor(period: string, rows: readonly BudgetShares[] = BUDGET_SHARES): BudgetShares {
  const days = durationSeconds(period)! / DAY_SECONDS;
  return rows.filter((r) => r.fromDays <= days).at(-1) ?? rows[0]!;
}

/** One tier over the period: its short window and its factor, from the share of budget it lets go. */
export function burnRateWindow(tier: BurnRateTier, share: number, period: string): BurnRateWindow {
  const long = durationSeconds(tier.long)!;
  return {
    ...tier,
    short: formatDuration(long / SHORT_WINDOW_DIVISOR),
    burnRate: clean((share * durationSeconds(period)!) / long),
    budgetConsumed: share,
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
