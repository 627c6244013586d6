import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorRatioWindows } from '../../../../../functions/core/slo/windows.js';
import { SYNTHETIC_WINDOWS } from './fixtures.js';

describe('the windows an SLI ratio is recorded for', () => {
  const cases: Array<[string, Parameters<typeof errorRatioWindows>[0], string[]]> = [
    ['the current window and both windows of every tier, shortest first', SYNTHETIC_WINDOWS, ['11m', '12m', '21m', '22m', '31m', '32m']],
    ['a window two tiers share is recorded once', { period: '7d', current: '5m', tiers: [{ tier: 1, alertClass: 'page', long: '1h', short: '5m', burnRate: 2, budgetConsumed: 0.1 }, { tier: 2, alertClass: 'ticket', long: '6h', short: '1h', burnRate: 1, budgetConsumed: 0.2 }] }, ['5m', '1h', '6h']],
    ['windows sort by their length, not their text (90m after 1h, 2d after 36h)', { period: '7d', current: '2m', tiers: [{ tier: 1, alertClass: 'page', long: '2d', short: '90m', burnRate: 2, budgetConsumed: 0.1 }, { tier: 2, alertClass: 'page', long: '36h', short: '1h', burnRate: 2, budgetConsumed: 0.1 }] }, ['2m', '1h', '90m', '36h', '2d']],
  ];
  for (const [name, windows, expected] of cases) it(name, () => assert.deepEqual(errorRatioWindows(windows), expected));
});
