// Prometheus rule groups for one measured service: SLI error ratios per window, SLO metadata
// records, multiwindow multi-burn-rate alerts, the P99 latency alert and the auth-anomaly alert.

import { ALERT, PROM_LABELS, RECORD, RULE_GROUP, SLO_NAME_AUTH, SLO_NAME_AVAILABILITY, SLO_NAME_LATENCY } from './conventions.js';
import { formatNumber } from './numbers.js';
import { matchersText, selector, type Matcher } from './promql.js';
import { AUTH_ANOMALY, LATENCY_RATE_WINDOW, SEVERITY_BY_CLASS, type AlertClass } from './tables/derivation.js';
import { BURN_RATE_WINDOWS, CURRENT_BURN_RATE_WINDOW, ERROR_RATIO_WINDOWS, SLO_PERIOD } from './tables/burn-rate-windows.js';
import { ERROR_STATUS_REGEX, SLI_PRESETS, type SliPresetName } from './tables/sli-presets.js';
import { expandPlaceholders } from './validate/project-context.js';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Array<RecordingRule | AlertingRule>;
}

export interface SliSource {
  preset: SliPresetName;
  custom?: { errorQuery: string; totalQuery: string; latencyHistogram?: string };
}

export interface SloRuleInput {
  namespace: string;
  job: string;
  /** `<ns>/<name>` of the ProjectContext. */
  context: string;
  sli: SliSource;
  objectiveRatio: number;
  errorBudgetRatio: number;
  /** Objective in percent, for messages ("99.95"). */
  availability: string;
  alertClasses: readonly AlertClass[];
  latency?: { seconds: number; for: string; text: string };
  authAnomaly: boolean;
  /** Labels every alert carries (priority, team, context). */
  alertLabels: Record<string, string>;
  /** Annotations every alert carries (context: owner, links, risks...). */
  contextAnnotations: Record<string, string>;
  /** Business facts for the RECORD.contextInfo series (INFO_LABELS keys); no series when absent. */
  contextInfo?: Record<string, string>;
}

/** The service an SLO measures: the scrape job in its namespace. */
export interface ServiceRef {
  namespace: string;
  job: string;
}

/** Selects the service's raw metrics. */
export const serviceMatchers = (s: ServiceRef): Matcher[] => [
  { name: PROM_LABELS.namespace, op: '=', value: s.namespace },
  { name: PROM_LABELS.job, op: '=', value: s.job },
];

/** Selects the records of this service and context. */
export const recordMatchers = (context: string, s: ServiceRef): Matcher[] => [
  { name: PROM_LABELS.context, op: '=', value: context },
  ...serviceMatchers(s),
];

function recordLabels(i: SloRuleInput, slo: string): Record<string, string> {
  return { [PROM_LABELS.context]: i.context, [PROM_LABELS.slo]: slo, [PROM_LABELS.namespace]: i.namespace, [PROM_LABELS.job]: i.job };
}

/** `sum(rate(<requests>{sel, extra}[w]))` of a preset. */
function presetRequestRate(preset: 'otel' | 'prometheus', s: ServiceRef, window: string, extra: Matcher[] = []): string {
  return `sum(rate(${selector(SLI_PRESETS[preset].requests, [...serviceMatchers(s), ...extra])}[${window}]))`;
}

/** Requests per second over the window, or with `errors` failed requests: the preset's metric or the custom query. */
export function requestRate(sli: SliSource, s: ServiceRef, window: string, errors = false): string {
  if (sli.preset === 'custom' && sli.custom) {
    const query = errors ? sli.custom.errorQuery : sli.custom.totalQuery;
    return `sum((${expandPlaceholders(query, window, matchersText(serviceMatchers(s)))}))`;
  }
  const preset = sli.preset as 'otel' | 'prometheus';
  const extra: Matcher[] = errors ? [{ name: SLI_PRESETS[preset].statusLabel, op: '=~', value: ERROR_STATUS_REGEX }] : [];
  return presetRequestRate(preset, s, window, extra);
}

/** Error ratio over one window; `or vector(0)` keeps a zero when no request failed. */
export function errorRatioExpr(i: SloRuleInput, window: string): string {
  return `(${requestRate(i.sli, i, window, true)} or vector(0))\n/\n${requestRate(i.sli, i, window)}`;
}

export function latencyHistogramOf(sli: SliSource): string | undefined {
  if (sli.preset === 'custom') {
    const h = sli.custom?.latencyHistogram;
    return h ? h.replace(/_bucket$/, '') : undefined;
  }
  return SLI_PRESETS[sli.preset].latencyHistogram;
}

/** `histogram_quantile(q, sum by (le) (rate(<hist>_bucket{sel}[5m])))` */
export function latencyQuantileExpr(histogram: string, matchers: readonly Matcher[], quantile: number): string {
  return `histogram_quantile(${formatNumber(quantile)}, sum by (le) (rate(${selector(`${histogram}_bucket`, matchers)}[${LATENCY_RATE_WINDOW}])))`;
}

function alertLabels(i: SloRuleInput, alertClass: AlertClass, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...i.alertLabels, [PROM_LABELS.severity]: SEVERITY_BY_CLASS[alertClass], [PROM_LABELS.alertClass]: alertClass };
}

const pct = (ratio: number) => `${formatNumber(ratio * 100)}%`;

function burnAlert(i: SloRuleInput, alertClass: AlertClass): AlertingRule | undefined {
  const windows = BURN_RATE_WINDOWS.filter((w) => w.alertClass === alertClass);
  if (!windows.length) return undefined;
  const sel = matchersText(recordMatchers(i.context, i));
  const budget = formatNumber(i.errorBudgetRatio);
  const clauses = windows.map(
    (w) =>
      `(\n  ${RECORD.errorRatio(w.short)}{${sel}} > (${formatNumber(w.burnRate)} * ${budget})\n  and\n  ${RECORD.errorRatio(w.long)}{${sel}} > (${formatNumber(w.burnRate)} * ${budget})\n)`,
  );
  const how = windows.map((w) => `${formatNumber(w.burnRate)}x over ${w.long} and ${w.short}`).join(', or ');
  return {
    alert: ALERT.budgetBurn,
    expr: clauses.join('\nor\n'),
    labels: alertLabels(i, alertClass, { [PROM_LABELS.slo]: SLO_NAME_AVAILABILITY }),
    annotations: {
      summary: `${i.job} in ${i.namespace} is burning its ${i.availability}% availability error budget too fast (${alertClass})`,
      description: `Error ratio {{ $value | humanizePercentage }} is above ${how} the ${pct(i.errorBudgetRatio)} error budget of the ${i.availability}% objective over ${SLO_PERIOD}. At this rate the budget ${alertClass === 'page' ? 'is gone in hours to days' : 'runs out before the period ends'}.`,
      ...i.contextAnnotations,
    },
  };
}

export function buildSloGroups(i: SloRuleInput): RuleGroup[] {
  const groups: RuleGroup[] = [];
  const availability = recordLabels(i, SLO_NAME_AVAILABILITY);
  const rsel = matchersText(recordMatchers(i.context, i));
  const budget = formatNumber(i.errorBudgetRatio);

  groups.push({
    name: RULE_GROUP.sli,
    rules: ERROR_RATIO_WINDOWS.map((w) => ({ record: RECORD.errorRatio(w), expr: errorRatioExpr(i, w), labels: availability })),
  });

  const meta: RecordingRule[] = [
    { record: RECORD.objective, expr: `vector(${formatNumber(i.objectiveRatio)})`, labels: availability },
    { record: RECORD.errorBudget, expr: `vector(${budget})`, labels: availability },
    {
      record: RECORD.errorRatio(SLO_PERIOD),
      expr: `sum_over_time(${RECORD.errorRatio(CURRENT_BURN_RATE_WINDOW)}{${rsel}}[${SLO_PERIOD}])\n/\ncount_over_time(${RECORD.errorRatio(CURRENT_BURN_RATE_WINDOW)}{${rsel}}[${SLO_PERIOD}])`,
      labels: availability,
    },
    { record: RECORD.currentBurnRate, expr: `${RECORD.errorRatio(CURRENT_BURN_RATE_WINDOW)}{${rsel}} / ${budget}`, labels: availability },
    { record: RECORD.periodBurnRate, expr: `${RECORD.errorRatio(SLO_PERIOD)}{${rsel}} / ${budget}`, labels: availability },
    { record: RECORD.errorBudgetRemaining, expr: `1 - ${RECORD.periodBurnRate}{${rsel}}`, labels: availability },
  ];
  if (i.latency) meta.push({ record: RECORD.latencyTarget, expr: `vector(${formatNumber(i.latency.seconds)})`, labels: recordLabels(i, SLO_NAME_LATENCY) });
  if (i.contextInfo) {
    const { [PROM_LABELS.slo]: _slo, ...service } = availability;
    meta.push({ record: RECORD.contextInfo, expr: 'vector(1)', labels: { ...service, ...i.contextInfo } });
  }
  groups.push({ name: RULE_GROUP.meta, rules: meta });

  const burn = (['page', 'ticket'] as const).filter((c) => i.alertClasses.includes(c)).map((c) => burnAlert(i, c)!);
  groups.push({ name: RULE_GROUP.burnAlerts, rules: burn });

  const histogram = latencyHistogramOf(i.sli);
  if (i.latency && histogram) {
    const alertClass: AlertClass = i.alertClasses.includes('page') ? 'page' : 'ticket';
    groups.push({
      name: RULE_GROUP.latencyAlerts,
      rules: [
        {
          alert: ALERT.latency,
          expr: `${latencyQuantileExpr(histogram, serviceMatchers(i), 0.99)} > ${formatNumber(i.latency.seconds)}`,
          for: i.latency.for,
          labels: alertLabels(i, alertClass, recordLabels(i, SLO_NAME_LATENCY)),
          annotations: {
            summary: `${i.job} in ${i.namespace} is slower than its P99 latency target of ${i.latency.text}`,
            description: `P99 latency over ${LATENCY_RATE_WINDOW} is {{ $value | humanizeDuration }}, above the ${i.latency.text} target, for more than ${i.latency.for}.`,
            ...i.contextAnnotations,
          },
        },
      ],
    });
  }

  if (i.authAnomaly && i.sli.preset !== 'custom') {
    const preset = i.sli.preset;
    const auth = recordLabels(i, SLO_NAME_AUTH);
    const codes: Matcher = { name: SLI_PRESETS[preset].statusLabel, op: '=~', value: AUTH_ANOMALY.statusCodes.join('|') };
    const ratio = (w: string) => `(${presetRequestRate(preset, i, w, [codes])} or vector(0))\n/\n${presetRequestRate(preset, i, w)}`;
    const short = RECORD.authFailureRatio(AUTH_ANOMALY.shortWindow);
    const long = RECORD.authFailureRatio(AUTH_ANOMALY.baselineWindow);
    groups.push({
      name: RULE_GROUP.securityAlerts,
      rules: [
        { record: short, expr: ratio(AUTH_ANOMALY.shortWindow), labels: auth },
        { record: long, expr: ratio(AUTH_ANOMALY.baselineWindow), labels: auth },
        {
          alert: ALERT.authAnomaly,
          expr: `${short}{${rsel}} > ${AUTH_ANOMALY.factor} * ${long}{${rsel}}\nand\n${short}{${rsel}} > ${formatNumber(AUTH_ANOMALY.minRatio)}`,
          for: AUTH_ANOMALY.for,
          labels: alertLabels(i, 'ticket', { [PROM_LABELS.slo]: SLO_NAME_AUTH }),
          annotations: {
            summary: `Unusual share of 401/403 responses from ${i.job} in ${i.namespace}`,
            description: `{{ $value | humanizePercentage }} of requests over ${AUTH_ANOMALY.shortWindow} were rejected with ${AUTH_ANOMALY.statusCodes.join('/')}, more than ${AUTH_ANOMALY.factor}x the ${AUTH_ANOMALY.baselineWindow} baseline and above ${pct(AUTH_ANOMALY.minRatio)}. The context lists a security risk: check for credential stuffing or a broken auth dependency.`,
            ...i.contextAnnotations,
          },
        },
      ],
    });
  }
  return groups;
}

/** Every PromQL expression in the groups, for validation. */
export const exprsOf = (groups: readonly RuleGroup[]) => groups.flatMap((g) => g.rules.map((r) => r.expr));
