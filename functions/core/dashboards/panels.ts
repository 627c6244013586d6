// Typed panel and query constructors: each returns a panel of the Grafana JSON model (schema.ts)
// without id and position, which the layout assigns. Datasources are always the dashboard's
// template variables, never uids of a particular Grafana.

import { DASHBOARD_VAR } from '../conventions/index.js';
import type {
  BarGaugePanel,
  DataSourceRef,
  FieldOverride,
  Panel,
  PrometheusQuery,
  StatPanel,
  TablePanel,
  TempoQuery,
  TextPanel,
  ThresholdsConfig,
  TimeseriesPanel,
  Transformation,
  ValueMapping,
} from './schema.js';

export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: `\${${DASHBOARD_VAR.prometheus}}` };
export const TEMPO: DataSourceRef = { type: 'tempo', uid: `\${${DASHBOARD_VAR.tempo}}` };

/** A panel before layout: everything but its id and grid position. */
export type Draft<P = Panel> = P extends Panel ? Omit<P, 'id' | 'gridPos'> : never;

export interface Step {
  color: string;
  /** Lower bound of the step; the first step has none. */
  from?: number;
}

export function thresholds(steps: readonly Step[]): ThresholdsConfig {
  return { mode: 'absolute', steps: steps.map((s, n) => ({ color: s.color, value: n === 0 ? null : (s.from ?? null) })) };
}

/** refId of the n-th query of a panel: A, B, C... */
export const refId = (n: number) => String.fromCharCode(65 + n);

export interface PromOptions {
  legend?: string;
  /** One value at the end of the range (stats, tables) instead of a series. */
  instant?: boolean;
  table?: boolean;
}

export function promQuery(expr: string, n: number, o: PromOptions = {}): PrometheusQuery {
  return {
    datasource: PROMETHEUS,
    refId: refId(n),
    expr,
    ...(o.legend !== undefined ? { legendFormat: o.legend } : {}),
    ...(o.instant ? { instant: true, range: false } : { instant: false, range: true }),
    ...(o.table ? { format: 'table' } : {}),
    editorMode: 'code',
  };
}

export interface TempoOptions {
  /** Search results as traces, or as one row per matching span (with selected attributes). */
  table?: 'traces' | 'spans';
  limit?: number;
  /** A TraceQL metrics query (`| count_over_time() ...`), evaluated over the time range. */
  metrics?: boolean;
}

export function tempoQuery(query: string, n: number, o: TempoOptions = {}): TempoQuery {
  return {
    datasource: TEMPO,
    refId: refId(n),
    queryType: 'traceql',
    query,
    filters: [],
    ...(o.metrics ? { metricsQueryType: 'range' } : { limit: o.limit ?? 20, tableType: o.table ?? 'traces' }),
  };
}

interface Common {
  title: string;
  description: string;
}

export interface StatSpec extends Common {
  expr: string;
  unit: string;
  steps: readonly Step[];
  decimals?: number;
}

export function stat(s: StatSpec): Draft<StatPanel> {
  return {
    type: 'stat',
    title: s.title,
    description: s.description,
    datasource: PROMETHEUS,
    targets: [promQuery(s.expr, 0, { legend: s.title, instant: true })],
    fieldConfig: {
      defaults: { unit: s.unit, ...(s.decimals !== undefined ? { decimals: s.decimals } : {}), thresholds: thresholds(s.steps), color: { mode: 'thresholds' } },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'none',
      textMode: 'value',
      justifyMode: 'center',
      orientation: 'auto',
      wideLayout: true,
      showPercentChange: false,
      percentChangeColorMode: 'standard',
    },
  };
}

export interface TimeseriesSpec extends Common {
  targets: Array<PrometheusQuery | TempoQuery>;
  unit: string;
  decimals?: number;
  /** Dashed horizontal lines at these values (targets, alerting burn rates). */
  lines?: readonly Step[];
  /** Stacked bars instead of lines, for counts. */
  bars?: boolean;
  datasource?: DataSourceRef;
}

export function timeseries(s: TimeseriesSpec): Draft<TimeseriesPanel> {
  const custom: NonNullable<TimeseriesPanel['fieldConfig']['defaults']['custom']> = s.bars
    ? { drawStyle: 'bars', fillOpacity: 80, lineWidth: 1, showPoints: 'never', stacking: { mode: 'normal', group: 'A' } }
    : { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: true };
  if (s.lines) custom.thresholdsStyle = { mode: 'dashed' };
  return {
    type: 'timeseries',
    title: s.title,
    description: s.description,
    datasource: s.datasource ?? PROMETHEUS,
    targets: s.targets,
    fieldConfig: {
      defaults: {
        unit: s.unit,
        ...(s.decimals !== undefined ? { decimals: s.decimals } : {}),
        ...(s.lines ? { thresholds: thresholds([{ color: 'transparent' }, ...s.lines]) } : {}),
        color: { mode: 'palette-classic' },
        custom,
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };
}

export interface TableSpec extends Common {
  targets: Array<PrometheusQuery | TempoQuery>;
  datasource: DataSourceRef;
  transformations?: Transformation[];
  overrides?: FieldOverride[];
  sortBy?: { column: string; desc: boolean };
}

export function table(s: TableSpec): Draft<TablePanel> {
  return {
    type: 'table',
    title: s.title,
    description: s.description,
    datasource: s.datasource,
    targets: s.targets,
    ...(s.transformations ? { transformations: s.transformations } : {}),
    fieldConfig: { defaults: { custom: { align: 'auto', inspect: false, filterable: true } }, overrides: s.overrides ?? [] },
    options: {
      frameIndex: 0,
      showHeader: true,
      cellHeight: 'sm',
      ...(s.sortBy ? { sortBy: [{ displayName: s.sortBy.column, desc: s.sortBy.desc }] } : {}),
    },
  };
}

export interface BarGaugeSpec extends Common {
  expr: string;
  legend: string;
  unit: string;
  steps: readonly Step[];
  min: number;
  max: number;
}

/** Horizontal bars, one per series of an instant query. */
export function barGauge(s: BarGaugeSpec): Draft<BarGaugePanel> {
  return {
    type: 'bargauge',
    title: s.title,
    description: s.description,
    datasource: PROMETHEUS,
    targets: [promQuery(s.expr, 0, { legend: s.legend, instant: true })],
    fieldConfig: { defaults: { unit: s.unit, min: s.min, max: s.max, thresholds: thresholds(s.steps), color: { mode: 'thresholds' } }, overrides: [] },
    options: {
      displayMode: 'gradient',
      valueMode: 'color',
      namePlacement: 'auto',
      showUnfilled: true,
      sizing: 'auto',
      minVizWidth: 8,
      minVizHeight: 16,
      maxVizHeight: 300,
      legend: { displayMode: 'list', placement: 'bottom', showLegend: false, calcs: [] },
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      orientation: 'horizontal',
    },
  };
}

export function text(title: string, markdown: string): Draft<TextPanel> {
  return { type: 'text', title, options: { mode: 'markdown', content: markdown } };
}

/** Field override: by display name, set properties (unit, links, hidden, ...). */
export function override(field: string, properties: Record<string, unknown>): FieldOverride {
  return { matcher: { id: 'byName', options: field }, properties: Object.entries(properties).map(([id, value]) => ({ id, value })) };
}

/** Value → colour mappings, e.g. criticality levels. */
export function colours(map: Readonly<Record<string, string>>): ValueMapping[] {
  return [{ type: 'value', options: Object.fromEntries(Object.entries(map).map(([value, color], index) => [value, { color, index }])) }];
}
