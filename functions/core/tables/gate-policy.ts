// The error-budget gate's default policy (docs/delivery.md), and what each outcome means.
//
// Source: Google SRE Workbook, "Implementing SLOs", appendix "Example Error Budget Policy": when
// a service has exceeded its error budget for the preceding four-week window, all changes and
// releases other than P0 issues or security fixes are halted until it is back within its SLO;
// the page-class burn alerts are the same workbook's chapter 5 ("Alerting on SLOs"). So the
// services whose budget is a promise (critical, high: they page) stop releasing while the budget
// is spent or a page-class burn alert fires now; medium and low ones (tickets only) are warned,
// not stopped. The fix that must ship anyway carries the override annotation, whose reason is
// recorded (the workbook's policy lets the exceptions through by an explicit decision).
//
// When the gate cannot know (our own argument, stated in docs/delivery.md): it allows and says so
// loudly. Prometheus being down, a query failing or a new service without history is a fact
// about monitoring, not about the service: blocking would stop every release, the fix for the
// monitoring outage included, exactly when people need to ship; a gate that fails closed also
// teaches teams to disable it. Each is configurable (onUnreachable, onQueryError, onNoData).

import type { Criticality } from './derivation.js';

/** What a fact does to a release: stop it, let it through with a warning, or nothing. */
export type GateAction = 'block' | 'warn' | 'ignore';
/** When the gate cannot decide from data: fail open (allow, warning) or closed (block). */
export type GateFallback = 'allow' | 'block';

export interface CriticalityPolicy {
  /** A page-class ContextCoreErrorBudgetBurn alert of the context is firing. */
  pageAlert: GateAction;
  /** An SLO's error budget over the period is spent (remaining ≤ 0). */
  budgetSpent: GateAction;
}

export interface GatePolicy {
  byCriticality: Record<Criticality, CriticalityPolicy>;
  /** Prometheus does not answer within the timeout (refused, unresolvable, hanging, TLS, HTTP 5xx). */
  onUnreachable: GateFallback;
  /** Prometheus answers a query with an error (bad_data, HTTP 4xx, a response we cannot read). */
  onQueryError: GateFallback;
  /** No series yet: no budget record for an SLO (a new service, or its rules not loaded). */
  onNoData: GateFallback;
}

export const DEFAULT_GATE_POLICY: GatePolicy = {
  byCriticality: {
    critical: { pageAlert: 'block', budgetSpent: 'block' },
    high: { pageAlert: 'block', budgetSpent: 'block' },
    medium: { pageAlert: 'warn', budgetSpent: 'warn' },
    low: { pageAlert: 'warn', budgetSpent: 'warn' },
  },
  onUnreachable: 'allow',
  onQueryError: 'allow',
  onNoData: 'allow',
};

/** An error budget is spent when at most this share of it is left. */
export const BUDGET_SPENT_AT = 0;

/**
 * The gate's time budget: --timeout by default, and the most the PreSync pod may take in all
 * (image pull included) before Kubernetes stops it; our tuning.
 */
export const GATE_TUNING = {
  defaultTimeout: '20s',
  activeDeadlineSeconds: 300,
  /** Share of --timeout the Prometheus queries get; the status patch and the span share the rest. */
  queryShare: 0.6,
  /** Queries in flight at once against Prometheus. */
  queryConcurrency: 4,
} as const;
