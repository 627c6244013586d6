// The latency SLO's own rules besides those every SLO has: its target and the bucket bound that
// measures it, as records, and a ticket when requests are counted but no bucket has that bound
// (the SLO would be silently empty).

import { ALERT, PROM_LABELS, RECORD, SLO_NAME_LATENCY } from '../conventions/index.js';
import { formatNumber } from '../base/numbers.js';
import { leMatcher } from '../promql/le-matcher.js';
import { selector } from '../promql/syntax.js';
import { alertLabels } from './burn-rate-alerts.js';
import type { AlertingRule, Latency, RecordingRule, RuleScope } from './model.js';
import { serviceMatchers } from './sli.js';

/** requirements.latencyP99, and the bound the SLO counts as fast when a bucket can measure the target. */
export function latencyRecords(target: Latency, threshold: Latency | undefined, labels: Record<string, string>): RecordingRule[] {
  return [
    { record: RECORD.latencyTarget, expr: `vector(${formatNumber(target.seconds)})`, labels },
    ...(threshold ? [{ record: RECORD.latencyThreshold, expr: `vector(${formatNumber(threshold.seconds)})`, labels }] : []),
  ];
}

/** The window its rates are over and how long the bucket must be missing (tables/latency-slo.ts, BUCKET_MISSING). */
export interface BucketMissingTuning {
  window: string;
  for: string;
}

export function bucketMissingAlert(histogram: string, threshold: Latency, scope: RuleScope, tuning: BucketMissingTuning): AlertingRule {
  const by = `(${PROM_LABELS.namespace}, ${PROM_LABELS.job})`;
  const rate = (series: string) => `sum by ${by} (rate(${series}[${tuning.window}]))`;
  const count = selector(`${histogram}_count`, serviceMatchers(scope));
  const bucket = selector(`${histogram}_bucket`, [...serviceMatchers(scope), leMatcher(threshold.seconds)]);
  return {
    alert: ALERT.latencyBucketMissing,
    expr: `(${rate(count)} > 0)\nunless on ${by}\n${rate(bucket)}`,
    for: tuning.for,
    labels: alertLabels(scope, 'ticket', { [PROM_LABELS.slo]: SLO_NAME_LATENCY }),
    annotations: {
      summary: `The latency SLO of ${scope.job} in ${scope.namespace} measures nothing: its histogram has no ${threshold.text} bucket`,
      description: `${histogram}_count counts requests but no ${histogram}_bucket series has le=${formatNumber(threshold.seconds)} (in any spelling), the bound that measures the latency target. The service's buckets differ from the ones assumed, or are not in seconds: declare its own boundary at or above the target in observability.sli.latencyBucket.`,
      ...scope.contextAnnotations,
    },
  };
}
