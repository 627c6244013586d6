import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketMissingAlert, latencyRecords } from '../../../../../functions/core/slo/latency-rules.js';
import { SCOPE } from './fixtures.js';

describe('latency rules', () => {
  const labels = { contextcore_slo: 'latency' };
  const target = { seconds: 0.35, text: '350ms' };
  const bound = { seconds: 0.5, text: '500ms' };

  const records: Array<[string, typeof bound | undefined, string[]]> = [
    ['a target a bucket measures records the target and the bound', bound, ['contextcore:slo_latency_p99_target:seconds vector(0.35)', 'contextcore:slo_latency_threshold:seconds vector(0.5)']],
    ['a target no bucket measures records the target alone', undefined, ['contextcore:slo_latency_p99_target:seconds vector(0.35)']],
  ];
  for (const [name, threshold, expected] of records) it(name, () => assert.deepEqual(latencyRecords(target, threshold, labels).map((r) => `${r.record} ${r.expr}`), expected));

  it('the bucket-missing ticket: requests counted over its window, and no bucket at the bound in any spelling, for its time', () => {
    assert.deepEqual(bucketMissingAlert('app_latency_seconds', bound, SCOPE, { window: '11m', for: '12m' }), {
      alert: 'ContextCoreLatencyBucketMissing',
      expr: '(sum by (namespace, job) (rate(app_latency_seconds_count{namespace="shop", job="checkout-api"}[11m])) > 0)\nunless on (namespace, job)\nsum by (namespace, job) (rate(app_latency_seconds_bucket{namespace="shop", job="checkout-api", le=~"0*[.]50*([eE][+-]?0+)?|5([.]0*)?[eE]-0*1"}[11m]))',
      for: '12m',
      labels: { contextcore_slo: 'latency', priority: 'P2', contextcore_context: 'shop/checkout', severity: 'warning', contextcore_alert_class: 'ticket' },
      annotations: {
        summary: 'The latency SLO of checkout-api in shop measures nothing: its histogram has no 500ms bucket',
        description: "app_latency_seconds_count counts requests but no app_latency_seconds_bucket series has le=0.5 (in any spelling), the bound that measures the latency target. The service's buckets differ from the ones assumed, or are not in seconds: declare its own boundary at or above the target in observability.sli.latencyBucket.",
        owner: 'shop-team',
      },
    });
  });
});
