// Step 2 of an SLO's rules: what dashboards, the gate and people read of it: the objective and
// error budget, the SLI over the whole period (the average of the current window's ratios), the
// current and the period's burn rate, and the budget remaining.

import { RECORD } from '../conventions/index.js';
import { formatNumber } from '../base/numbers.js';
import { matchersText } from '../promql/syntax.js';
import type { RecordingRule, RuleScope, SloDefinition, SloWindows } from './model.js';
import { recordLabels, recordMatchers } from './sli.js';

export function metadataRecords(slo: SloDefinition, windows: Pick<SloWindows, 'period' | 'current'>, scope: Pick<RuleScope, 'context' | 'namespace' | 'job'>): RecordingRule[] {
  const { period } = windows;
  const labels = recordLabels(scope.context, scope, slo.name);
  const rsel = matchersText(recordMatchers(scope.context, scope, slo.name));
  const budget = formatNumber(slo.budgetRatio);
  const current = `${RECORD.errorRatio(windows.current)}{${rsel}}`;
  return [
    { record: RECORD.objective, expr: `vector(${formatNumber(slo.objectiveRatio)})`, labels },
    { record: RECORD.errorBudget, expr: `vector(${budget})`, labels },
    { record: RECORD.errorRatio(period), expr: `sum_over_time(${current}[${period}])\n/\ncount_over_time(${current}[${period}])`, labels },
    { record: RECORD.currentBurnRate, expr: `${current} / ${budget}`, labels },
    { record: RECORD.periodBurnRate, expr: `${RECORD.errorRatio(period)}{${rsel}} / ${budget}`, labels },
    { record: RECORD.errorBudgetRemaining, expr: `1 - ${RECORD.periodBurnRate}{${rsel}}`, labels },
  ];
}
