// Prometheus rule groups for one measured service. Each SLO (availability; latency when the
// context has a latency target) gets the same rules: its SLI ratio per window, its metadata
// records and its multiwindow multi-burn-rate alerts, told apart by contextcore_slo. Besides
// them: the P99 record, the bucket-missing ticket and the auth-anomaly alert.

import { ALERT, PROM_LABELS, RECORD, RULE_GROUP, SLO_NAME_AUTH, SLO_NAME_AVAILABILITY, SLO_NAME_LATENCY } from '../conventions/index.js';
import { leMatcher } from '../promql/le-matcher.js';
import { clean, formatNumber } from '../base/numbers.js';
import { matchersText, selector, type Matcher } from '../promql/syntax.js';
import { AUTH_ANOMALY, SEVERITY_BY_CLASS, type AlertClass } from '../tables/derivation.js';
import { BURN_RATE_WINDOWS, CURRENT_BURN_RATE_WINDOW, ERROR_RATIO_WINDOWS, SLO_PERIOD, type BurnRateWindow } from '../tables/burn-rate-windows.js';
import { BUCKET_MISSING, LATENCY_OBJECTIVE_RATIO, LATENCY_RATE_WINDOW } from '../tables/latency-slo.js';
import { ERROR_STATUS_REGEX, SLI_PRESETS, type SliPresetName } from '../tables/sli-presets.js';
import { expandPlaceholders } from '../validate/project-context.js';

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
  /**
   * requirements.latencyP99 and the bucket bound that measures it; without a threshold (no
   * bucket large enough) only the target is recorded.
   */
  latency?: { target: Latency; threshold?: Latency };
  authAnomaly: boolean;
  /** Labels every alert carries (priority, team, context). */
  alertLabels: Record<string, string>;
  /** Annotations every alert carries (context: owner, links, risks...). */
  contextAnnotations: Record<string, string>;
  /** Business facts for the RECORD.contextInfo series (INFO_LABELS keys); no series when absent. */
  contextInfo?: Record<string, string>;
}

/** A latency in seconds and as the ProjectContext writes it ("250ms"). */
export interface Latency {
  seconds: number;
  text: string;
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

/** Selects the records of this service and context; of one SLO when `slo` is given. */
export const recordMatchers = (context: string, s: ServiceRef, slo?: string): Matcher[] => [
  { name: PROM_LABELS.context, op: '=', value: context },
  ...(slo === undefined ? [] : [{ name: PROM_LABELS.slo, op: '=' as const, value: slo }]),
  ...serviceMatchers(s),
];

function recordLabels(i: SloRuleInput, slo: string): Record<string, string> {
  return { [PROM_LABELS.context]: i.context, [PROM_LABELS.slo]: slo, [PROM_LABELS.namespace]: i.namespace, [PROM_LABELS.job]: i.job };
}

/** `sum(rate(<requests>{sel, extra}[w]))` of a preset. */
function presetRequestRate(preset: 'otel' | 'prometheus', s: ServiceRef, window: string, extra: Matcher[] = []): string {
  return `sum(rate(${selector(SLI_PRESETS[preset].requests, [...serviceMatchers(s), ...extra])}[${window}]))`;
}

/**
 * Requests per second over the window, or with `errors` failed requests: the preset's metric or
 * the custom query. `narrow` adds matchers to the service's (the canary's pods, for analysis).
 */
export function requestRate(sli: SliSource, s: ServiceRef, window: string, errors = false, narrow: readonly Matcher[] = []): string {
  if (sli.preset === 'custom' && sli.custom) {
    const query = errors ? sli.custom.errorQuery : sli.custom.totalQuery;
    return `sum((${expandPlaceholders(query, window, matchersText([...serviceMatchers(s), ...narrow]))}))`;
  }
  const preset = sli.preset as 'otel' | 'prometheus';
  const extra: Matcher[] = errors ? [{ name: SLI_PRESETS[preset].statusLabel, op: '=~', value: ERROR_STATUS_REGEX }] : [];
  return presetRequestRate(preset, s, window, [...narrow, ...extra]);
}

/** Error ratio over one window; `or vector(0)` keeps a zero when no request failed. */
export function errorRatioExpr(i: Pick<SloRuleInput, 'sli' | 'namespace' | 'job'>, window: string, narrow: readonly Matcher[] = []): string {
  return `(${requestRate(i.sli, i, window, true, narrow)} or vector(0))\n/\n${requestRate(i.sli, i, window, false, narrow)}`;
}

export function latencyHistogramOf(sli: SliSource): string | undefined {
  if (sli.preset === 'custom') {
    const h = sli.custom?.latencyHistogram;
    return h ? h.replace(/_bucket$/, '') : undefined;
  }
  return SLI_PRESETS[sli.preset].latencyHistogram;
}

/**
 * Share of requests slower than the bucket bound over one window: the histogram's count minus
 * its bucket at the bound, over the count. No `or vector(0)` on the bucket: a bound no series
 * has must leave the SLI empty (and raise the bucket-missing ticket), not make every request slow.
 */
export function slowRatioExpr(histogram: string, s: ServiceRef, bound: number, window: string, narrow: readonly Matcher[] = []): string {
  const total = `sum(rate(${selector(`${histogram}_count`, [...serviceMatchers(s), ...narrow])}[${window}]))`;
  const fast = `sum(rate(${selector(`${histogram}_bucket`, [...serviceMatchers(s), ...narrow, leMatcher(bound)])}[${window}]))`;
  return `(${total}\n-\n${fast})\n/\n${total}`;
}

/** `histogram_quantile(q, sum by (le) (rate(<hist>_bucket{sel}[5m])))` */
export function latencyQuantileExpr(histogram: string, matchers: readonly Matcher[], quantile: number): string {
  return `histogram_quantile(${formatNumber(quantile)}, sum by (le) (rate(${selector(`${histogram}_bucket`, matchers)}[${LATENCY_RATE_WINDOW}])))`;
}

function alertLabels(i: SloRuleInput, alertClass: AlertClass, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...i.alertLabels, [PROM_LABELS.severity]: SEVERITY_BY_CLASS[alertClass], [PROM_LABELS.alertClass]: alertClass };
}

const pct = (ratio: number) => `${formatNumber(ratio * 100)}%`;

/** What one SLO needs for its records and alerts; availability and latency differ only here. */
interface Slo {
  name: string;
  objectiveRatio: number;
  budgetRatio: number;
  /** SLI: share of bad requests over a window. */
  ratio(window: string): string;
  /** The objective in a summary: "99.9% availability". */
  title: string;
  /** What the alert's value is: "Error ratio". */
  ratioName: string;
  /** The objective in a description: "99.9% objective". */
  objectiveText: string;
}

function availabilitySlo(i: SloRuleInput): Slo {
  return {
    name: SLO_NAME_AVAILABILITY,
    objectiveRatio: i.objectiveRatio,
    budgetRatio: i.errorBudgetRatio,
    ratio: (w) => errorRatioExpr(i, w),
    title: `${i.availability}% availability`,
    ratioName: 'Error ratio',
    objectiveText: `${i.availability}% objective`,
  };
}

function latencySlo(i: SloRuleInput, histogram: string, target: Latency, threshold: Latency): Slo {
  const objective = pct(LATENCY_OBJECTIVE_RATIO);
  const measured = threshold.seconds === target.seconds ? '' : `, measured at the ${threshold.text} bucket bound`;
  return {
    name: SLO_NAME_LATENCY,
    objectiveRatio: LATENCY_OBJECTIVE_RATIO,
    budgetRatio: clean(1 - LATENCY_OBJECTIVE_RATIO),
    ratio: (w) => slowRatioExpr(histogram, i, threshold.seconds, w),
    title: `latency (${objective} within ${threshold.text})`,
    ratioName: `Share of requests slower than ${threshold.text}`,
    objectiveText: `${objective} latency objective (P99 within ${target.text}${measured})`,
  };
}

/**
 * One alert per window pair of the table: both windows above the burn rate. Each names its
 * windows and tier in labels, so that Alertmanager can inhibit a slower tier while a faster one
 * fires (docs/generated.md, "Alert routing and inhibition").
 */
function burnAlert(i: SloRuleInput, slo: Slo, w: BurnRateWindow): AlertingRule {
  const sel = matchersText(recordMatchers(i.context, i, slo.name));
  const budget = formatNumber(slo.budgetRatio);
  const above = (window: string) => `${RECORD.errorRatio(window)}{${sel}} > (${formatNumber(w.burnRate)} * ${budget})`;
  return {
    alert: ALERT.budgetBurn,
    expr: `${above(w.short)}\nand\n${above(w.long)}`,
    labels: alertLabels(i, w.alertClass, {
      [PROM_LABELS.slo]: slo.name,
      [PROM_LABELS.burnLongWindow]: w.long,
      [PROM_LABELS.burnShortWindow]: w.short,
      [PROM_LABELS.burnTier]: String(w.tier),
    }),
    annotations: {
      summary: `${i.job} in ${i.namespace} is burning its ${slo.title} error budget too fast (${w.alertClass}, ${w.long}/${w.short})`,
      description: `${slo.ratioName} {{ $value | humanizePercentage }} is above ${formatNumber(w.burnRate)}x the ${pct(slo.budgetRatio)} error budget of the ${slo.objectiveText} over ${SLO_PERIOD}, over ${w.long} and over ${w.short}. At this rate ${pct(w.budgetConsumed)} of the budget goes in ${w.long}${w.alertClass === 'page' ? ' and all of it in days' : ', and it runs out before the period ends'}.`,
      ...i.contextAnnotations,
    },
  };
}

const burnAlerts = (i: SloRuleInput, slo: Slo): AlertingRule[] => BURN_RATE_WINDOWS.filter((w) => i.alertClasses.includes(w.alertClass)).map((w) => burnAlert(i, slo, w));

/** The SLI ratio of every window an alert or record reads. */
const sliRecords = (i: SloRuleInput, slo: Slo): RecordingRule[] =>
  ERROR_RATIO_WINDOWS.map((w) => ({ record: RECORD.errorRatio(w), expr: slo.ratio(w), labels: recordLabels(i, slo.name) }));

/** Objective, budget, the period's ratio, current and period burn rate, budget remaining. */
function metaRecords(i: SloRuleInput, slo: Slo): RecordingRule[] {
  const labels = recordLabels(i, slo.name);
  const rsel = matchersText(recordMatchers(i.context, i, slo.name));
  const budget = formatNumber(slo.budgetRatio);
  const current = `${RECORD.errorRatio(CURRENT_BURN_RATE_WINDOW)}{${rsel}}`;
  return [
    { record: RECORD.objective, expr: `vector(${formatNumber(slo.objectiveRatio)})`, labels },
    { record: RECORD.errorBudget, expr: `vector(${budget})`, labels },
    { record: RECORD.errorRatio(SLO_PERIOD), expr: `sum_over_time(${current}[${SLO_PERIOD}])\n/\ncount_over_time(${current}[${SLO_PERIOD}])`, labels },
    { record: RECORD.currentBurnRate, expr: `${current} / ${budget}`, labels },
    { record: RECORD.periodBurnRate, expr: `${RECORD.errorRatio(SLO_PERIOD)}{${rsel}} / ${budget}`, labels },
    { record: RECORD.errorBudgetRemaining, expr: `1 - ${RECORD.periodBurnRate}{${rsel}}`, labels },
  ];
}

/** Ticket when requests are counted but no bucket has the threshold's bound: the latency SLO would be silently empty. */
function bucketMissingAlert(i: SloRuleInput, histogram: string, threshold: Latency): AlertingRule {
  const by = `(${PROM_LABELS.namespace}, ${PROM_LABELS.job})`;
  const rate = (series: string) => `sum by ${by} (rate(${series}[${BUCKET_MISSING.window}]))`;
  const count = selector(`${histogram}_count`, serviceMatchers(i));
  const bucket = selector(`${histogram}_bucket`, [...serviceMatchers(i), leMatcher(threshold.seconds)]);
  return {
    alert: ALERT.latencyBucketMissing,
    expr: `(${rate(count)} > 0)\nunless on ${by}\n${rate(bucket)}`,
    for: BUCKET_MISSING.for,
    labels: alertLabels(i, 'ticket', { [PROM_LABELS.slo]: SLO_NAME_LATENCY }),
    annotations: {
      summary: `The latency SLO of ${i.job} in ${i.namespace} measures nothing: its histogram has no ${threshold.text} bucket`,
      description: `${histogram}_count counts requests but no ${histogram}_bucket series has le=${formatNumber(threshold.seconds)} (in any spelling), the bound that measures the latency target. The service's buckets differ from the ones assumed, or are not in seconds: declare its own boundary at or above the target in observability.sli.latencyBucket.`,
      ...i.contextAnnotations,
    },
  };
}

/**
 * The rule groups of one measured service. Every rule that reads a record comes after it in the
 * same group: Prometheus evaluates a group's rules in order at one timestamp, so an alert reads
 * the SLI ratio of this very evaluation. Read from another group, the record can be one whole
 * evaluation interval old, and with rules evaluated every 5m (the lookback delta) Prometheus 3,
 * whose lookback excludes a sample exactly 5m old, sees none: the alert stays silent whenever its
 * group runs first (promtool test rules runs groups in random order, and showed it).
 */
export function buildSloGroups(i: SloRuleInput): RuleGroup[] {
  const groups: RuleGroup[] = [];
  const histogram = latencyHistogramOf(i.sli);
  const target = i.latency?.target;
  const threshold = i.latency?.threshold;
  const availability = availabilitySlo(i);
  const latency = histogram && target && threshold ? latencySlo(i, histogram, target, threshold) : undefined;
  const latencyLabels = recordLabels(i, SLO_NAME_LATENCY);
  const sloRules = (slo: Slo) => [...sliRecords(i, slo), ...metaRecords(i, slo)];

  groups.push({ name: RULE_GROUP.availability, rules: [...sloRules(availability), ...burnAlerts(i, availability)] });
  if (target) {
    const rules: Array<RecordingRule | AlertingRule> = latency ? sloRules(latency) : [];
    rules.push({ record: RECORD.latencyTarget, expr: `vector(${formatNumber(target.seconds)})`, labels: latencyLabels });
    if (latency) rules.push({ record: RECORD.latencyThreshold, expr: `vector(${formatNumber(threshold!.seconds)})`, labels: latencyLabels }, ...burnAlerts(i, latency), bucketMissingAlert(i, histogram!, threshold!));
    groups.push({ name: RULE_GROUP.latency, rules });
  }

  if (i.authAnomaly && i.sli.preset !== 'custom') {
    const rsel = matchersText(recordMatchers(i.context, i));
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
  // Records no rule reads (dashboards do): the P99 whenever the SLI has a histogram, the business facts.
  const service: RecordingRule[] = [];
  if (histogram) service.push({ record: RECORD.latencyP99(LATENCY_RATE_WINDOW), expr: latencyQuantileExpr(histogram, serviceMatchers(i), 0.99), labels: latencyLabels });
  if (i.contextInfo) {
    const { [PROM_LABELS.slo]: _slo, ...labels } = recordLabels(i, SLO_NAME_AVAILABILITY);
    service.push({ record: RECORD.contextInfo, expr: 'vector(1)', labels: { ...labels, ...i.contextInfo } });
  }
  if (service.length) groups.push({ name: RULE_GROUP.service, rules: service });
  return groups;
}

/** Every PromQL expression in the groups, for validation. */
export const exprsOf = (groups: readonly RuleGroup[]) => groups.flatMap((g) => g.rules.map((r) => r.expr));
