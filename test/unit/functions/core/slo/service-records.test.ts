import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceRecords } from '../../../../../functions/core/slo/service-records.js';
import { SCOPE } from './fixtures.js';

describe('service records', () => {
  const p99 = {
    record: 'contextcore:sli_latency_seconds:p99_rate5m',
    expr: 'histogram_quantile(0.99, sum by (le) (rate(app_latency_seconds_bucket{namespace="shop", job="checkout-api"}[5m])))',
    labels: { contextcore_context: 'shop/checkout', contextcore_slo: 'latency', namespace: 'shop', job: 'checkout-api' },
  };
  const info = { record: 'contextcore:context_info', expr: 'vector(1)', labels: { contextcore_context: 'shop/checkout', namespace: 'shop', job: 'checkout-api', criticality: 'high' } };
  const cases: Array<[string, string | undefined, Record<string, string> | undefined, unknown[]]> = [
    ['a histogram gives the P99; business facts an info series without contextcore_slo', 'app_latency_seconds', { criticality: 'high' }, [p99, info]],
    ['no histogram (a custom SLI without one): the info series alone', undefined, { criticality: 'high' }, [info]],
    ['no facts: the P99 alone', 'app_latency_seconds', undefined, [p99]],
    ['neither: nothing', undefined, undefined, []],
  ];
  for (const [name, histogram, facts, expected] of cases) it(name, () => assert.deepEqual(serviceRecords(histogram, facts, SCOPE), expected));
});
