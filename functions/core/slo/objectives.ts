// The two SLOs of a measured service as the rule steps see them: availability (the share of
// failed requests) and latency (the share of requests slower than the bucket bound that measures
// the P99 target). They differ only in their SLI, objective and words.

import { SLO_NAME_AVAILABILITY, SLO_NAME_LATENCY } from '../conventions/index.js';
import { clean, formatPercent } from '../base/numbers.js';
import { LATENCY_OBJECTIVE_RATIO } from '../tables/latency-slo.js';
import type { Latency, SloDefinition, SloRuleInput } from './model.js';
import { errorRatioExpr, slowRatioExpr } from './sli.js';

export function availabilitySlo(i: SloRuleInput): SloDefinition {
  return {
    name: SLO_NAME_AVAILABILITY,
    objectiveRatio: i.objectiveRatio,
    budgetRatio: i.errorBudgetRatio,
    ratio: (w) => errorRatioExpr(i, w),
    title: `${i.availability}% availability`,
    ratioName: 'Error ratio',
    objectiveText: `${i.availability}% objective`,
  };
}

export function latencySlo(i: SloRuleInput, histogram: string, target: Latency, threshold: Latency): SloDefinition {
  const objective = formatPercent(LATENCY_OBJECTIVE_RATIO);
  const measured = threshold.seconds === target.seconds ? '' : `, measured at the ${threshold.text} bucket bound`;
  return {
    name: SLO_NAME_LATENCY,
    objectiveRatio: LATENCY_OBJECTIVE_RATIO,
    budgetRatio: clean(1 - LATENCY_OBJECTIVE_RATIO),
    ratio: (w) => slowRatioExpr(histogram, i, threshold.seconds, w),
    title: `latency (${objective} within ${threshold.text})`,
    ratioName: `Share of requests slower than ${threshold.text}`,
    objectiveText: `${objective} latency objective (P99 within ${target.text}${measured})`,
  };
}
