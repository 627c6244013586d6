// Multiwindow, multi-burn-rate alerts: the windows and the share of the error budget each alert
// lets go before it fires. Nothing here is a burn rate: slo/windows.ts derives each tier's factor
// from the SLO period, `factor = budget share × period / long window`, and its short window,
// 1/12 of the long one, so that no factor can drift from its share or its period.
//
// Sources:
// - Google SRE Workbook, chapter 5 "Alerting on SLOs", table 5-8 (recommended parameters for a
//   30-day SLO): 2% of the budget in 1h (page), 5% in 6h (page), 10% in 3d (ticket), short windows
//   of 1/12; the 10% in 1d ticket row completes the ticket tier as Sloth does. Over 30d the
//   factors are 14.4, 6, 3 and 1.
// - Sloth (github.com/slok/sloth), internal/alert/windows/google-28d.yaml and google-30d.yaml:
//   the same shares and windows for 28d and 30d (28d: 13.44, 5.6, 2.8, 0.933).
// - Sloth, examples/windows/7d.yaml: over a short period the workbook's shares make factors too
//   low to mean anything (7d: 3.36, 1.4, 0.7, 0.233: the slow tiers would fire on burns that leave
//   budget over), so the shares are raised to 8%, 12.5%, 20% and 42% over the same windows:
//   factors 13.44, 3.5, 1.4 and 0.98.

import type { AlertClass } from './derivation.js';

/** The SLO period when requirements.period is not given. */
export const DEFAULT_SLO_PERIOD = '30d';

/**
 * The periods requirements.period accepts, in whole days (the CRD's rule and `validate` say the
 * same). Below 7d the slowest tier's 3d window is nearly half the period; 90d is a quarter, the
 * longest period teams report on (the period's record reads the samples of the whole period).
 */
export const SLO_PERIOD_DAYS = { min: 7, max: 90 } as const;

/** One tier of alerts: its class and its long window; 1 for the fastest burn. */
export interface BurnRateTier {
  /** An alert of a tier inhibits those of higher tiers (docs/generated.md). */
  tier: number;
  alertClass: AlertClass;
  long: string;
}

export const BURN_RATE_TIERS: readonly BurnRateTier[] = [
  { tier: 1, alertClass: 'page', long: '1h' },
  { tier: 2, alertClass: 'page', long: '6h' },
  { tier: 3, alertClass: 'ticket', long: '1d' },
  { tier: 4, alertClass: 'ticket', long: '3d' },
];

/** Each tier's short window is its long one divided by this (SRE workbook: 1/12). */
export const SHORT_WINDOW_DIVISOR = 12;

/** The share of the period's budget each tier lets go in its long window, for periods from `fromDays`. */
export interface BudgetShares {
  fromDays: number;
  /** By tier, as BURN_RATE_TIERS. */
  shares: readonly number[];
  source: string;
}

/** Shortest period first; a period between two rows takes shares on the line between them (slo/windows.ts). */
export const BUDGET_SHARES: readonly BudgetShares[] = [
  { fromDays: 7, shares: [0.08, 0.125, 0.2, 0.42], source: 'Sloth, examples/windows/7d.yaml' },
  { fromDays: 28, shares: [0.02, 0.05, 0.1, 0.1], source: 'SRE workbook table 5-8; Sloth google-28d.yaml, google-30d.yaml' },
];

/**
 * Window of the current burn rate: the shortest alert window (tier 1's short one); the period's
 * error ratio is the average of this window's ratios over the period.
 */
export const CURRENT_BURN_RATE_WINDOW = '5m';
