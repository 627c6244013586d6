// The SLIs as PromQL: which series measure a service, its request and error rates (a preset's
// metrics or the custom queries), the error ratio and the share of slow requests over a window,
// and the latency quantiles. The rules, the dashboards and the canary analysis all build on these.

import { PROM_LABELS } from '../conventions/index.js';
import { formatNumber } from '../base/numbers.js';
import { leMatcher } from '../promql/le-matcher.js';
import { matchersText, selector, type Matcher } from '../promql/syntax.js';
import { LATENCY_RATE_WINDOW } from '../tables/latency-slo.js';
import { ERROR_STATUS_REGEX, SLI_PRESETS } from '../tables/sli-presets.js';
import { expandPlaceholders } from '../validate/project-context.js';
import type { ServiceRef, SliSource } from './model.js';

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

/** The labels of every record of one SLO of the service. */
export function recordLabels(context: string, s: ServiceRef, slo: string): Record<string, string> {
  return { [PROM_LABELS.context]: context, [PROM_LABELS.slo]: slo, [PROM_LABELS.namespace]: s.namespace, [PROM_LABELS.job]: s.job };
}

/** `sum(rate(<requests>{sel, extra}[w]))` of a preset. */
export function presetRequestRate(preset: 'otel' | 'prometheus', s: ServiceRef, window: string, extra: Matcher[] = []): string {
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
export function errorRatioExpr(i: ServiceRef & { sli: SliSource }, window: string, narrow: readonly Matcher[] = []): string {
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
