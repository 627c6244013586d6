// The dashboard of one context (DESIGN §5.5): a section per measured service (for each SLO,
// availability and latency, its attainment vs objective, budget remaining and burn rates; then
// traffic, errors, latency against the target), then the context and its plan traces. Every series is a record of the generated rules or a metric of
// the SLI preset; datasources are template variables.

import { DASHBOARD_UID_PLAN, DASHBOARD_UID_PORTFOLIO, DASHBOARD_VAR, RECORD, SLO_NAME_AVAILABILITY, SLO_NAME_LATENCY, SPAN_ATTR } from '../conventions/index.js';
import { clean, formatNumber, formatPercent, formatRounded } from '../base/numbers.js';
import { selector } from '../promql/syntax.js';
import { latencyHistogramOf, latencyQuantileExpr, recordMatchers, requestRate, serviceMatchers } from '../slo/sli.js';
import type { Latency, ServiceRef, SliSource, SloWindows } from '../slo/model.js';
import { CURRENT_BURN_RATE_WINDOW } from '../tables/burn-rate-windows.js';
import { alertingBurnRates } from '../slo/windows.js';
import { LATENCY_OBJECTIVE_RATIO, LATENCY_RATE_WINDOW } from '../tables/latency-slo.js';
import { dashboard, datasourceVariable, taggedLink, urlLink } from './dashboard.js';
import type { Band, Section } from './layout.js';
import { promQuery, stat, text, timeseries, type Draft, type Step } from './panels.js';
import { missingArtifactsTable, planTracesTable } from './plan-panels.js';
import type { Dashboard, DashboardLink } from './schema.js';
import { BUDGET_REMAINING_STEPS, burnRateSteps } from './slo-scales.js';
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
  /** The SLO period and its alert windows and factors. */
  slo: SloWindows;
  /** requirements.latencyP99 and, when a bucket measures it, the latency SLO's bound. */
  latency?: { target: Latency; threshold?: Latency };
  tags: readonly string[];
  /** Markdown of the context panel. */
  contextMarkdown: string;
  /** Documents to open from the dashboard header (runbook, design doc, ADR): http(s) URLs only. */
  documents: ReadonlyArray<{ title: string; url: string }>;
}

/** Window of the rate() in the traffic panels: the P99's, so that every rate in a section is over the same window. */
const RATE_WINDOW = LATENCY_RATE_WINDOW;
/** Windows of the error-ratio panel: now, and the long window of the fastest page alert. */
const ERROR_RATIO_PANEL_WINDOWS = [CURRENT_BURN_RATE_WINDOW, '1h'] as const;
const QUANTILES = [0.5, 0.9, 0.99] as const;
const BURN_LINE_COLOURS = ['yellow', 'orange', 'red', 'dark-red'];

/** `<record>{contextcore_context=..., contextcore_slo=..., namespace=..., job=...}`: a series the rules record for this service. */
const recordOf = (i: ContextDashboardInput, s: MeasuredService, slo: string, record: string): string => selector(record, recordMatchers(i.context, s, slo));

/** What the panels of one SLO say; availability and latency differ only here. */
interface PanelSlo {
  name: string;
  objectiveRatio: number;
  budgetRatio: number;
  /** Put before every title ("Latency"); none for availability. */
  prefix?: string;
  /** What the attainment stat counts: "SLO attainment", "Within 500ms". */
  attainment: string;
  /** What a good request is: "successful requests". */
  good: string;
  /** "99.9% objective" */
  objective: string;
  objectiveDescription: string;
}


function availabilityPanels(i: ContextDashboardInput): PanelSlo {
  return {
    name: SLO_NAME_AVAILABILITY,
    objectiveRatio: i.objectiveRatio,
    budgetRatio: i.errorBudgetRatio,
    attainment: 'SLO attainment',
    good: 'successful requests',
    objective: `${i.availability}% objective`,
    objectiveDescription: 'Availability objective of the ProjectContext.',
  };
}

function latencyPanels(target: Latency, threshold: Latency): PanelSlo {
  const measured = threshold.seconds === target.seconds ? '' : `, measured at the next bucket bound, ${threshold.text}`;
  return {
    name: SLO_NAME_LATENCY,
    objectiveRatio: LATENCY_OBJECTIVE_RATIO,
    budgetRatio: clean(1 - LATENCY_OBJECTIVE_RATIO),
    prefix: 'Latency',
    attainment: `Within ${threshold.text}`,
    good: `requests completed within ${threshold.text}`,
    objective: `${formatPercent(LATENCY_OBJECTIVE_RATIO)} latency objective`,
    objectiveDescription: `Share of requests that must complete within the P99 target, ${target.text}${measured}.`,
  };
}

/** The SLO's stats (attainment, objective, budget remaining, burn rate) and its time series. */
function sloBands(i: ContextDashboardInput, s: MeasuredService, slo: PanelSlo, extraStats: readonly Draft[]): Band[] {
  const rec = (record: string) => recordOf(i, s, slo.name, record);
  // "Error budget remaining" → "Latency error budget remaining"; an acronym ("SLO") keeps its case.
  const lowerFirst = (words: string) => (/^[A-Z][a-z]/.test(words) ? `${words.charAt(0).toLowerCase()}${words.slice(1)}` : words);
  const title = (words: string) => (slo.prefix ? `${slo.prefix} ${lowerFirst(words)}` : words);
  const budgetPct = formatNumber(slo.budgetRatio * 100);
  const { period } = i.slo;
  const attainment = `1 - ${rec(RECORD.errorRatio(period))}`;
  const stats: Draft[] = [
    stat({
      title: `${slo.attainment} (${period})`,
      description: `Share of ${slo.good} over ${period}; green when it meets the ${slo.objective}.`,
      expr: attainment,
      unit: 'percentunit',
      decimals: 3,
      steps: [{ color: 'red' }, { color: 'green', from: slo.objectiveRatio }],
    }),
    stat({ title: title('Objective'), description: slo.objectiveDescription, expr: rec(RECORD.objective), unit: 'percentunit', decimals: 3, steps: [{ color: 'blue' }] }),
    stat({
      title: title('Error budget remaining'),
      description: `Share of the ${budgetPct}% error budget left in the rolling ${period} period.`,
      expr: rec(RECORD.errorBudgetRemaining),
      unit: 'percentunit',
      decimals: 1,
      steps: BUDGET_REMAINING_STEPS,
    }),
    stat({
      title: title(`Burn rate (${i.slo.current})`),
      description: 'How fast the error budget is being spent now; 1 spends it exactly over the period.',
      expr: rec(RECORD.currentBurnRate),
      unit: 'none',
      decimals: 2,
      steps: burnRateSteps(i.slo),
    }),
    ...extraStats,
  ];
  const series: Draft[] = [
    timeseries({
      title: title('SLO attainment vs objective'),
      description: `Share of ${slo.good} over ${period} and over 1d, against the objective.`,
      targets: [
        promQuery(attainment, 0, { legend: `attainment (${period})` }),
        promQuery(`1 - ${rec(RECORD.errorRatio('1d'))}`, 1, { legend: 'attainment (1d)' }),
        promQuery(rec(RECORD.objective), 2, { legend: 'objective' }),
      ],
      unit: 'percentunit',
      decimals: 3,
    }),
    timeseries({
      title: title(`Error budget remaining (${period})`),
      description: 'Error budget left over the rolling period; below the line it is spent.',
      targets: [promQuery(rec(RECORD.errorBudgetRemaining), 0, { legend: 'remaining' })],
      unit: 'percentunit',
      lines: [{ color: 'red', from: 0 }],
    }),
    timeseries({
      title: title('Burn rate by window'),
      description: `SLI ratio of each alert window divided by the error budget; the lines mark the burn rates that alert (${alertingBurnRates(i.slo).map(formatRounded).join(', ')}).`,
      targets: i.slo.tiers.map((w, n) => promQuery(`${rec(RECORD.errorRatio(w.long))} / ${rec(RECORD.errorBudget)}`, n, { legend: w.long })),
      unit: 'none',
      lines: alertingBurnRates(i.slo).map((r, n) => ({ color: BURN_LINE_COLOURS[n] ?? 'red', from: r })),
    }),
  ];
  return [
    { height: 4, panels: stats },
    { height: 8, panels: series },
  ];
}

const regexEscape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** URL of the plan dashboard narrowed to one context. */
export function planDashboardUrl(namespace: string, name: string): string {
  const param = (variable: string, value: string) => `var-${variable}=${encodeURIComponent(regexEscape(value))}`;
  return `/d/${DASHBOARD_UID_PLAN}?${param(DASHBOARD_VAR.namespace, namespace)}&${param(DASHBOARD_VAR.context, name)}`;
}

function serviceSection(i: ContextDashboardInput, s: MeasuredService): Section {
  const histogram = latencyHistogramOf(i.sli);
  const target = i.latency?.target;
  const threshold = i.latency?.threshold;
  // The target, and above it the bucket bound that measures it when that is another value.
  const bound = threshold && target && threshold.seconds !== target.seconds ? threshold : undefined;
  const latencyLines: Step[] = [...(target ? [{ color: 'red', from: target.seconds }] : []), ...(bound ? [{ color: 'orange', from: bound.seconds }] : [])];

  const traffic: Draft[] = [
    stat({ title: 'Requests per second', description: `Request rate over ${RATE_WINDOW}.`, expr: requestRate(i.sli, s, RATE_WINDOW), unit: 'reqps', decimals: 1, steps: [{ color: 'blue' }] }),
  ];
  if (histogram) {
    traffic.push(
      stat({
        title: 'P99 latency',
        description: target ? `99th percentile over ${LATENCY_RATE_WINDOW}; red above the ${target.text} target.` : `99th percentile over ${LATENCY_RATE_WINDOW} (the context sets no target).`,
        expr: recordOf(i, s, SLO_NAME_LATENCY, RECORD.latencyP99(LATENCY_RATE_WINDOW)),
        unit: 's',
        steps: target ? [{ color: 'green' }, { color: 'red', from: target.seconds }] : [{ color: 'blue' }],
      }),
    );
  }
  const bands = sloBands(i, s, availabilityPanels(i), traffic);
  if (histogram && target && threshold) bands.push(...sloBands(i, s, latencyPanels(target, threshold), []));

  const rec = (record: string) => recordOf(i, s, SLO_NAME_AVAILABILITY, record);
  const series: Draft[] = [
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
    series.push(
      timeseries({
        title: 'Latency p50 / p90 / p99',
        description: !target
          ? 'Request latency quantiles.'
          : bound
            ? `Request latency quantiles; the lines mark the ${target.text} P99 target and ${bound.text}, the bucket bound the latency SLO counts requests against.`
            : `Request latency quantiles; the line marks the ${target.text} P99 target.`,
        targets: QUANTILES.map((q, n) => promQuery(latencyQuantileExpr(histogram, serviceMatchers(s), q), n, { legend: `p${Math.round(q * 100)}` })),
        unit: 's',
        ...(latencyLines.length ? { lines: latencyLines } : {}),
      }),
    );
  }
  bands.push({ height: 8, panels: series });

  const objective = `${i.availability}% over ${i.slo.period}${target ? ` · P99 ≤ ${target.text}` : ''}`;
  return { title: `${s.job} (${s.namespace}) · ${objective}`, bands };
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
