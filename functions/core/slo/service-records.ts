// Records no rule reads (dashboards do): the P99 whenever the SLI has a histogram, and the
// context's business facts as an info series, joinable on context, namespace and job.

import { PROM_LABELS, RECORD, SLO_NAME_AVAILABILITY, SLO_NAME_LATENCY } from '../conventions/index.js';
import { LATENCY_RATE_WINDOW } from '../tables/latency-slo.js';
import type { RecordingRule, RuleScope } from './model.js';
import { latencyQuantileExpr, recordLabels, serviceMatchers } from './sli.js';

export function serviceRecords(histogram: string | undefined, contextInfo: Record<string, string> | undefined, scope: Pick<RuleScope, 'context' | 'namespace' | 'job'>): RecordingRule[] {
  const out: RecordingRule[] = [];
  if (histogram) out.push({ record: RECORD.latencyP99(LATENCY_RATE_WINDOW), expr: latencyQuantileExpr(histogram, serviceMatchers(scope), 0.99), labels: recordLabels(scope.context, scope, SLO_NAME_LATENCY) });
  if (contextInfo) {
    const { [PROM_LABELS.slo]: _slo, ...labels } = recordLabels(scope.context, scope, SLO_NAME_AVAILABILITY);
    out.push({ record: RECORD.contextInfo, expr: 'vector(1)', labels: { ...labels, ...contextInfo } });
  }
  return out;
}
