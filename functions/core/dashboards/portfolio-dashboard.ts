// The portfolio dashboard (dashboards/contextcore-portfolio.json): every context's SLOs side by side, by
// business value, criticality and owner: availability, and latency for contexts with a latency
// target. The SLO records carry only contextcore_context, contextcore_slo, namespace and job; the
// business facts come from RECORD.contextInfo, joined on the service's labels.

import { DASHBOARD_UID_PLAN, DASHBOARD_UID_PORTFOLIO, DASHBOARD_VAR, INFO_LABELS, PROM_LABELS, RECORD, SLO_NAME_AVAILABILITY, SLO_NAME_LATENCY } from '../conventions/index.js';
import { formatNumber } from '../base/numbers.js';
import { selector } from '../promql/syntax.js';
import { alertingBurnRates, sloWindows } from '../slo/windows.js';
import { CURRENT_BURN_RATE_WINDOW, DEFAULT_SLO_PERIOD } from '../tables/burn-rate-windows.js';
import { CRITICALITY_TABLE } from '../tables/derivation.js';
import { customVariable, dashboard, datasourceVariable, labelValuesVariable, taggedLink, urlLink } from './dashboard.js';
import { barGauge, colours, override, PROMETHEUS, promQuery, refId, stat, table, thresholds, timeseries } from './panels.js';
import type { Dashboard } from './schema.js';
import { BUDGET_REMAINING_STEPS, burnRateSteps } from './slo-scales.js';

/** The labels one service's SLO series are joined on. */
const SERVICE_KEY = [PROM_LABELS.context, PROM_LABELS.namespace, PROM_LABELS.job] as const;
const INFO = Object.values(INFO_LABELS);
/** Every label of a table row: the service key and the business facts. */
const ROW_LABELS = [...SERVICE_KEY, ...INFO];

const BUDGET_WINDOW = '1h';
/**
 * Contexts may have different SLO periods (requirements.period), so the portfolio reads only the
 * records whose names no period is in: the period's error ratio is its burn rate times the budget.
 * The burn-rate lines and colours are those of the default period's alerts.
 */
const DEFAULT_WINDOWS = sloWindows(DEFAULT_SLO_PERIOD);
const ALERTING_BURN_RATES = alertingBurnRates(DEFAULT_WINDOWS);
const BURN_RATE_STEPS = burnRateSteps(DEFAULT_WINDOWS);
const CRITICALITY_COLOURS: Readonly<Record<keyof typeof CRITICALITY_TABLE, string>> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'green' };

/** The info series, filtered by the dashboard's variables. */
export const FILTERED_INFO = `${RECORD.contextInfo}{${[
  [INFO_LABELS.criticality, DASHBOARD_VAR.criticality],
  [INFO_LABELS.businessValue, DASHBOARD_VAR.businessValue],
  [INFO_LABELS.owner, DASHBOARD_VAR.owner],
]
  .map(([label, variable]) => `${label}=~"$${variable}"`)
  .join(', ')}}`;

/** `(<expr>) * on(<service>) group_left(<facts>) <info>`: the expression, labelled with the facts of its context. */
export function withInfo(expr: string): string {
  return `(${expr}) * on(${SERVICE_KEY.join(', ')}) group_left(${INFO.join(', ')}) ${FILTERED_INFO}`;
}

const by = (aggregation: string, labels: readonly string[], expr: string) => `${aggregation} by (${labels.join(', ')}) (${expr})`;
const countOrZero = (expr: string) => `count(${withInfo(expr)}) or vector(0)`;

/** A record of one SLO: availability and latency records share names. */
const of = (record: string, slo: string) => selector(record, [{ name: PROM_LABELS.slo, op: '=', value: slo }]);
const availability = (record: string) => of(record, SLO_NAME_AVAILABILITY);
const latency = (record: string) => of(record, SLO_NAME_LATENCY);

const periodAttainment = (record: (r: string) => string) => `1 - ${record(RECORD.periodBurnRate)} * ${record(RECORD.errorBudget)}`;
const attainment = periodAttainment(availability);
const burn1h = `${availability(RECORD.errorRatio(BUDGET_WINDOW))} / ${availability(RECORD.errorBudget)}`;
const latencyAttainment = periodAttainment(latency);

const LATENCY_BUDGET = 'Latency budget remaining';

/** Table columns: query → header, unit. */
const COLUMNS = [
  { expr: availability(RECORD.objective), header: 'Objective', unit: 'percentunit', decimals: 3 },
  { expr: attainment, header: 'Attainment (SLO period)', unit: 'percentunit', decimals: 3 },
  { expr: availability(RECORD.errorBudgetRemaining), header: 'Budget remaining', unit: 'percentunit', decimals: 1 },
  { expr: availability(RECORD.currentBurnRate), header: `Burn rate (${CURRENT_BURN_RATE_WINDOW})`, unit: 'none', decimals: 2 },
  { expr: burn1h, header: `Burn rate (${BUDGET_WINDOW})`, unit: 'none', decimals: 2 },
  { expr: RECORD.latencyThreshold, header: 'Latency threshold', unit: 's', decimals: 3 },
  { expr: latencyAttainment, header: 'Within threshold (SLO period)', unit: 'percentunit', decimals: 3 },
  { expr: latency(RECORD.errorBudgetRemaining), header: LATENCY_BUDGET, unit: 'percentunit', decimals: 1 },
] as const;

const LABEL_HEADERS: Readonly<Record<string, string>> = {
  [PROM_LABELS.context]: 'Context',
  [PROM_LABELS.namespace]: 'Namespace',
  [PROM_LABELS.job]: 'Service',
  [INFO_LABELS.criticality]: 'Criticality',
  [INFO_LABELS.businessValue]: 'Business value',
  [INFO_LABELS.owner]: 'Owner',
  [INFO_LABELS.projectId]: 'Project',
};

function contextsTable() {
  // Grafana names the value field of each merged query after its refId.
  const valueHeader = (n: number) => `Value #${refId(n)}`;
  return table({
    title: 'Contexts by business value and criticality',
    description: `One row per measured service of every context, worst error budget first. The context opens its dashboard. Attainment and budget are over each context's SLO period (30d unless its requirements.period says otherwise); the latency columns (contexts with a latency target) give the bucket bound that counts as fast, the share of requests within it, and the latency SLO's budget.`,
    datasource: PROMETHEUS,
    targets: COLUMNS.map((c, n) => promQuery(by('max', ROW_LABELS, withInfo(c.expr)), n, { instant: true, table: true })),
    transformations: [
      { id: 'merge', options: {} },
      {
        id: 'organize',
        options: {
          excludeByName: { Time: true },
          renameByName: { ...LABEL_HEADERS, ...Object.fromEntries(COLUMNS.map((c, n) => [valueHeader(n), c.header])) },
          indexByName: Object.fromEntries([...Object.keys(LABEL_HEADERS), ...COLUMNS.map((_, n) => valueHeader(n))].map((f, n) => [f, n])),
        },
      },
    ],
    overrides: [
      override('Context', { links: [{ title: 'Open the context dashboard', url: `/d/\${__data.fields.${INFO_LABELS.dashboardUid}}?\${__url_time_range}&\${${DASHBOARD_VAR.prometheus}:queryparam}` }] }),
      override(INFO_LABELS.dashboardUid, { 'custom.hidden': true }),
      override('Criticality', { mappings: colours(CRITICALITY_COLOURS), 'custom.cellOptions': { type: 'color-text' } }),
      ...COLUMNS.map((c) => override(c.header, { unit: c.unit, decimals: c.decimals })),
      ...['Budget remaining', LATENCY_BUDGET].map((h) => override(h, { thresholds: thresholds(BUDGET_REMAINING_STEPS), 'custom.cellOptions': { type: 'color-background' } })),
      ...[`Burn rate (${CURRENT_BURN_RATE_WINDOW})`, `Burn rate (${BUDGET_WINDOW})`].map((h) =>
        override(h, { thresholds: thresholds(BURN_RATE_STEPS), 'custom.cellOptions': { type: 'color-text' } }),
      ),
    ],
    sortBy: { column: 'Budget remaining', desc: false },
  });
}

/** Error budget remaining of the worst service per value of an info label, over time. */
function budgetRemainingBy(label: string, what: string) {
  return timeseries({
    title: `Error budget remaining by ${what}`,
    description: `Worst service of each ${what}, over its SLO period.`,
    targets: [promQuery(by('min', [label], withInfo(availability(RECORD.errorBudgetRemaining))), 0, { legend: `{{${label}}}` })],
    unit: 'percentunit',
    lines: [{ color: 'red', from: 0 }],
  });
}

/** Budget remaining of the worst service of each context, one bar per context. */
function budgetByContext(title: string, description: string, remaining: string) {
  return barGauge({
    title,
    description,
    expr: by('min', [PROM_LABELS.context], withInfo(remaining)),
    legend: `{{${PROM_LABELS.context}}}`,
    unit: 'percentunit',
    steps: BUDGET_REMAINING_STEPS,
    min: 0,
    max: 1,
  });
}

export function buildPortfolioDashboard(): Dashboard {
  return dashboard({
    uid: DASHBOARD_UID_PORTFOLIO,
    title: 'ContextCore · Portfolio',
    description: 'Every ProjectContext by business value, criticality and owner: availability SLO attainment, error budget and burn rate, and latency SLO compliance. Generated by ContextCore; do not edit in Grafana.',
    links: [urlLink('Plan and coverage', `/d/${DASHBOARD_UID_PLAN}`, 'Plan traces and artifact coverage of every context'), taggedLink('ContextCore dashboards')],
    variables: [
      datasourceVariable(DASHBOARD_VAR.prometheus, 'Prometheus', 'prometheus'),
      customVariable(DASHBOARD_VAR.criticality, 'Criticality', Object.keys(CRITICALITY_TABLE)),
      labelValuesVariable(DASHBOARD_VAR.businessValue, 'Business value', RECORD.contextInfo, INFO_LABELS.businessValue),
      labelValuesVariable(DASHBOARD_VAR.owner, 'Owner', RECORD.contextInfo, INFO_LABELS.owner),
    ],
    sections: [
      {
        bands: [
          {
            height: 4,
            panels: [
              stat({ title: 'Contexts', description: 'ProjectContexts with generated SLO rules.', expr: `count(count by (${PROM_LABELS.context}) (${FILTERED_INFO})) or vector(0)`, unit: 'none', steps: [{ color: 'blue' }] }),
              stat({
                title: 'Services below objective',
                description: 'Measured services whose attainment over their SLO period is below their objective.',
                expr: countOrZero(`(${attainment}) < on(${SERVICE_KEY.join(', ')}) ${availability(RECORD.objective)}`),
                unit: 'none',
                steps: [{ color: 'green' }, { color: 'red', from: 1 }],
              }),
              stat({
                title: `Services burning budget (${BUDGET_WINDOW})`,
                description: `Measured services spending their error budget faster than it lasts (burn rate above 1 over ${BUDGET_WINDOW}).`,
                expr: countOrZero(`${burn1h} > 1`),
                unit: 'none',
                steps: [{ color: 'green' }, { color: 'orange', from: 1 }],
              }),
              stat({
                title: 'Budget exhausted',
                description: 'Measured services with no error budget left in their SLO period.',
                expr: countOrZero(`${availability(RECORD.errorBudgetRemaining)} <= 0`),
                unit: 'none',
                steps: [{ color: 'green' }, { color: 'red', from: 1 }],
              }),
              stat({
                title: 'Services below latency objective',
                description: `Measured services with a latency target whose share of requests within the threshold over their SLO period is below the latency objective.`,
                expr: countOrZero(`(${latencyAttainment}) < on(${SERVICE_KEY.join(', ')}) ${latency(RECORD.objective)}`),
                unit: 'none',
                steps: [{ color: 'green' }, { color: 'red', from: 1 }],
              }),
            ],
          },
          { height: 11, panels: [contextsTable()] },
        ],
      },
      {
        title: 'By business value, criticality and owner',
        bands: [
          {
            height: 9,
            panels: [
              budgetByContext('Error budget remaining by context', 'Worst service of each context, over its SLO period.', availability(RECORD.errorBudgetRemaining)),
              budgetByContext(
                'Latency budget remaining by context',
                `Worst service of each context with a latency target, over its SLO period: the share of its budget of slow requests left.`,
                latency(RECORD.errorBudgetRemaining),
              ),
              timeseries({
                title: 'SLO attainment by criticality (SLO period)',
                description: 'Worst service of each criticality.',
                targets: [promQuery(by('min', [INFO_LABELS.criticality], withInfo(attainment)), 0, { legend: `{{${INFO_LABELS.criticality}}}` })],
                unit: 'percentunit',
                decimals: 3,
              }),
              timeseries({
                title: `Burn rate by business value (${BUDGET_WINDOW})`,
                description: `Fastest-burning service of each business value; the lines mark the burn rates that alert over ${DEFAULT_SLO_PERIOD} (${ALERTING_BURN_RATES.map(formatNumber).join(', ')}).`,
                targets: [promQuery(by('max', [INFO_LABELS.businessValue], withInfo(burn1h)), 0, { legend: `{{${INFO_LABELS.businessValue}}}` })],
                unit: 'none',
                lines: ALERTING_BURN_RATES.map((r) => ({ color: 'red', from: r })),
              }),
            ],
          },
          {
            height: 8,
            panels: [
              budgetRemainingBy(INFO_LABELS.owner, 'owning team'),
              budgetRemainingBy(INFO_LABELS.businessValue, 'business value'),
            ],
          },
        ],
      },
    ],
    range: '7d',
  });
}
