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
  alertClass: AlertClass;
  long: string;
  short: string;
  burnRate: number;
  /** Share of the 30d error budget spent when the long window fires. */
  budgetConsumed: number;
}

export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { alertClass: 'page', long: '1h', short: '5m', burnRate: 14.4, budgetConsumed: 0.02 },
  { alertClass: 'page', long: '6h', short: '30m', burnRate: 6, budgetConsumed: 0.05 },
  { alertClass: 'ticket', long: '1d', short: '2h', burnRate: 3, budgetConsumed: 0.1 },
  { alertClass: 'ticket', long: '3d', short: '6h', burnRate: 1, budgetConsumed: 0.1 },
];

/** Every window an error-ratio recording rule is needed for, shortest first. */
export const ERROR_RATIO_WINDOWS: readonly string[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
