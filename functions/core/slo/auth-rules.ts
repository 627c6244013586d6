// The auth-anomaly alert of a context with a security risk: the share of 401/403 responses over a
// short window against its own baseline, both recorded before the alert that reads them.

import { ALERT, PROM_LABELS, RECORD, SLO_NAME_AUTH } from '../conventions/index.js';
import { formatNumber, formatPercent } from '../base/numbers.js';
import { matchersText, type Matcher } from '../promql/syntax.js';
import { SLI_PRESETS } from '../tables/sli-presets.js';
import { alertLabels } from './burn-rate-alerts.js';
import type { Rule, RuleScope } from './model.js';
import { presetRequestRate, recordLabels, recordMatchers } from './sli.js';

/** The windows and thresholds of the alert (tables/derivation.ts, AUTH_ANOMALY). */
export interface AuthAnomalyTuning {
  shortWindow: string;
  baselineWindow: string;
  factor: number;
  minRatio: number;
  for: string;
  statusCodes: readonly string[];
}

export function authAnomalyRules(preset: 'otel' | 'prometheus', scope: RuleScope, t: AuthAnomalyTuning): Rule[] {
  const rsel = matchersText(recordMatchers(scope.context, scope));
  const labels = recordLabels(scope.context, scope, SLO_NAME_AUTH);
  const codes: Matcher = { name: SLI_PRESETS[preset].statusLabel, op: '=~', value: t.statusCodes.join('|') };
  const ratio = (w: string) => `(${presetRequestRate(preset, scope, w, [codes])} or vector(0))\n/\n${presetRequestRate(preset, scope, w)}`;
  const short = RECORD.authFailureRatio(t.shortWindow);
  const long = RECORD.authFailureRatio(t.baselineWindow);
  return [
    { record: short, expr: ratio(t.shortWindow), labels },
    { record: long, expr: ratio(t.baselineWindow), labels },
    {
      alert: ALERT.authAnomaly,
      expr: `${short}{${rsel}} > ${t.factor} * ${long}{${rsel}}\nand\n${short}{${rsel}} > ${formatNumber(t.minRatio)}`,
      for: t.for,
      labels: alertLabels(scope, 'ticket', { [PROM_LABELS.slo]: SLO_NAME_AUTH }),
      annotations: {
        summary: `Unusual share of ${t.statusCodes.join('/')} responses from ${scope.job} in ${scope.namespace}`,
        description: `{{ $value | humanizePercentage }} of requests over ${t.shortWindow} were rejected with ${t.statusCodes.join('/')}, more than ${t.factor}x the ${t.baselineWindow} baseline and above ${formatPercent(t.minRatio)}. The context lists a security risk: check for credential stuffing or a broken auth dependency.`,
        ...scope.contextAnnotations,
      },
    },
  ];
}
