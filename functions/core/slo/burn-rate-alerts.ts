// Step 3 of an SLO's rules: its multiwindow multi-burn-rate alerts (Google SRE Workbook, ch. 5),
// one per tier of the alert classes the context has: both windows of the tier above its burn
// rate. Each names its windows and tier in labels, so that Alertmanager can inhibit a slower tier
// while a faster one fires (docs/generated.md, "Alert routing and inhibition").

import { ALERT, PROM_LABELS, RECORD } from '../conventions/index.js';
import { durationSeconds, formatNumber, formatBudgetShare, formatPercent, formatPercentRounded, formatRounded } from '../base/numbers.js';
import { matchersText } from '../promql/syntax.js';
import { SEVERITY_BY_CLASS, type AlertClass } from '../tables/derivation.js';
import type { AlertingRule, BurnRateWindow, RuleScope, SloDefinition } from './model.js';
import { recordMatchers } from './sli.js';

/** The labels of an alert of the class: the scope's, its severity and class, after `extra`. */
export function alertLabels(scope: Pick<RuleScope, 'alertLabels'>, alertClass: AlertClass, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...scope.alertLabels, [PROM_LABELS.severity]: SEVERITY_BY_CLASS[alertClass], [PROM_LABELS.alertClass]: alertClass };
}

/**
 * What the tier's rate does to the rest of the budget: a page tier spends it in hours or days; a
 * ticket tier at 1× or more before the period ends; one below 1× (a short period's slowest tier,
 * or Sloth's 28d one at 0.93×) only most of it over the period.
 */
function atThisRate(w: BurnRateWindow, period: string): string {
  const lasts = durationSeconds(period)! / w.burnRate;
  if (w.alertClass === 'page') return ` and all of it in ${lasts < 86400 ? 'hours' : 'days'}`;
  if (w.burnRate >= 1) return ', and it runs out before the period ends';
  return `, and ${formatPercentRounded(w.burnRate)} of it over ${period} if it goes on`;
}

export function burnRateAlert(slo: SloDefinition, w: BurnRateWindow, scope: RuleScope, period: string): AlertingRule {
  const sel = matchersText(recordMatchers(scope.context, scope, slo.name));
  const budget = formatNumber(slo.budgetRatio);
  const above = (window: string) => `${RECORD.errorRatio(window)}{${sel}} > (${formatNumber(w.burnRate)} * ${budget})`;
  return {
    alert: ALERT.budgetBurn,
    expr: `${above(w.short)}\nand\n${above(w.long)}`,
    labels: alertLabels(scope, w.alertClass, {
      [PROM_LABELS.slo]: slo.name,
      [PROM_LABELS.burnLongWindow]: w.long,
      [PROM_LABELS.burnShortWindow]: w.short,
      [PROM_LABELS.burnTier]: String(w.tier),
    }),
    annotations: {
      summary: `${scope.job} in ${scope.namespace} is burning its ${slo.title} error budget too fast (${w.alertClass}, ${w.long}/${w.short})`,
      description: `${slo.ratioName} {{ $value | humanizePercentage }} is above ${formatRounded(w.burnRate)}x the ${formatPercent(slo.budgetRatio)} error budget of the ${slo.objectiveText} over ${period}, over ${w.long} and over ${w.short}. At this rate ${formatBudgetShare(w.budgetConsumed)} of the budget goes in ${w.long}${atThisRate(w, period)}.`,
      ...scope.contextAnnotations,
    },
  };
}

/** The alert of every tier whose class the context alerts with, fastest first. */
export const burnRateAlerts = (slo: SloDefinition, tiers: readonly BurnRateWindow[], alertClasses: readonly AlertClass[], scope: RuleScope, period: string): AlertingRule[] =>
  tiers.filter((w) => alertClasses.includes(w.alertClass)).map((w) => burnRateAlert(slo, w, scope, period));
