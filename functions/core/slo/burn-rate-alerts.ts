// Step 3 of an SLO's rules: its multiwindow multi-burn-rate alerts (Google SRE Workbook, ch. 5),
// one per tier of the alert classes the context has: both windows of the tier above its burn
// rate. Each names its windows and tier in labels, so that Alertmanager can inhibit a slower tier
// while a faster one fires (docs/generated.md, "Alert routing and inhibition").

import { ALERT, PROM_LABELS, RECORD } from '../conventions/index.js';
import { formatNumber, formatPercent } from '../base/numbers.js';
import { matchersText } from '../promql/syntax.js';
import { SEVERITY_BY_CLASS, type AlertClass } from '../tables/derivation.js';
import type { BurnRateWindow } from '../tables/burn-rate-windows.js';
import type { AlertingRule, RuleScope, SloDefinition } from './model.js';
import { recordMatchers } from './sli.js';

/** The labels of an alert of the class: the scope's, its severity and class, after `extra`. */
export function alertLabels(scope: Pick<RuleScope, 'alertLabels'>, alertClass: AlertClass, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...scope.alertLabels, [PROM_LABELS.severity]: SEVERITY_BY_CLASS[alertClass], [PROM_LABELS.alertClass]: alertClass };
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
      description: `${slo.ratioName} {{ $value | humanizePercentage }} is above ${formatNumber(w.burnRate)}x the ${formatPercent(slo.budgetRatio)} error budget of the ${slo.objectiveText} over ${period}, over ${w.long} and over ${w.short}. At this rate ${formatPercent(w.budgetConsumed)} of the budget goes in ${w.long}${w.alertClass === 'page' ? ' and all of it in days' : ', and it runs out before the period ends'}.`,
      ...scope.contextAnnotations,
    },
  };
}

/** The alert of every tier whose class the context alerts with, fastest first. */
export const burnRateAlerts = (slo: SloDefinition, tiers: readonly BurnRateWindow[], alertClasses: readonly AlertClass[], scope: RuleScope, period: string): AlertingRule[] =>
  tiers.filter((w) => alertClasses.includes(w.alertClass)).map((w) => burnRateAlert(slo, w, scope, period));
