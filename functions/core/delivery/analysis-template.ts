// An Argo Rollouts AnalysisTemplate from a context's SLOs (docs/delivery.md): the same SLIs as
// the generated burn-rate rules (slo/sli.ts), over the analysis interval, on the canary's pods,
// with success and failure conditions from the objective (tables/analysis.ts states the rule).

import { ANALYSIS_ARGS, ROLLOUT_POD_HASH_PROM_LABEL, SLO_NAME_AVAILABILITY, SLO_NAME_LATENCY } from '../conventions/index.js';
import { formatNumber, formatPercent } from '../base/numbers.js';
import type { Matcher } from '../promql/syntax.js';
import { errorRatioExpr, slowRatioExpr } from '../slo/sli.js';
import type { Latency, SliSource, SloWindows } from '../slo/model.js';
import { ANALYSIS } from '../tables/analysis.js';

export interface AnalysisInput {
  sli: SliSource;
  /** Defaults of the namespace and job arguments: the measured service. */
  namespace: string;
  job: string;
  prometheusUrl: string;
  /** The SLO period and its alert tiers: the failure bound is the fastest page tier's. */
  slo: SloWindows;
  /** The availability objective in percent ("99.95") and its error budget as a ratio. */
  availability: { percent: string; budgetRatio: number };
  /** The latency SLO, when the context has one the histogram can measure. */
  latency?: { histogram: string; threshold: Latency; budgetRatio: number };
}

export interface AnalysisMetric {
  /** The SLO (availability, latency): the metric's name. */
  name: string;
  query: string;
  /** The SLI ratio at or below which a measurement is successful, above which it failed. */
  success: number;
  failure: number;
  successCondition: string;
  failureCondition: string;
  /** The rule in words, for the plan and `diff`. */
  words: string;
}

const arg = (name: string) => `{{args.${name}}}`;

/** The measured service as arguments, narrowed to the pods of one pod template hash (the canary's). */
const SERVICE = { namespace: arg(ANALYSIS_ARGS.namespace), job: arg(ANALYSIS_ARGS.job) };
const CANARY: Matcher[] = [{ name: ROLLOUT_POD_HASH_PROM_LABEL, op: '=~', value: arg(ANALYSIS_ARGS.canaryHash) }];


/** `len(result) > 0 && !isNaN(result[0]) && result[0] <op> <x>`: empty and NaN make both false (inconclusive). */
const guarded = (op: '<=' | '>', x: number) => `len(result) > 0 && !isNaN(result[0]) && result[0] ${op} ${formatNumber(x)}`;

/** The burn rate of the fastest page tier whose short window is the analysis interval (tables/analysis.ts). */
export const failureBurnRate = (w: SloWindows): number =>
  Math.max(...w.tiers.filter((t) => t.alertClass === 'page' && t.short === ANALYSIS.interval).map((t) => t.burnRate));

function metric(name: string, query: string, budgetRatio: number, what: string, objective: string, failureRate: number): AnalysisMetric {
  const success = Number(formatNumber(budgetRatio * ANALYSIS.successBurnRate));
  const failure = Number(formatNumber(budgetRatio * failureRate));
  return {
    name,
    query,
    success,
    failure,
    successCondition: guarded('<=', success),
    failureCondition: guarded('>', failure),
    words: `${objective} → canary analysis every ${ANALYSIS.interval}: successful while the canary's ${what} is at most ${formatPercent(success)} (burn rate ${formatNumber(ANALYSIS.successBurnRate)}), failed above ${formatPercent(failure)} (burn rate ${formatNumber(failureRate)}, the fastest page tier), inconclusive in between or without traffic (the rollout pauses)`,
  };
}

export function analysisMetrics(i: AnalysisInput): AnalysisMetric[] {
  const metrics = [
    metric(SLO_NAME_AVAILABILITY, errorRatioExpr({ sli: i.sli, ...SERVICE }, ANALYSIS.interval, CANARY), i.availability.budgetRatio, 'error ratio', `objective ${i.availability.percent}%`, failureBurnRate(i.slo)),
  ];
  if (i.latency) {
    const { histogram, threshold, budgetRatio } = i.latency;
    metrics.push(metric(SLO_NAME_LATENCY, slowRatioExpr(histogram, SERVICE, threshold.seconds, ANALYSIS.interval, CANARY), budgetRatio, `share of requests slower than ${threshold.text}`, `latency SLO (${formatPercent(1 - budgetRatio)} within ${threshold.text})`, failureBurnRate(i.slo)));
  }
  return metrics;
}

/** The AnalysisTemplate's spec: the canary selector's arguments, one metric per SLO. */
export function analysisTemplateSpec(i: AnalysisInput): Record<string, unknown> {
  return {
    args: [
      { name: ANALYSIS_ARGS.namespace, value: i.namespace },
      { name: ANALYSIS_ARGS.job, value: i.job },
      { name: ANALYSIS_ARGS.canaryHash, value: ANALYSIS.anyPodHash },
    ],
    metrics: analysisMetrics(i).map((m) => ({
      name: m.name,
      interval: ANALYSIS.interval,
      initialDelay: ANALYSIS.initialDelay,
      count: ANALYSIS.count,
      failureLimit: ANALYSIS.failureLimit,
      inconclusiveLimit: ANALYSIS.inconclusiveLimit,
      successCondition: m.successCondition,
      failureCondition: m.failureCondition,
      provider: { prometheus: { address: i.prometheusUrl, query: m.query } },
    })),
  };
}
