// Multiwindow, multi-burn-rate alerts for a 30-day SLO period.
//
// Source: Google SRE Workbook, chapter 5 "Alerting on SLOs", table 5-8 (recommended parameters
// for a 99.9% SLO): 2% of the budget in 1h → burn rate 14.4 (page), 5% in 6h → 6 (page), 10% in
// 3d → 1 (ticket); the 1d/2h → 3 ticket row completes the ticket tier as Sloth does
// (sloth.dev, "SLO alerting", default 30d windows). Each alert needs both its long and its short
// window above the threshold; the short window (1/12 of the long one) makes it reset quickly.

import type { AlertClass } from './derivation.js';

export const SLO_PERIOD = '30d';

export interface BurnRateWindow {
  /** 1 for the fastest burn, then by burn rate: an alert of a tier inhibits those of higher tiers (docs/generated.md). */
  tier: number;
  alertClass: AlertClass;
  long: string;
  short: string;
  burnRate: number;
  /** Share of the 30d error budget spent when the long window fires. */
  budgetConsumed: number;
}

export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { tier: 1, alertClass: 'page', long: '1h', short: '5m', burnRate: 14.4, budgetConsumed: 0.02 },
  { tier: 2, alertClass: 'page', long: '6h', short: '30m', burnRate: 6, budgetConsumed: 0.05 },
  { tier: 3, alertClass: 'ticket', long: '1d', short: '2h', burnRate: 3, budgetConsumed: 0.1 },
  { tier: 4, alertClass: 'ticket', long: '3d', short: '6h', burnRate: 1, budgetConsumed: 0.1 },
];

/**
 * Window of the current burn rate (the shortest alert window); the period's error ratio is the
 * average of this window's ratios over SLO_PERIOD.
 */
export const CURRENT_BURN_RATE_WINDOW = '5m';

/** Every burn rate that alerts, lowest first (the dashboards draw a line at each). */
export const ALERTING_BURN_RATES: readonly number[] = [...new Set(BURN_RATE_WINDOWS.map((w) => w.burnRate))].sort((a, b) => a - b);

/** Lowest burn rate that pages: from here the dashboards colour a burn rate red. */
export const LOWEST_PAGE_BURN_RATE = Math.min(...BURN_RATE_WINDOWS.filter((w) => w.alertClass === 'page').map((w) => w.burnRate));
