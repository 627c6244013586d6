import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authAnomalyRules } from '../../../../../functions/core/slo/auth-rules.js';
import { SCOPE } from './fixtures.js';

describe('auth-anomaly rules', () => {
  const tuning = { shortWindow: '11m', baselineWindow: '12m', factor: 13, minRatio: 0.14, for: '15m', statusCodes: ['401', '403'] };
  const sel = '{contextcore_context="shop/checkout", namespace="shop", job="checkout-api"}';
  const labels = { contextcore_context: 'shop/checkout', contextcore_slo: 'auth', namespace: 'shop', job: 'checkout-api' };
  const ratio = (metric: string, code: string, w: string) => `(sum(rate(${metric}{namespace="shop", job="checkout-api", ${code}=~"401|403"}[${w}])) or vector(0))\n/\nsum(rate(${metric}{namespace="shop", job="checkout-api"}[${w}]))`;

  const presets: Array<[string, 'otel' | 'prometheus', string, string]> = [
    ['an otel SLI counts 401 and 403 by http_response_status_code', 'otel', 'http_server_request_duration_seconds_count', 'http_response_status_code'],
    ['a prometheus SLI counts them by code', 'prometheus', 'http_requests_total', 'code'],
  ];
  for (const [name, preset, metric, code] of presets) {
    it(`${name}: the share over the short window and over the baseline, recorded before the alert`, () => {
      const rules = authAnomalyRules(preset, SCOPE, tuning);
      assert.deepEqual(rules.slice(0, 2), [
        { record: 'contextcore:sli_auth_failure:ratio_rate11m', expr: ratio(metric, code, '11m'), labels },
        { record: 'contextcore:sli_auth_failure:ratio_rate12m', expr: ratio(metric, code, '12m'), labels },
      ]);
    });
  }

  it('the alert: the short share above the factor times the baseline and above the minimum, for its time, a ticket', () => {
    assert.deepEqual(authAnomalyRules('otel', SCOPE, tuning)[2], {
      alert: 'ContextCoreAuthFailureAnomaly',
      expr: `contextcore:sli_auth_failure:ratio_rate11m${sel} > 13 * contextcore:sli_auth_failure:ratio_rate12m${sel}\nand\ncontextcore:sli_auth_failure:ratio_rate11m${sel} > 0.14`,
      for: '15m',
      labels: { contextcore_slo: 'auth', priority: 'P2', contextcore_context: 'shop/checkout', severity: 'warning', contextcore_alert_class: 'ticket' },
      annotations: {
        summary: 'Unusual share of 401/403 responses from checkout-api in shop',
        description: '{{ $value | humanizePercentage }} of requests over 11m were rejected with 401/403, more than 13x the 12m baseline and above 14%. The context lists a security risk: check for credential stuffing or a broken auth dependency.',
        owner: 'shop-team',
      },
    });
  });
});
