// The shapes of the SLO rule generator: its input, the rules it writes (prometheus-operator's
// PrometheusRule groups) and the windows every step is given.

import type { AlertClass } from '../tables/derivation.js';
import type { SliPresetName } from '../tables/sli-presets.js';

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

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

export interface SliSource {
  preset: SliPresetName;
  custom?: { errorQuery: string; totalQuery: string; latencyHistogram?: string };
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

/** One tier of burn-rate alerts over a period (slo/windows.ts derives them). */
export interface BurnRateWindow {
  /** 1 for the fastest burn: an alert of a tier inhibits those of higher tiers (docs/generated.md). */
  tier: number;
  alertClass: AlertClass;
  long: string;
  short: string;
  /** Fires above this many times the error budget over both windows. */
  burnRate: number;
  /** Share of the period's error budget spent in the long window at that rate. */
  budgetConsumed: number;
}

/**
 * The windows of one SLO's rules, from its period (tables/burn-rate-windows.ts). Every step takes
 * them as an argument, so that tests can give synthetic ones.
 */
export interface SloWindows {
  /** The SLO period: the error budget is counted over it ("30d"). */
  period: string;
  /** Window of the current burn rate: the shortest alert window, which the period's ratio averages. */
  current: string;
  /** The multiwindow multi-burn-rate tiers, fastest first. */
  tiers: readonly BurnRateWindow[];
}

/** The measured service of one context, and what its alerts carry. */
export interface RuleScope extends ServiceRef {
  /** `<ns>/<name>` of the ProjectContext. */
  context: string;
  /** Labels every alert carries (priority, team, context). */
  alertLabels: Record<string, string>;
  /** Annotations every alert carries (context: owner, links, risks...). */
  contextAnnotations: Record<string, string>;
}

export interface SloRuleInput extends RuleScope {
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
  /** Business facts for the RECORD.contextInfo series (INFO_LABELS keys); no series when absent. */
  contextInfo?: Record<string, string>;
}

/** What one SLO needs for its records and alerts; availability and latency differ only here. */
export interface SloDefinition {
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
