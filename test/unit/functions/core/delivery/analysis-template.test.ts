import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analysisMetrics, failureBurnRate } from '../../../../../functions/core/delivery/analysis-template.js';
import { sloWindows } from '../../../../../functions/core/slo/windows.js';

describe('canary analysis bounds by SLO period', () => {
  const cases: Array<[string, string, number, number]> = [
    // [name, period, the fastest page tier's factor, the failure bound of a 99.9% objective]
    ['30d fails a canary above 14.4x the budget, the 1h/5m page tier', '30d', 14.4, 0.0144],
    ['28d above 13.44x, its own 1h/5m page tier', '28d', 13.44, 0.01344],
    ["7d above 13.44x, the raised shares' 1h/5m page tier", '7d', 13.44, 0.01344],
  ];
  for (const [name, period, factor, failure] of cases) {
    it(name, () => {
      const slo = sloWindows(period);
      assert.equal(failureBurnRate(slo), factor);
      const [m] = analysisMetrics({ sli: { preset: 'otel' }, namespace: 'n', job: 'j', prometheusUrl: 'http://p', slo, availability: { percent: '99.9', budgetRatio: 0.001 } });
      assert.deepEqual([m!.success, m!.failure], [0.001, failure]);
      assert.match(m!.words, new RegExp(`failed above ${failure * 100}% \\(burn rate ${factor}, the fastest page tier\\)`));
    });
  }
});
