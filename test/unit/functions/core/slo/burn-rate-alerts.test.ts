import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { burnRateAlerts } from '../../../../../functions/core/slo/burn-rate-alerts.js';
import type { AlertClass } from '../../../../../functions/core/tables/derivation.js';
import { SCOPE, SEL, SYNTHETIC_SLO, SYNTHETIC_WINDOWS } from './fixtures.js';

describe('burn-rate alerts', () => {
  const alerts = (classes: AlertClass[]) => burnRateAlerts(SYNTHETIC_SLO, SYNTHETIC_WINDOWS.tiers, classes, SCOPE, SYNTHETIC_WINDOWS.period);
  const both = (short: string, long: string, factor: string) => `contextcore:sli_error:ratio_rate${short}${SEL} > (${factor} * 0.02)\nand\ncontextcore:sli_error:ratio_rate${long}${SEL} > (${factor} * 0.02)`;

  const tiersOf: Array<[string, AlertClass[], string[]]> = [
    ['a page and ticket context gets every tier, fastest first', ['page', 'ticket'], ['1', '2', '3']],
    ['a ticket-only context gets only the ticket tiers', ['ticket'], ['3']],
    ['a page-only context gets only the page tiers', ['page'], ['1', '2']],
    ['no class, no alert', [], []],
  ];
  for (const [name, classes, tiers] of tiersOf) it(name, () => assert.deepEqual(alerts(classes).map((a) => a.labels!.contextcore_burn_tier), tiers));

  it("each tier's alert needs both its windows above the tier's factor times the budget", () => {
    assert.deepEqual(alerts(['page', 'ticket']).map((a) => a.expr), [both('11m', '12m', '13'), both('21m', '22m', '23'), both('31m', '32m', '33')]);
  });

  it('a page tier: its SLO, windows and tier in labels, after the scope\'s, with the severity of its class; the text names the period and the share of budget', () => {
    assert.deepEqual(alerts(['page'])[0], {
      alert: 'ContextCoreErrorBudgetBurn',
      expr: both('11m', '12m', '13'),
      labels: {
        contextcore_slo: 'availability',
        contextcore_long_window: '12m',
        contextcore_short_window: '11m',
        contextcore_burn_tier: '1',
        priority: 'P2',
        contextcore_context: 'shop/checkout',
        severity: 'critical',
        contextcore_alert_class: 'page',
      },
      annotations: {
        summary: 'checkout-api in shop is burning its 98% availability error budget too fast (page, 12m/11m)',
        description: 'Error ratio {{ $value | humanizePercentage }} is above 13x the 2% error budget of the 98% objective over 13d, over 12m and over 11m. At this rate 14% of the budget goes in 12m and all of it in days.',
        owner: 'shop-team',
      },
    });
  });

  it('a ticket tier says the budget runs out before the period ends, with the ticket severity', () => {
    const [ticket] = alerts(['ticket']);
    assert.equal(ticket!.labels!.severity, 'warning');
    assert.equal(ticket!.annotations!.description, 'Error ratio {{ $value | humanizePercentage }} is above 33x the 2% error budget of the 98% objective over 13d, over 32m and over 31m. At this rate 34% of the budget goes in 32m, and it runs out before the period ends.');
  });

  it('a share of the budget that is no round percentage reads to three decimals, as the factor does', () => {
    const third = { ...SYNTHETIC_WINDOWS.tiers[2]!, burnRate: 7 / 3, budgetConsumed: 1 / 6 };
    const [ticket] = burnRateAlerts(SYNTHETIC_SLO, [third], ['ticket'], SCOPE, SYNTHETIC_WINDOWS.period);
    assert.equal(ticket!.annotations!.description, 'Error ratio {{ $value | humanizePercentage }} is above 2.333x the 2% error budget of the 98% objective over 13d, over 32m and over 31m. At this rate 16.667% of the budget goes in 32m, and it runs out before the period ends.');
  });
});
