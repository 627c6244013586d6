// The error-budget gate's decision as a pure function (docs/delivery.md): what Prometheus
// answered for each check of the plan's gate section → allow, warn (allowed, said loudly) or
// block, with the reason, the message Argo CD shows, and the exit code. The adapter
// (plugins/gate) asks Prometheus, writes the status and emits the span; the clock is its own.

import { ALERT, ANNOTATION_GATE_OVERRIDE, PROJECT_CONTEXT_API_VERSION, PROM_ALERTS, PROM_LABELS, RECORD } from '../conventions/index.js';
import { compareText } from '../base/canonical.js';
import { formatNumber, formatPercentRounded } from '../base/numbers.js';
import type { Plan, GateCheck, GatePlan } from '../plan/plan.js';
import { DEFAULT_SLO_PERIOD } from '../tables/burn-rate-windows.js';
import { kubeTime } from '../hook/verification.js';
import { BUDGET_SPENT_AT, type GateAction, type GateFallback } from '../tables/gate-policy.js';
import { policyWords } from './gate-plan.js';

/** One instant query's outcome: its samples, or why there are none. */

/** A firing page alert in words: its name, class and windows ("ContextCoreErrorBudgetBurn (page, 1h/5m)"). */
function firingAlertName(labels: Record<string, string>): string {
  const long = labels[PROM_LABELS.burnLongWindow];
  const short = labels[PROM_LABELS.burnShortWindow];
  return `${labels[PROM_ALERTS.name] ?? ALERT.budgetBurn} (page${long && short ? `, ${long}/${short}` : ''})`;
}

export type QueryOutcome =
  | { kind: 'ok'; samples: Array<{ labels: Record<string, string>; value: number }> }
  /** No answer: refused, unresolvable, TLS, timed out, HTTP 5xx. */
  | { kind: 'unreachable'; detail: string }
  /** An answer that is an error: HTTP 4xx (bad query, unauthorized), status "error", unreadable. */
  | { kind: 'error'; detail: string };

export interface CheckObservation {
  check: GateCheck;
  budget: QueryOutcome;
  alerts: QueryOutcome;
}

export type Decision = 'allow' | 'warn' | 'block';
/** What decided, as status.gate.reason records it. */
export const GATE_REASONS = ['page-alert', 'budget-spent', 'prometheus-unreachable', 'query-error', 'no-data', 'override', 'healthy', 'nothing-to-check'] as const;
export type Reason = (typeof GATE_REASONS)[number];
export type SloVerdict = 'ok' | 'warn' | 'block' | 'unknown';

export interface SloResult {
  slo: string;
  service: string;
  budgetRemaining?: number;
  firingAlerts: string[];
  verdict: SloVerdict;
  /** What was found, in words ("ContextCoreErrorBudgetBurn (page) firing; 76.1% of the 30d error budget left"). */
  text: string;
}

export interface GateDecision {
  decision: Decision;
  reason: Reason;
  /** What Argo CD shows and the status records: facts, policy, how to override. No final period. */
  message: string;
  /** The decision that the override turned into an allow. */
  overridden?: { decision: Decision; reason: Reason };
  override?: string;
  slos: SloResult[];
  dryRun: boolean;
  exitCode: 0 | 1;
}

interface Cause {
  reason: Exclude<Reason, 'override' | 'healthy' | 'nothing-to-check'>;
  action: GateAction;
}

const fallback = (f: GateFallback): GateAction => (f === 'block' ? 'block' : 'warn');
const RANK: Record<GateAction, number> = { ignore: 0, warn: 1, block: 2 };
/** The order in which causes explain a decision: what is known before what is not. */
const REASON_ORDER: Cause['reason'][] = ['page-alert', 'budget-spent', 'prometheus-unreachable', 'query-error', 'no-data'];

function judge(o: CheckObservation, policy: GatePlan['policy'], period: string): { result: SloResult; causes: Cause[] } {
  const causes: Cause[] = [];
  const facts: string[] = [];
  const problemOf = (q: QueryOutcome, what: string) => {
    if (q.kind === 'unreachable') {
      causes.push({ reason: 'prometheus-unreachable', action: fallback(policy.onUnreachable) });
      facts.push(`${what}: Prometheus did not answer (${q.detail})`.replace(/^its queries: /, ''));
    } else if (q.kind === 'error') {
      causes.push({ reason: 'query-error', action: fallback(policy.onQueryError) });
      facts.push(`${what}: the query failed (${q.detail})`.replace(/^its queries: the query/, 'the queries'));
    }
  };
  const same = o.alerts.kind !== 'ok' && o.budget.kind === o.alerts.kind && o.budget.detail === o.alerts.detail;
  if (same) problemOf(o.budget, 'its queries');
  else {
    problemOf(o.alerts, 'page alerts');
    problemOf(o.budget, 'error budget');
  }
  const firing = o.alerts.kind === 'ok' ? [...new Set(o.alerts.samples.map((s) => firingAlertName(s.labels)))].sort(compareText) : [];
  if (firing.length) {
    causes.push({ reason: 'page-alert', action: policy.pageAlert });
    facts.push(`${firing.join(', ')} firing`);
  }
  let budgetRemaining: number | undefined;
  if (o.budget.kind === 'ok') {
    const values = o.budget.samples.map((s) => s.value).filter((v) => !Number.isNaN(v));
    if (!values.length) {
      causes.push({ reason: 'no-data', action: fallback(policy.onNoData) });
      facts.push(`no data yet (no ${RECORD.errorBudgetRemaining} value)`);
    } else {
      budgetRemaining = Math.min(...values);
      if (budgetRemaining <= BUDGET_SPENT_AT) {
        causes.push({ reason: 'budget-spent', action: policy.budgetSpent });
        facts.push(`the ${period} error budget is spent (${formatPercentRounded(budgetRemaining)} left)`);
      } else facts.push(`${formatPercentRounded(budgetRemaining)} of the ${period} error budget left`);
    }
  }
  const unknown = o.budget.kind !== 'ok' || o.alerts.kind !== 'ok' || budgetRemaining === undefined;
  const worst = causes.filter((c) => c.reason === 'page-alert' || c.reason === 'budget-spent').reduce<GateAction>((w, c) => (RANK[c.action] > RANK[w] ? c.action : w), 'ignore');
  const verdict: SloVerdict = worst === 'block' ? 'block' : worst === 'warn' ? 'warn' : unknown ? 'unknown' : 'ok';
  return {
    result: { slo: o.check.slo, service: o.check.service, ...(budgetRemaining !== undefined ? { budgetRemaining } : {}), firingAlerts: firing, verdict, text: `${o.check.slo} of ${o.check.service}: ${facts.join('; ')}` },
    causes,
  };
}

const FALLBACK_TEXT: Record<string, string> = { allow: 'allow (fail open)', block: 'block (fail closed)' };

export function decide(plan: Plan, gate: GatePlan, observations: readonly CheckObservation[], dryRun: boolean, prometheusUrl: string = gate.prometheusUrl): GateDecision {
  const judged = observations.map((o) => judge(o, gate.policy, gate.period ?? DEFAULT_SLO_PERIOD));
  const causes = judged.flatMap((j) => j.causes).filter((c) => c.action !== 'ignore');
  const action = causes.reduce<GateAction>((w, c) => (RANK[c.action] > RANK[w] ? c.action : w), 'ignore');
  const first = REASON_ORDER.find((r) => causes.some((c) => c.reason === r && c.action === action));
  let decision: Decision = action === 'block' ? 'block' : action === 'warn' ? 'warn' : 'allow';
  let reason: Reason = first ?? (observations.length ? 'healthy' : 'nothing-to-check');
  const slos = judged.map((j) => j.result);

  const context = `ProjectContext ${plan.context.namespace}/${plan.context.name} (${gate.criticality})`;
  // Prometheus not answering (or erring) alike for every query is said once.
  const outcomes = observations.flatMap((o) => [o.budget, o.alerts]);
  const one = outcomes[0];
  const everywhere = one && one.kind !== 'ok' && outcomes.every((q) => q.kind === one.kind && q.detail === one.detail) ? one : undefined;
  let facts = slos.length ? slos.filter((s) => s.verdict !== 'ok' || decision === 'allow').map((s) => s.text) : ['no SLO rules generated for this context: nothing to check'];
  if (everywhere) facts = [`Prometheus at ${prometheusUrl} ${everywhere.kind === 'unreachable' ? 'did not answer' : 'answered every query with an error'} (${everywhere.detail})`];
  let policy = `policy for ${gate.criticality}: ${policyWords(gate.policy, gate.period)}`;
  const fallbacks: Array<[Reason, string, 'allow' | 'block']> = [
    ['prometheus-unreachable', 'when Prometheus is unreachable', gate.policy.onUnreachable],
    ['query-error', 'on a query error', gate.policy.onQueryError],
    ['no-data', 'without data', gate.policy.onNoData],
  ];
  for (const [r, when, f] of fallbacks) if (causes.some((c) => c.reason === r)) policy += `; ${when}: ${FALLBACK_TEXT[f]}`;
  let message = `${context}: ${facts.join('; ')}; ${policy}`;
  let overridden: GateDecision['overridden'];
  if (decision === 'block') {
    if (gate.override) {
      overridden = { decision, reason };
      decision = 'allow';
      reason = 'override';
      message = `${context}: allowed by the override (${ANNOTATION_GATE_OVERRIDE}: "${gate.override}"); without it: blocked, ${facts.join('; ')}; ${policy}`;
    } else message += `. To ship a fix anyway, annotate the ProjectContext with ${ANNOTATION_GATE_OVERRIDE}: "<reason>"`;
  } else if (gate.override) message += `; override "${gate.override}" not needed`;
  return {
    decision,
    reason,
    message,
    ...(overridden ? { overridden } : {}),
    ...(gate.override ? { override: gate.override } : {}),
    slos,
    dryRun,
    exitCode: decision === 'block' && !dryRun ? 1 : 0,
  };
}

/** The decision's lines for a person (the last one is what Argo CD shows of a failed gate). */
export function decisionLines(d: GateDecision): string[] {
  const head = d.dryRun ? `dry run: would ${d.decision === 'allow' ? 'allow' : d.decision}` : d.decision;
  return [...d.slos.map((s) => `${s.verdict}: ${s.text}`), `${head.toUpperCase()} (${d.reason}): ${d.message}`];
}

/** What `gate --format json` prints: a GateDecision object, for pipelines. */
export const GATE_DECISION_KIND = 'GateDecision';

/** The decision as `gate --format json` prints it, with the Prometheus asked and the plan's checksum. */
export function decisionJson(plan: Plan, d: GateDecision, at: { prometheus: string; planChecksum: string }): Record<string, unknown> {
  return {
    apiVersion: PROJECT_CONTEXT_API_VERSION,
    kind: GATE_DECISION_KIND,
    context: { namespace: plan.context.namespace, name: plan.context.name },
    decision: d.decision,
    reason: d.reason,
    message: d.message,
    ...(d.overridden ? { overridden: d.overridden } : {}),
    ...(d.override ? { override: d.override } : {}),
    dryRun: d.dryRun,
    exitCode: d.exitCode,
    prometheus: at.prometheus,
    planChecksum: at.planChecksum,
    slos: d.slos,
  };
}

/** The merge patch of the ProjectContext's status.gate (the CRD's limits). */
export function gateStatusPatch(
  d: GateDecision,
  at: { decidedAtMs: number; planChecksum: string; livePlanChecksum?: string; traceId?: string },
): { status: { gate: Record<string, unknown> } } {
  return {
    status: {
      gate: {
        decision: d.decision,
        reason: d.reason,
        message: d.message.length > 4096 ? `${d.message.slice(0, 4095)}…` : d.message,
        override: d.override ?? null,
        decidedTime: kubeTime(at.decidedAtMs),
        planChecksum: at.planChecksum,
        livePlanChecksum: at.livePlanChecksum ?? null,
        traceId: at.traceId ?? null,
        slos: d.slos.slice(0, 64).map((s) => ({
          slo: s.slo,
          service: s.service,
          ...(s.budgetRemaining !== undefined ? { budgetRemaining: Number(formatNumber(s.budgetRemaining)) } : {}),
          firingAlerts: s.firingAlerts.slice(0, 16),
          verdict: s.verdict,
        })),
      },
    },
  };
}
