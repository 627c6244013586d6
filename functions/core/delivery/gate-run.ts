// One run of `contextcore gate` as pure decisions (plugins/gate does the I/O and owns the clock):
// which flags are usable, how the --timeout is spent, and the plan's gate section read back.

import type { Plan, GatePlan } from '../plan/plan.js';
import { hookFlags } from '../hook/run.js';
import { GATE_TUNING, type GateAction, type GateFallback } from '../tables/gate-policy.js';
import { urlProblem } from '../validate/urls.js';

export type GateFormat = 'text' | 'json';

/** --timeout (at most the gate Job's activeDeadlineSeconds, as the hook's is its own), --prometheus, --format; or why not (a usage error). */
export function gateFlags(flags: { timeout?: string; prometheus?: string; format?: string; endpoint?: string }): { timeoutMs: number; format: GateFormat } | { problem: string } {
  const hook = hookFlags({ timeout: flags.timeout ?? GATE_TUNING.defaultTimeout, ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}) }, { name: 'gate', activeDeadlineSeconds: GATE_TUNING.activeDeadlineSeconds });
  if ('problem' in hook) return hook;
  if (flags.prometheus !== undefined) {
    const problem = urlProblem(flags.prometheus, { required: true });
    if (problem) return { problem: `--prometheus ${problem} (got ${JSON.stringify(flags.prometheus)})` };
  }
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') return { problem: `--format must be text or json (got ${JSON.stringify(flags.format)})` };
  return { timeoutMs: hook.timeoutMs, format };
}

export interface GateBudget {
  /** Milliseconds after the start by which the Prometheus queries end. */
  queryUntil: number;
  /** The span export and the status patch end by then; then only printing is left. */
  end: number;
}

export function gateBudget(timeoutMs: number): GateBudget {
  return { queryUntil: timeoutMs * GATE_TUNING.queryShare, end: timeoutMs - Math.min(250, timeoutMs * 0.05) };
}

const ACTIONS: readonly GateAction[] = ['block', 'warn', 'ignore'];
const FALLBACKS: readonly GateFallback[] = ['allow', 'block'];
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The plan's gate section, checked field by field (a plan from another renderer may lack it). */
export function gateSection(plan: Plan): { gate: GatePlan } | { problem: string } {
  const g = plan.delivery?.gate as Partial<GatePlan> | undefined;
  if (!g) return { problem: 'the plan has no gate section (plan.delivery.gate): render it with the function config gate.enabled: true' };
  const p = g.policy as Partial<GatePlan['policy']> | undefined;
  const bad: string[] = [];
  if (!isString(g.criticality)) bad.push('criticality');
  if (!isString(g.prometheusUrl)) bad.push('prometheusUrl');
  if (!p || !ACTIONS.includes(p.pageAlert!) || !ACTIONS.includes(p.budgetSpent!)) bad.push('policy.pageAlert/budgetSpent');
  if (!p || !FALLBACKS.includes(p.onUnreachable!) || !FALLBACKS.includes(p.onQueryError!) || !FALLBACKS.includes(p.onNoData!)) bad.push('policy.onUnreachable/onQueryError/onNoData');
  if (!Array.isArray(g.checks) || !g.checks.every((c) => c && isString(c.slo) && isString(c.service) && isString(c.budgetQuery) && isString(c.alertsQuery))) bad.push('checks');
  if (g.override !== undefined && !isString(g.override)) bad.push('override');
  return bad.length ? { problem: `the plan's gate section is malformed: ${bad.join(', ')}` } : { gate: g as GatePlan };
}
