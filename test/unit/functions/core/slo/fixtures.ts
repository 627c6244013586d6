// Synthetic inputs of the SLO rule steps (Sloth's way: windows no table has, 11m/12m/×13, so that a
// test shows what the step does with what it is given, not what the table says).

import type { RuleScope, SloDefinition, SloWindows } from '../../../../../functions/core/slo/model.js';

/** Three tiers, not four; no window of the real table; factors and shares no period gives. */
export const SYNTHETIC_WINDOWS: SloWindows = {
  period: '13d',
  current: '11m',
  tiers: [
    { tier: 1, alertClass: 'page', long: '12m', short: '11m', burnRate: 13, budgetConsumed: 0.14 },
    { tier: 2, alertClass: 'page', long: '22m', short: '21m', burnRate: 23, budgetConsumed: 0.24 },
    { tier: 3, alertClass: 'ticket', long: '32m', short: '31m', burnRate: 33, budgetConsumed: 0.34 },
  ],
};

export const SCOPE: RuleScope = {
  context: 'shop/checkout',
  namespace: 'shop',
  job: 'checkout-api',
  alertLabels: { priority: 'P2', contextcore_context: 'shop/checkout' },
  contextAnnotations: { owner: 'shop-team' },
};

/** An SLO whose SLI is a placeholder query, so that only the step's own text is tested. */
export const SYNTHETIC_SLO: SloDefinition = {
  name: 'availability',
  objectiveRatio: 0.98,
  budgetRatio: 0.02,
  ratio: (w) => `bad_ratio[${w}]`,
  title: '98% availability',
  ratioName: 'Error ratio',
  objectiveText: '98% objective',
};

/** The matchers of the scope's records of SYNTHETIC_SLO, as the rules write them. */
export const SEL = '{contextcore_context="shop/checkout", contextcore_slo="availability", namespace="shop", job="checkout-api"}';
