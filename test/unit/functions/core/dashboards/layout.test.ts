import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evenWidths, layOut, type Band } from '../../../../../functions/core/dashboards/layout.js';
import { text } from '../../../../../functions/core/dashboards/panels.js';

const panels = (n: number) => Array.from({ length: n }, (_, i) => text(`p${i}`, ''));

describe('dashboard layout', () => {
  const widths: Array<[string, number, number[]]> = [
    ['one panel takes the whole width', 1, [24]],
    ['three panels share it evenly', 3, [8, 8, 8]],
    ['five panels give the remainder to the leftmost', 5, [5, 5, 5, 5, 4]],
    ['seven panels still fill exactly 24 columns', 7, [4, 4, 4, 3, 3, 3, 3]],
  ];
  for (const [name, count, expected] of widths) it(name, () => assert.deepEqual(evenWidths(count), expected));

  it('ids and positions follow reading order: row header, then bands left to right, top to bottom', () => {
    const out = layOut([
      { title: 'first', bands: [{ height: 4, panels: panels(2) }, { height: 8, panels: panels(1) }] },
      { title: 'second', bands: [{ height: 3, panels: panels(3), widths: [10, 10, 4] }] },
    ]);
    assert.deepEqual(
      out.map((p) => [p.id, p.type, p.gridPos]),
      [
        [1, 'row', { x: 0, y: 0, w: 24, h: 1 }],
        [2, 'text', { x: 0, y: 1, w: 12, h: 4 }],
        [3, 'text', { x: 12, y: 1, w: 12, h: 4 }],
        [4, 'text', { x: 0, y: 5, w: 24, h: 8 }],
        [5, 'row', { x: 0, y: 13, w: 24, h: 1 }],
        [6, 'text', { x: 0, y: 14, w: 10, h: 3 }],
        [7, 'text', { x: 10, y: 14, w: 10, h: 3 }],
        [8, 'text', { x: 20, y: 14, w: 4, h: 3 }],
      ],
    );
  });

  const bad: Array<[string, Band, RegExp]> = [
    ['a band wider than the grid is a bug, not a layout', { height: 4, panels: panels(2), widths: [20, 8] }, /wider than 24/],
    ['a width for each panel is required', { height: 4, panels: panels(2), widths: [12] }, /2 panels but 1 widths/],
  ];
  for (const [name, band, message] of bad) it(name, () => assert.throws(() => layOut([{ bands: [band] }]), message));
});
