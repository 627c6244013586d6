// Argo Rollouts canary analysis from a context's SLOs (docs/delivery.md): when a measurement of
// the canary succeeds, fails, or is left to a person.
//
// The rule, per SLI (error ratio, share of slow requests) and its error budget B:
// - successful while the ratio ≤ SUCCESS_BURN_RATE × B: burn rate 1 spends exactly the budget
//   over the SLO period (Google SRE Workbook, ch. 5 "Alerting on SLOs", where burn rate 1 leaves
//   exactly no budget at the end of the window), so a canary at or below it keeps the SLO;
// - failed above the burn rate of the fastest page tier over the context's period (the same
//   workbook's table 5-8: 14.4 = 2% of a 30-day budget in 1 hour; tables/burn-rate-windows.ts,
//   slo/windows.ts), whose short window, 5m, is the analysis interval: a canary burning this fast
//   would page if it were the whole service;
// - inconclusive between the two, and without data: an empty result (no series: the canary has
//   not been scraped or served nothing) or NaN (0/0: series without requests). Argo Rollouts
//   pauses an inconclusive rollout for a person to resume or abort (docs/features/analysis.md,
//   "Inconclusive Runs"); no traffic must never fail a rollout (argoproj/argo-rollouts#180), and
//   `len(result) > 0 &&` comes before `result[0]`, which an empty result crashed (#1466).
// Argo Rollouts has no inconclusive condition of its own: a measurement is Inconclusive when a
// success and a failure condition are both given and neither holds (utils/evaluate).

import { CURRENT_BURN_RATE_WINDOW } from './burn-rate-windows.js';

export const ANALYSIS = {
  /** Each measurement's window, and the time between measurements: the page tier's short window. */
  interval: CURRENT_BURN_RATE_WINDOW,
  /**
   * Wait one interval before the first measurement, so that its rate window covers requests the
   * canary has served (a fresh canary has none yet: inconclusive, a needless pause).
   */
  initialDelay: CURRENT_BURN_RATE_WINDOW,
  /** Measurements per run: 15 minutes of canary traffic judged, then the step (or run) is done. */
  count: 3,
  /** One failed measurement fails the run (Argo Rollouts' default, written out). */
  failureLimit: 0,
  /** One inconclusive measurement makes the run inconclusive: the rollout pauses (the default). */
  inconclusiveLimit: 0,
  successBurnRate: 1,
  /** Default of the canary-hash argument: every pod of the service (a regex matching any value, or none). */
  anyPodHash: '.*',
} as const;
