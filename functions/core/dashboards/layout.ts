// Grid layout: a dashboard is a list of sections (a row header and bands of panels); a band is
// one line of panels of equal height. Ids and positions are assigned in reading order, so the
// same input always gives the same ids.

import type { Panel, RowPanel } from './schema.js';
import type { Draft } from './panels.js';

/** Grafana's grid is 24 columns wide; at 1920 px a column is 80 px. */
export const GRID_COLUMNS = 24;

export interface Band {
  height: number;
  panels: readonly Draft[];
  /** Column widths; by default the band is shared out evenly (the leftmost get the remainder). */
  widths?: readonly number[];
}

export interface Section {
  /** Row header; none for a section at the top. */
  title?: string;
  bands: readonly Band[];
}

/** Even shares of the grid: 5 panels → 5, 5, 5, 5, 4. */
export function evenWidths(count: number, total = GRID_COLUMNS): number[] {
  const base = Math.floor(total / count);
  return Array.from({ length: count }, (_, n) => base + (n < total % count ? 1 : 0));
}

export function layOut(sections: readonly Section[]): Array<Panel | RowPanel> {
  const out: Array<Panel | RowPanel> = [];
  let id = 0;
  let y = 0;
  for (const section of sections) {
    if (section.title !== undefined) {
      out.push({ type: 'row', id: ++id, title: section.title, collapsed: false, panels: [], gridPos: { x: 0, y, w: GRID_COLUMNS, h: 1 } });
      y += 1;
    }
    for (const band of section.bands) {
      const widths = band.widths ?? evenWidths(band.panels.length);
      if (widths.length !== band.panels.length) throw new Error(`layout: ${band.panels.length} panels but ${widths.length} widths`);
      if (widths.reduce((a, b) => a + b, 0) > GRID_COLUMNS) throw new Error(`layout: band wider than ${GRID_COLUMNS} columns`);
      let x = 0;
      band.panels.forEach((draft, n) => {
        const w = widths[n]!;
        out.push({ id: ++id, gridPos: { x, y, w, h: band.height }, ...draft } as Panel);
        x += w;
      });
      y += band.height;
    }
  }
  return out;
}
