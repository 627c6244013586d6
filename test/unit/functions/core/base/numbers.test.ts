import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareDurations, durationSeconds, formatDuration, formatNumber, formatPercent, formatPercentRounded, percentToRatio } from '../../../../../functions/core/base/numbers.js';

describe('numbers', () => {
  const formats: Array<[string, number, string]> = [
    ['a budget computed from 99.9 prints without float noise', 1 - 0.999, '0.001'],
    ['a burn threshold prints as a short decimal', 14.4 * 0.001, '0.0144'],
    ['a whole number prints without a fraction', 1.0, '1'],
    ['a tiny ratio prints in fixed notation', 1e-7, '0.0000001'],
    ['negative zero prints as zero', -0, '0'],
  ];
  for (const [name, value, text] of formats) it(name, () => assert.equal(formatNumber(value), text));

  const percents: Array<[string, string, string]> = [
    ['a budget as a percentage keeps its digits', formatPercent(1 - 0.9995), '0.05%'],
    ['a percentage for people keeps one decimal', formatPercentRounded(2 / 3), '66.7%'],
    ['a whole percentage for people has no fraction', formatPercentRounded(0.5), '50%'],
    ['a burn rate below 1 is the share of the budget it spends', formatPercentRounded(0.933333333333), '93.3%'],
    ['a ratio above 1 is above 100%', formatPercentRounded(1.5), '150%'],
  ];
  for (const [name, made, text] of percents) it(name, () => assert.equal(made, text));

  it('a percentage becomes a ratio without float noise', () => {
    assert.equal(percentToRatio('99.95'), 0.9995);
    assert.equal(percentToRatio('99.9'), 0.999);
  });

  const durations: Array<[string, string, number | undefined]> = [
    ['milliseconds are fractions of a second', '200ms', 0.2],
    ['decimal seconds are read', '1.5s', 1.5],
    ['compound durations add up', '1m30s', 90],
    ['hours are read', '2h', 7200],
    ['text that is not a duration is refused', '10 seconds', undefined],
    ['an empty string is refused', '', undefined],
  ];
  for (const [name, text, seconds] of durations) it(name, () => assert.equal(durationSeconds(text), seconds));

  it('seconds format as the shortest duration', () => {
    assert.equal(formatDuration(90), '1m30s');
    assert.equal(formatDuration(0.2), '200ms');
    assert.equal(formatDuration(86400), '1d');
  });

  const orders: Array<[string, string[], string[]]> = [
    ['durations sort by their length, not their text', ['2d', '90m', '1h', '36h', '5m'], ['5m', '1h', '90m', '36h', '2d']],
    ['equal lengths sort by their text, so the order does not depend on the input', ['1h', '60m', '3600s'], ['1h', '3600s', '60m']],
    ['what is not a duration counts as zero', ['1h', 'soon'], ['soon', '1h']],
  ];
  for (const [name, input, expected] of orders) it(name, () => assert.deepEqual([...input].sort(compareDurations), expected));
});
