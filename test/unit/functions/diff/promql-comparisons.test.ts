import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparisons, numbers } from '../../../../functions/diff/promql-comparisons.js';

describe('diff: PromQL comparisons', () => {
  const cases: Array<[string, string, ReturnType<typeof comparisons>]> = [
    [
      'a burn-rate clause gives each window with its burn factor and budget',
      '(\n  a:ratio_rate5m{x="1"} > (14.4 * 0.001)\n  and\n  a:ratio_rate1h{x="1"} > (14.4 * 0.001)\n)',
      [
        { left: 'a:ratio_rate5m', op: '>', factors: [14.4, 0.001] },
        { left: 'a:ratio_rate1h', op: '>', factors: [14.4, 0.001] },
      ],
    ],
    ['a latency alert compares a quantile with seconds', 'histogram_quantile(0.99, sum by (le) (rate(h_bucket{job="a"}[5m]))) > 0.25', [{ left: 'histogram_quantile', op: '>', factors: [0.25] }]],
    [
      'a baseline comparison names the metric it multiplies',
      'r5m{a="b"} > 3 * r1d{a="b"}\nand\nr5m{a="b"} > 0.05',
      [
        { left: 'r5m', op: '>', factors: [3], rightMetric: 'r1d' },
        { left: 'r5m', op: '>', factors: [0.05] },
      ],
    ],
    ['an expression without a comparison has none', 'sum(rate(x[5m]))', []],
    ['a comparison of two metrics without a number is not a threshold', 'a > b', []],
  ];
  for (const [name, expr, expected] of cases) it(name, () => assert.deepEqual(comparisons(expr), expected));

  it('number literals are read from a recording rule', () => assert.deepEqual(numbers('vector(0.9995)'), [0.9995]));
});
