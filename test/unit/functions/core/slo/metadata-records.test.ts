import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metadataRecords } from '../../../../../functions/core/slo/metadata-records.js';
import { SCOPE, SEL, SYNTHETIC_SLO } from './fixtures.js';

describe('metadata records', () => {
  const records = metadataRecords(SYNTHETIC_SLO, { period: '13d', current: '11m' }, SCOPE);
  const labels = { contextcore_context: 'shop/checkout', contextcore_slo: 'availability', namespace: 'shop', job: 'checkout-api' };
  const cases: Array<[string, string, string]> = [
    ['the objective', 'contextcore:slo_objective:ratio', 'vector(0.98)'],
    ['the error budget', 'contextcore:slo_error_budget:ratio', 'vector(0.02)'],
    ["the period's SLI averages the current window's over the period, and is named after the period", 'contextcore:sli_error:ratio_rate13d', `sum_over_time(contextcore:sli_error:ratio_rate11m${SEL}[13d])\n/\ncount_over_time(contextcore:sli_error:ratio_rate11m${SEL}[13d])`],
    ['the current burn rate divides the current window by the budget', 'contextcore:slo_current_burn_rate:ratio', `contextcore:sli_error:ratio_rate11m${SEL} / 0.02`],
    ["the period's burn rate divides the period's SLI by the budget", 'contextcore:slo_period_burn_rate:ratio', `contextcore:sli_error:ratio_rate13d${SEL} / 0.02`],
    ['the budget remaining is what the period has not burnt', 'contextcore:slo_error_budget_remaining:ratio', `1 - contextcore:slo_period_burn_rate:ratio${SEL}`],
  ];
  for (const [name, record, expr] of cases) it(`${name}: ${record}`, () => assert.deepEqual(records.find((r) => r.record === record), { record, expr, labels }));

  it('in this order, each after what it reads, and nothing else', () => assert.deepEqual(records.map((r) => r.record), cases.map(([, record]) => record)));
});
