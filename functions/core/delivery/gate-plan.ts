// What the error-budget gate checks for one context, decided at render time and carried in the
// plan (plan.delivery.gate), so that the PreSync gate reads exactly the records and alerts this
// render generated: the gate and the alerts cannot disagree. Also the policy in words, for
// `contextcore plan` and `diff`.

import { ALERT, ANNOTATION_GATE_OVERRIDE, PROM_ALERTS, PROM_LABELS, RECORD, SLO_NAME_AVAILABILITY, SLO_NAME_LATENCY } from '../conventions/index.js';
import type { ContextModel } from '../pipeline/model.js';
import type { GateCheck, GatePlan, PlanTask } from '../plan/plan.js';
import { matchersText, selector, type Matcher } from '../promql/syntax.js';
import { recordMatchers } from '../slo/sli.js';
import { DEFAULT_SLO_PERIOD } from '../tables/burn-rate-windows.js';
import type { Criticality } from '../tables/derivation.js';
import type { CriticalityPolicy, GateAction, GatePolicy } from '../tables/gate-policy.js';

/** Longest override reason recorded (the CRD's status.gate.override). */
export const MAX_OVERRIDE = 1024;

/** The override annotation's reason: trimmed; empty means no override (a reason is required). */
export function overrideReason(ctx: ContextModel): string | undefined {
  const value = ctx.entry.object.metadata?.annotations?.[ANNOTATION_GATE_OVERRIDE];
  const reason = typeof value === 'string' ? value.trim() : '';
  return reason ? reason.slice(0, MAX_OVERRIDE) : undefined;
}

const ACTION_WORDS: Record<Exclude<GateAction, 'ignore'>, string> = { block: 'block', warn: 'warn (and allow)' };

/** "block while a page-class burn alert fires or an error budget is spent", from the policy. */
export function policyWords(p: CriticalityPolicy, period: string = DEFAULT_SLO_PERIOD): string {
  const facts: Array<[GateAction, string]> = [
    [p.pageAlert, 'a page-class burn alert fires'],
    [p.budgetSpent, `an error budget over ${period} is spent`],
  ];
  const by = (a: GateAction) => facts.filter(([x]) => x === a).map(([, f]) => f);
  const parts = (['block', 'warn'] as const).filter((a) => by(a).length).map((a) => `${ACTION_WORDS[a]} while ${by(a).join(' or ')}`);
  return parts.length ? parts.join('; ') : 'allow whatever the budget and alerts say';
}

const FALLBACK_WORDS = { allow: 'allow (fail open)', block: 'block (fail closed)' } as const;

export function gatePlan(ctx: ContextModel, tasks: readonly PlanTask[], gate: { prometheusUrl: string; policy: GatePolicy }): GatePlan {
  const criticality = ctx.derived.criticality as Criticality;
  const { byCriticality, ...fallbacks } = gate.policy;
  const policy = { ...byCriticality[criticality], ...fallbacks };
  const checks: GateCheck[] = [];
  for (const t of tasks.filter((x) => x.type === 'prometheus_rule' && x.status === 'generated')) {
    const service = { namespace: t.target.namespace, job: t.parameters.job! };
    const slos = [SLO_NAME_AVAILABILITY, ...(t.parameters.latencyThreshold ? [SLO_NAME_LATENCY] : [])];
    for (const slo of slos) {
      const records = recordMatchers(ctx.key, service, slo);
      const alerts: Matcher[] = [
        { name: PROM_ALERTS.name, op: '=', value: ALERT.budgetBurn },
        { name: PROM_ALERTS.state, op: '=', value: PROM_ALERTS.firing },
        { name: PROM_LABELS.alertClass, op: '=', value: 'page' },
        ...records,
      ];
      checks.push({ slo, service: `${service.namespace}/${service.job}`, budgetQuery: `${RECORD.errorBudgetRemaining}{${matchersText(records)}}`, alertsQuery: selector(PROM_ALERTS.metric, alerts) });
    }
  }
  const override = overrideReason(ctx);
  const words = [
    `gate before each sync (PreSync): ${criticality} → ${policyWords(policy, ctx.derived.slo.period)}`,
    `gate when it cannot tell: Prometheus unreachable → ${FALLBACK_WORDS[policy.onUnreachable]}; query error → ${FALLBACK_WORDS[policy.onQueryError]}; no data yet → ${FALLBACK_WORDS[policy.onNoData]}`,
    checks.length ? `gate reads ${checks.map((c) => `${c.slo} of ${c.service}`).join(', ')}` : 'gate reads nothing: no SLO rules generated for this context',
    override ? `gate override (${ANNOTATION_GATE_OVERRIDE}): "${override}" → allow, the reason recorded` : `gate override: annotate the ProjectContext with ${ANNOTATION_GATE_OVERRIDE}: "<reason>"`,
  ];
  const period = ctx.spec.requirements?.period;
  return { criticality, policy, prometheusUrl: gate.prometheusUrl, ...(period !== undefined ? { period } : {}), ...(override ? { override } : {}), checks, words };
}
