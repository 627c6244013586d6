// The windows of an SLO's rules: its period, the current burn rate's window and the burn-rate
// tiers of tables/burn-rate-windows.ts, and every window an SLI ratio is recorded for.

import { compareDurations } from '../base/numbers.js';
import { BURN_RATE_WINDOWS, CURRENT_BURN_RATE_WINDOW, SLO_PERIOD } from '../tables/burn-rate-windows.js';
import type { SloWindows } from './model.js';

/** The windows of a 30-day SLO. */
export const SLO_WINDOWS: SloWindows = { period: SLO_PERIOD, current: CURRENT_BURN_RATE_WINDOW, tiers: BURN_RATE_WINDOWS };

/** Every window an SLI ratio is recorded for, shortest first: the current one and each tier's two. */
export const errorRatioWindows = (w: SloWindows): string[] =>
  [...new Set([w.current, ...w.tiers.flatMap((t) => [t.short, t.long])])].sort(compareDurations);
