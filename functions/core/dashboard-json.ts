// The Grafana dashboard of one context (DESIGN §5.5). Datasources are template variables, never
// hard-coded uids; every series is a record of the generated rules or a metric of the SLI preset.

import { DASHBOARD_TAG, PROM_LABELS, RECORD, SPAN_ATTR } from './conventions.js';
import { formatNumber } from './numbers.js';
import { matchersText, selector, type Matcher } from './promql.js';
import { latencyHistogramOf, type SliSource } from './slo-rules.js';
import { BURN_RATE_WINDOWS, SLO_PERIOD } from './tables/burn-rate-windows.js';
import { SLI_PRESETS } from './tables/sli-presets.js';
import { expandPlaceholders } from './validate/project-context.js';

/** Grafana dashboard JSON schema version the JSON is written for (Grafana 10.4 – 11). */
export const DASHBOARD_SCHEMA_VERSION = 39;

type Obj = Record<string, any>;

export interface DashboardInput {
  uid: string;
  title: string;
  /** `<ns>/<name>` */
  context: string;
  contextName: string;
  namespace: string;
  /** Jobs of the measured services (the $service variable). */
  jobs: string[];
  sli: SliSource;
  objectiveRatio: number;
  errorBudgetRatio: number;
  availability: string;
  latency?: { seconds: number; text: string };
  tags: string[];
  /** Markdown of the context panel. */
  contextMarkdown: string;
}

const PROM_DS = { type: 'prometheus', uid: '${datasource}' };
const TEMPO_DS = { type: 'tempo', uid: '${tempo}' };

function recordSel(i: DashboardInput): string {
  return matchersText([
    { name: PROM_LABELS.context, op: '=', value: i.context },
    { name: 'namespace', op: '=', value: i.namespace },
    { name: 'job', op: '=', value: '$service' },
  ]);
}

const serviceMatchers = (i: DashboardInput): Matcher[] => [
  { name: 'namespace', op: '=', value: i.namespace },
  { name: 'job', op: '=', value: '$service' },
];

const target = (expr: string, legendFormat: string, refId: string) => ({ datasource: PROM_DS, expr, legendFormat, refId, range: true });

function stat(id: number, title: string, description: string, gridPos: Obj, expr: string, unit: string, steps: Obj[], decimals?: number): Obj {
  return {
    id,
    type: 'stat',
    title,
    description,
    datasource: PROM_DS,
    gridPos,
    targets: [{ ...target(expr, title, 'A'), instant: true, range: false }],
    fieldConfig: { defaults: { unit, ...(decimals !== undefined ? { decimals } : {}), thresholds: { mode: 'absolute', steps }, color: { mode: 'thresholds' } }, overrides: [] },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none', textMode: 'value', justifyMode: 'center', orientation: 'auto' },
  };
}

function timeseries(id: number, title: string, description: string, gridPos: Obj, targets: Obj[], unit: string, thresholdLines?: Obj[]): Obj {
  const defaults: Obj = { unit, custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: true } };
  if (thresholdLines) {
    defaults.thresholds = { mode: 'absolute', steps: [{ color: 'green', value: null }, ...thresholdLines] };
    defaults.custom.thresholdsStyle = { mode: 'line+area' };
  }
  return {
    id,
    type: 'timeseries',
    title,
    description,
    datasource: PROM_DS,
    gridPos,
    targets,
    fieldConfig: { defaults, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
  };
}

function requestRateExpr(i: DashboardInput): string {
  if (i.sli.preset === 'custom' && i.sli.custom) return `sum((${expandPlaceholders(i.sli.custom.totalQuery, '5m', matchersText(serviceMatchers(i)))}))`;
  const p = SLI_PRESETS[i.sli.preset as 'otel' | 'prometheus'];
  return `sum(rate(${selector(p.requests, serviceMatchers(i))}[5m]))`;
}

/** TraceQL for the plan traces the PostSync hook emits for this context. */
export function planTraceQuery(namespace: string, name: string): string {
  return `{ span.${SPAN_ATTR.taskType} = "epic" && span.${SPAN_ATTR.contextNamespace} = "${namespace}" && span.${SPAN_ATTR.contextName} = "${name}" }`;
}

export function buildDashboard(i: DashboardInput): Obj {
  const sel = recordSel(i);
  const budget = formatNumber(i.errorBudgetRatio);
  const objective = i.objectiveRatio;
  const panels: Obj[] = [];
  let id = 0;
  const next = () => ++id;

  panels.push(
    stat(next(), `SLO attainment (${SLO_PERIOD})`, `Share of successful requests over ${SLO_PERIOD}; the objective is ${i.availability}%.`, { x: 0, y: 0, w: 6, h: 4 }, `1 - ${RECORD.errorRatio(SLO_PERIOD)}{${sel}}`, 'percentunit', [{ color: 'red', value: null }, { color: 'green', value: objective }], 3),
    stat(next(), 'Objective', 'Availability objective of the ProjectContext.', { x: 6, y: 0, w: 4, h: 4 }, `${RECORD.objective}{${sel}}`, 'percentunit', [{ color: 'blue', value: null }], 3),
    stat(next(), `Error budget remaining (${SLO_PERIOD})`, `Share of the ${formatNumber(i.errorBudgetRatio * 100)}% error budget left in the ${SLO_PERIOD} period.`, { x: 10, y: 0, w: 5, h: 4 }, `${RECORD.errorBudgetRemaining}{${sel}}`, 'percentunit', [{ color: 'red', value: null }, { color: 'orange', value: 0.25 }, { color: 'green', value: 0.5 }], 1),
    stat(next(), 'Burn rate (5m)', 'How fast the error budget is being spent now; 1 spends it exactly over the period.', { x: 15, y: 0, w: 4, h: 4 }, `${RECORD.currentBurnRate}{${sel}}`, 'none', [{ color: 'green', value: null }, { color: 'orange', value: 1 }, { color: 'red', value: 6 }], 2),
  );
  if (i.latency) {
    panels.push(stat(next(), 'P99 latency target', 'Latency objective of the ProjectContext.', { x: 19, y: 0, w: 5, h: 4 }, `${RECORD.latencyTarget}{${matchersText([{ name: PROM_LABELS.context, op: '=', value: i.context }, { name: 'namespace', op: '=', value: i.namespace }, { name: 'job', op: '=', value: '$service' }])}}`, 's', [{ color: 'blue', value: null }]));
  }

  const pageRates = [...new Set(BURN_RATE_WINDOWS.map((w) => w.burnRate))].sort((a, b) => a - b);
  panels.push(
    timeseries(
      next(),
      'Burn rate by window',
      'Error ratio of each alert window divided by the error budget; the lines mark the burn rates that alert.',
      { x: 0, y: 4, w: 12, h: 8 },
      BURN_RATE_WINDOWS.flatMap((w) => [w.long]).map((w, n) => target(`${RECORD.errorRatio(w)}{${sel}} / ${budget}`, w, String.fromCharCode(65 + n))),
      'none',
      pageRates.map((r, n) => ({ color: ['yellow', 'orange', 'red', 'dark-red'][n] ?? 'red', value: r })),
    ),
    timeseries(next(), `Error budget remaining (${SLO_PERIOD})`, 'Error budget left over the rolling period.', { x: 12, y: 4, w: 12, h: 8 }, [target(`${RECORD.errorBudgetRemaining}{${sel}}`, 'remaining', 'A')], 'percentunit', [{ color: 'red', value: 0 }]),
    timeseries(next(), 'Request rate', 'Requests per second.', { x: 0, y: 12, w: 8, h: 8 }, [target(requestRateExpr(i), 'requests/s', 'A')], 'reqps'),
    timeseries(
      next(),
      'Error ratio',
      'Share of failed requests over 5m, against the error budget.',
      { x: 8, y: 12, w: 8, h: 8 },
      [target(`${RECORD.errorRatio('5m')}{${sel}}`, 'errors (5m)', 'A'), target(`${RECORD.errorBudget}{${sel}}`, 'error budget', 'B')],
      'percentunit',
    ),
  );
  const histogram = latencyHistogramOf(i.sli);
  if (histogram) {
    panels.push(
      timeseries(
        next(),
        'Latency p50 / p90 / p99',
        i.latency ? `Request latency quantiles; the line marks the ${i.latency.text} P99 target.` : 'Request latency quantiles.',
        { x: 16, y: 12, w: 8, h: 8 },
        [0.5, 0.9, 0.99].map((q, n) => {
          const m = serviceMatchers(i);
          return target(`histogram_quantile(${q}, sum by (le) (rate(${selector(`${histogram}_bucket`, m)}[5m])))`, `p${Math.round(q * 100)}`, String.fromCharCode(65 + n));
        }),
        's',
        i.latency ? [{ color: 'red', value: i.latency.seconds }] : undefined,
      ),
    );
  }
  panels.push(
    { id: next(), type: 'text', title: 'Context', gridPos: { x: 0, y: 20, w: 12, h: 10 }, options: { mode: 'markdown', content: i.contextMarkdown } },
    {
      id: next(),
      type: 'table',
      title: 'Plan traces (PostSync verification)',
      description: 'Epic spans the ContextCore PostSync hook emitted for this context; open one to see every planned artifact and whether it exists.',
      datasource: TEMPO_DS,
      gridPos: { x: 12, y: 20, w: 12, h: 10 },
      targets: [{ datasource: TEMPO_DS, queryType: 'traceql', query: planTraceQuery(i.namespace, i.contextName), limit: 20, tableType: 'traces', refId: 'A' }],
      fieldConfig: { defaults: {}, overrides: [] },
      options: { showHeader: true },
    },
  );

  return {
    uid: i.uid,
    title: i.title,
    description: `Generated by ContextCore from ProjectContext ${i.context}. Do not edit in Grafana: change the ProjectContext.`,
    tags: i.tags,
    editable: false,
    graphTooltip: 1,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    timezone: 'browser',
    links: [{ title: 'ContextCore dashboards', type: 'dashboards', tags: [DASHBOARD_TAG], asDropdown: true, includeVars: false, keepTime: true, icon: 'external link', targetBlank: false, tooltip: '', url: '' }],
    annotations: { list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }] },
    templating: {
      list: [
        { name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', regex: '', current: {}, hide: 0, refresh: 1, includeAll: false, multi: false, options: [] },
        { name: 'tempo', label: 'Tempo', type: 'datasource', query: 'tempo', regex: '', current: {}, hide: 0, refresh: 1, includeAll: false, multi: false, options: [] },
        {
          name: 'service',
          label: 'Service',
          type: 'custom',
          query: i.jobs.join(','),
          current: { selected: true, text: i.jobs[0], value: i.jobs[0] },
          options: i.jobs.map((j, n) => ({ selected: n === 0, text: j, value: j })),
          hide: i.jobs.length > 1 ? 0 : 2,
          includeAll: false,
          multi: false,
        },
      ],
    },
    panels,
  };
}
