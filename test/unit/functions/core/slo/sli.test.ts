import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchersText } from '../../../../../functions/core/promql/syntax.js';
import type { SliSource } from '../../../../../functions/core/slo/model.js';
import { recordMatchers, requestRate } from '../../../../../functions/core/slo/sli.js';

describe('SLIs as PromQL', () => {
  const custom: SliSource = { preset: 'custom', custom: { errorQuery: 'rate(errs{ {{selector}} }[{{window}}])', totalQuery: 'rate(reqs{ {{selector}} }[{{window}}])' } };
  const rates: Array<[string, SliSource, boolean, string]> = [
    ['an otel request rate counts every response of the service', { preset: 'otel' }, false, 'sum(rate(http_server_request_duration_seconds_count{namespace="shop", job="checkout-api"}[5m]))'],
    ['an otel error rate counts 5xx responses', { preset: 'otel' }, true, 'sum(rate(http_server_request_duration_seconds_count{namespace="shop", job="checkout-api", http_response_status_code=~"5.."}[5m]))'],
    ['a prometheus error rate uses the code label', { preset: 'prometheus' }, true, 'sum(rate(http_requests_total{namespace="shop", job="checkout-api", code=~"5.."}[5m]))'],
    ['a custom request rate is the total query, summed', custom, false, 'sum((rate(reqs{ namespace="shop", job="checkout-api" }[5m])))'],
    ['a custom error rate is the error query, summed', custom, true, 'sum((rate(errs{ namespace="shop", job="checkout-api" }[5m])))'],
  ];
  for (const [name, sli, errors, expected] of rates) {
    it(`${name} (the query the dashboards plot and the rules divide)`, () => assert.equal(requestRate(sli, { namespace: 'shop', job: 'checkout-api' }, '5m', errors), expected));
  }

  it('records are selected by context, namespace and job, and by SLO when one is named', () => {
    assert.equal(matchersText(recordMatchers('shop/checkout', { namespace: 'shop', job: 'checkout-api' })), 'contextcore_context="shop/checkout", namespace="shop", job="checkout-api"');
    assert.equal(matchersText(recordMatchers('shop/checkout', { namespace: 'shop', job: 'checkout-api' }, 'latency')), 'contextcore_context="shop/checkout", contextcore_slo="latency", namespace="shop", job="checkout-api"');
  });
});
