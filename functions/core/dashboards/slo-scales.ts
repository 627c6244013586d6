// Colour scales shared by the per-context and portfolio dashboards, so that a service has the
// same colour in both and the burn-rate colours follow the alert table.

import type { SloWindows } from '../slo/model.js';
import { lowestPageBurnRate } from '../slo/windows.js';
import type { Step } from './panels.js';

/** Error budget remaining: red below a quarter, orange below half. A display choice, not an alert. */
export const BUDGET_REMAINING_STEPS: readonly Step[] = [{ color: 'red' }, { color: 'orange', from: 0.25 }, { color: 'green', from: 0.5 }];

/** Burn rate: orange when the budget would not last the period (above 1), red where a page alert of the period's can fire. */
export const burnRateSteps = (w: SloWindows): readonly Step[] => [{ color: 'green' }, { color: 'orange', from: 1 }, { color: 'red', from: lowestPageBurnRate(w) }];
