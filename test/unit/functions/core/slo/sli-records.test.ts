import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sliRecords } from '../../../../../functions/core/slo/sli-records.js';
import { SYNTHETIC_SLO } from './fixtures.js';

describe('SLI records', () => {
  const labels = { contextcore_slo: 'availability' };
  const cases: Array<[string, string[], Array<{ record: string; expr: string }>]> = [
    ['one record per window it is given, named after the window, its SLI over that window', ['11m', '12m'], [
      { record: 'contextcore:sli_error:ratio_rate11m', expr: 'bad_ratio[11m]' },
      { record: 'contextcore:sli_error:ratio_rate12m', expr: 'bad_ratio[12m]' },
    ]],
    ['no window, no record', [], []],
  ];
  for (const [name, windows, expected] of cases) {
    it(name, () => assert.deepEqual(sliRecords(SYNTHETIC_SLO, windows, labels), expected.map((r) => ({ ...r, labels }))));
  }
});
