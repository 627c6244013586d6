// The dashboard of one context (DESIGN §5.5): a section per measured service (SLO attainment vs
// objective, error budget, burn rates, traffic, errors, latency against the target), then the
// context and its plan traces. Every series is a record of the generated rules or a metric of
// the SLI preset; datasources are template variables.

import { DASHBOARD_UID_PLAN, DASHBOARD_UID_PORTFOLIO, DASHBOARD_VAR, RECORD, SPAN_ATTR } from '../conventions.js';
import { formatNumber } from '../numbers.js';
import { selector } from '../promql.js';
import { latencyHistogramOf, latencyQuantileExpr, recordMatchers, requestRate, serviceMatchers, type ServiceRef, type SliSource } from '../slo-rules.js';
import { ALERTING_BURN_RATES, BURN_RATE_WINDOWS, CURRENT_BURN_RATE_WINDOW, SLO_PERIOD } from '../tables/burn-rate-windows.js';
import { LATENCY_RATE_WINDOW } from '../tables/derivation.js';
import { dashboard, datasourceVariable, taggedLink, urlLink } from './dashboard.js';
import type { Band, Section } from './layout.js';
import { promQuery, stat, text, timeseries, type Draft, type Step } from './panels.js';
import { missingArtifactsTable, planTracesTable } from './plan-panels.js';
import type { Dashboard, DashboardLink } from './schema.js';
import { BUDGET_REMAINING_STEPS, BURN_RATE_STEPS } from './slo-scales.js';
import { contextConditions } from './traceql.js';

export type MeasuredService = ServiceRef;

export interface ContextDashboardInput {
  uid: string;
  title: string;
  /** `<ns>/<name>` */
  context: string;
  contextName: string;
  contextNamespace: string;
  /** Services with generated SLO rules, in order. */
  services: readonly MeasuredService[];
  sli: SliSource;
  objectiveRatio: number;
  errorBudgetRatio: number;
  /** Objective in percent ("99.95"). */
  availability: string;
  latency?: { seconds: number; text: string };
  tags: readonly string[];
  /** Markdown of the context panel. */
  contextMarkdown: string;
  /** Documents to open from the dashboard header (runbook, design doc, ADR): http(s) URLs only. */
  documents: ReadonlyArray<{ title: string; url: string }>;
}

/**
 * Window of the rate() in the traffic panels: the latency alert's, which the P99 panels use too,
 * so that every rate in a section is over the same window.
 */
const RATE_WINDOW = LATENCY_RATE_WINDOW;
/** Windows of the error-ratio panel: now, and the long window of the fastest page alert. */
const ERROR_RATIO_PANEL_WINDOWS = [CURRENT_BURN_RATE_WINDOW, '1h'] as const;
const QUANTILES = [0.5, 0.9, 0.99] as const;
const BURN_LINE_COLOURS = ['yellow', 'orange', 'red', 'dark-red'];

/** `<record>{contextcore_context=..., namespace=..., job=...}`: the series the rules record for this service. */
const recordOf = (i: ContextDashboardInput, s: MeasuredService, record: string): string => selector(record, recordMatchers(i.context, s));

const regexEscape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** URL of the plan dashboard narrowed to one context. */
export function planDashboardUrl(namespace: string, name: string): string {
  const param = (variable: string, value: string) => `var-${variable}=${encodeURIComponent(regexEscape(value))}`;
  return `/d/${DASHBOARD_UID_PLAN}?${param(DASHBOARD_VAR.namespace, namespace)}&${param(DASHBOARD_VAR.context, name)}`;
}

function serviceSection(i: ContextDashboardInput, s: MeasuredService): Section {
  const rec = (record: string) => recordOf(i, s, record);
  const budgetPct = formatNumber(i.errorBudgetRatio * 100);
  const histogram = latencyHistogramOf(i.sli);
  const p99 = histogram ? latencyQuantileExpr(histogram, serviceMatchers(s), 0.99) : undefined;
  const latencySteps: Step[] = i.latency ? [{ color: 'green' }, { color: 'red', from: i.latency.seconds }] : [{ color: 'blue' }];

  const stats: Draft[] = [
    stat({
      title: `SLO attainment (${SLO_PERIOD})`,
      description: `Share of successful requests over ${SLO_PERIOD}; green when it meets the ${i.availability}% objective.`,
      expr: `1 - ${rec(RECORD.errorRatio(SLO_PERIOD))}`,
      unit: 'percentunit',
      decimals: 3,
      steps: [{ color: 'red' }, { color: 'green', from: i.objectiveRatio }],
    }),
    stat({ title: 'Objective', description: 'Availability objective of the ProjectContext.', expr: rec(RECORD.objective), unit: 'percentunit', decimals: 3, steps: [{ color: 'blue' }] }),
    stat({
      title: 'Error budget remaining',
      description: `Share of the ${budgetPct}% error budget left in the rolling ${SLO_PERIOD} period.`,
      expr: rec(RECORD.errorBudgetRemaining),
      unit: 'percentunit',
      decimals: 1,
      steps: BUDGET_REMAINING_STEPS,
    }),
    stat({
      title: `Burn rate (${CURRENT_BURN_RATE_WINDOW})`,
      description: 'How fast the error budget is being spent now; 1 spends it exactly over the period.',
      expr: rec(RECORD.currentBurnRate),
      unit: 'none',
      decimals: 2,
      steps: BURN_RATE_STEPS,
    }),
    stat({ title: 'Requests per second', description: `Request rate over ${RATE_WINDOW}.`, expr: requestRate(i.sli, s, RATE_WINDOW), unit: 'reqps', decimals: 1, steps: [{ color: 'blue' }] }),
  ];
  if (p99) {
    stats.push(
      stat({
        title: 'P99 latency',
        description: i.latency ? `99th percentile over ${LATENCY_RATE_WINDOW}; red above the ${i.latency.text} target.` : `99th percentile over ${LATENCY_RATE_WINDOW} (the context sets no target).`,
        expr: p99,
        unit: 's',
        steps: latencySteps,
      }),
    );
  }

  const longWindows = BURN_RATE_WINDOWS.map((w) => w.long);
  const slo: Draft[] = [
    timeseries({
      title: 'SLO attainment vs objective',
      description: `Successful share of requests over ${SLO_PERIOD} and over 1d, against the objective.`,
      targets: [
        promQuery(`1 - ${rec(RECORD.errorRatio(SLO_PERIOD))}`, 0, { legend: `attainment (${SLO_PERIOD})` }),
        promQuery(`1 - ${rec(RECORD.errorRatio('1d'))}`, 1, { legend: 'attainment (1d)' }),
        promQuery(rec(RECORD.objective), 2, { legend: 'objective' }),
      ],
      unit: 'percentunit',
      decimals: 3,
    }),
    timeseries({
      title: `Error budget remaining (${SLO_PERIOD})`,
      description: 'Error budget left over the rolling period; below the line it is spent.',
      targets: [promQuery(rec(RECORD.errorBudgetRemaining), 0, { legend: 'remaining' })],
      unit: 'percentunit',
      lines: [{ color: 'red', from: 0 }],
    }),
    timeseries({
      title: 'Burn rate by window',
      description: `Error ratio of each alert window divided by the error budget; the lines mark the burn rates that alert (${ALERTING_BURN_RATES.map(formatNumber).join(', ')}).`,
      targets: longWindows.map((w, n) => promQuery(`${rec(RECORD.errorRatio(w))} / ${rec(RECORD.errorBudget)}`, n, { legend: w })),
      unit: 'none',
      lines: ALERTING_BURN_RATES.map((r, n) => ({ color: BURN_LINE_COLOURS[n] ?? 'red', from: r })),
    }),
  ];

  const traffic: Draft[] = [
    timeseries({
      title: 'Request rate',
      description: `Requests and failed requests per second over ${RATE_WINDOW}.`,
      targets: [promQuery(requestRate(i.sli, s, RATE_WINDOW), 0, { legend: 'requests/s' }), promQuery(requestRate(i.sli, s, RATE_WINDOW, true), 1, { legend: 'errors/s' })],
      unit: 'reqps',
    }),
    timeseries({
      title: 'Error ratio',
      description: `Share of failed requests over ${ERROR_RATIO_PANEL_WINDOWS.join(' and ')}, against the error budget.`,
      targets: [
        ...ERROR_RATIO_PANEL_WINDOWS.map((w, n) => promQuery(rec(RECORD.errorRatio(w)), n, { legend: `errors (${w})` })),
        promQuery(rec(RECORD.errorBudget), ERROR_RATIO_PANEL_WINDOWS.length, { legend: 'error budget' }),
      ],
      unit: 'percentunit',
    }),
  ];
  if (histogram) {
    traffic.push(
      timeseries({
        title: 'Latency p50 / p90 / p99',
        description: i.latency ? `Request latency quantiles; the line marks the ${i.latency.text} P99 target.` : 'Request latency quantiles.',
        targets: QUANTILES.map((q, n) => promQuery(latencyQuantileExpr(histogram, serviceMatchers(s), q), n, { legend: `p${Math.round(q * 100)}` })),
        unit: 's',
        ...(i.latency ? { lines: [{ color: 'red', from: i.latency.seconds }] } : {}),
      }),
    );
  }

  const objective = `${i.availability}% over ${SLO_PERIOD}${i.latency ? ` · P99 ≤ ${i.latency.text}` : ''}`;
  return {
    title: `${s.job} (${s.namespace}) · ${objective}`,
    bands: [
      { height: 4, panels: stats },
      { height: 8, panels: slo },
      { height: 8, panels: traffic },
    ],
  };
}

function contextSection(i: ContextDashboardInput): Section {
  const mine = contextConditions(i.contextNamespace, i.contextName);
  const band: Band = {
    height: 10,
    widths: [8, 8, 8],
    panels: [
      text('Context', i.contextMarkdown),
      planTracesTable(
        'Plan traces (PostSync verification)',
        'Plan runs the ContextCore PostSync hook emitted for this context, newest first; open one to see every planned artifact and whether it exists.',
        mine,
        [SPAN_ATTR.coveragePercent, SPAN_ATTR.coverageGaps],
      ),
      missingArtifactsTable(mine),
    ],
  };
  return { title: 'Context and plan', bands: [band] };
}

export function buildContextDashboard(i: ContextDashboardInput): Dashboard {
  const links: DashboardLink[] = [
    urlLink('Portfolio', `/d/${DASHBOARD_UID_PORTFOLIO}`, 'Every context by business value and criticality'),
    urlLink('Plan and coverage', planDashboardUrl(i.contextNamespace, i.contextName), 'Plan traces and artifact coverage of this context'),
    ...i.documents.map((d) => urlLink(d.title, d.url, d.url, { external: true })),
    taggedLink('ContextCore dashboards'),
  ];
  return dashboard({
    uid: i.uid,
    title: i.title,
    description: `Generated by ContextCore from ProjectContext ${i.context}. Do not edit in Grafana: change the ProjectContext.`,
    tags: i.tags,
    links,
    variables: [datasourceVariable(DASHBOARD_VAR.prometheus, 'Prometheus', 'prometheus'), datasourceVariable(DASHBOARD_VAR.tempo, 'Tempo', 'tempo')],
    sections: [...i.services.map((s) => serviceSection(i, s)), contextSection(i)],
  });
}
