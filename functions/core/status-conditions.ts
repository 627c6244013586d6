// The ProjectContext's status.conditions the hook writes (Kubernetes API conventions: type,
// status True/False/Unknown, a CamelCase reason, a message, lastTransitionTime changed only when
// the status changes). Pure: the hook hands in what it found, the conditions it read and the time.

import { STATUS_CONDITIONS } from './conventions.js';
import { refText, type Plan } from './plan.js';
import type { Verification } from './verification.js';

export interface StatusCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export interface ConditionInput {
  plan: Plan;
  verifications: readonly Verification[];
  /** Why no artifact could be checked. */
  clusterProblem?: string;
  /** Why no Prometheus could be asked (said once). */
  selectionProblem?: string;
  /** status.conditions as the hook read them, to keep the time of a condition that did not change. */
  previous?: unknown;
  /** RFC 3339, as Kubernetes writes times. */
  now: string;
  generation?: number;
}

/** The CRD's limit of a condition message (crds/projectcontext.yaml). */
const MAX_MESSAGE = 32768;
const cut = (text: string) => (text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`);
const SELECTED_KINDS = new Set(['ServiceMonitor', 'PrometheusRule']);
const count = (n: number, what: string) => `${n} ${what}`;

export function statusConditions(i: ConditionInput): StatusCondition[] {
  const by = (state: Verification['state']) => i.verifications.filter((v) => v.state === state);
  const [missing, unselected, unverifiable, verified] = [by('missing'), by('unselected'), by('unverifiable'), by('verified')];
  const reasons = (vs: readonly Verification[]) => vs.map((v) => v.reason ?? v.taskId).join('\n');
  const planned = i.verifications.filter((v) => v.state !== 'skipped').length;
  const out: Array<Omit<StatusCondition, 'lastTransitionTime'>> = [];

  if (i.clusterProblem) out.push({ type: STATUS_CONDITIONS.verified, status: 'Unknown', reason: 'ClusterUnreachable', message: i.clusterProblem });
  else if (missing.length || unselected.length) {
    const parts = [missing.length ? count(missing.length, 'missing') : '', unselected.length ? count(unselected.length, 'selected by no Prometheus') : ''].filter(Boolean).join(', ');
    out.push({ type: STATUS_CONDITIONS.verified, status: 'False', reason: 'Gaps', message: `${parts} of ${planned} planned artifacts:\n${reasons([...missing, ...unselected])}` });
  } else if (unverifiable.length) out.push({ type: STATUS_CONDITIONS.verified, status: 'Unknown', reason: 'Unverifiable', message: `${count(unverifiable.length, 'unverifiable')} of ${planned} planned artifacts:\n${reasons(unverifiable)}` });
  else out.push({ type: STATUS_CONDITIONS.verified, status: 'True', reason: 'AllVerified', message: `${verified.length} of ${planned} planned artifacts verified` });

  // Over the ServiceMonitors and PrometheusRules that are there; a missing one is Verified's to say.
  const present = i.verifications.filter((v) => v.location && SELECTED_KINDS.has(v.location.kind) && (v.state === 'verified' || v.state === 'unselected' || v.state === 'unverifiable'));
  if (present.length && !i.clusterProblem) {
    const notSelected = present.filter((v) => v.state === 'unselected');
    const unknown = present.filter((v) => v.state === 'unverifiable');
    const type = STATUS_CONDITIONS.prometheusSelects;
    if (notSelected.length) out.push({ type, status: 'False', reason: 'NotSelected', message: `${count(notSelected.length, 'of')} ${present.length} ServiceMonitors and PrometheusRules selected by no Prometheus:\n${reasons(notSelected)}` });
    else if (i.selectionProblem) out.push({ type, status: 'Unknown', reason: 'Unverifiable', message: i.selectionProblem });
    else if (unknown.length) out.push({ type, status: 'Unknown', reason: 'Unverifiable', message: reasons(unknown) });
    else out.push({ type, status: 'True', reason: 'Selected', message: `a Prometheus selects each of ${present.map((v) => refText(v.location!)).join(', ')}` });
  }

  const warnings = i.plan.warnings ?? [];
  out.push(
    warnings.length
      ? { type: STATUS_CONDITIONS.renderWarnings, status: 'True', reason: 'Warnings', message: warnings.join('\n') }
      : { type: STATUS_CONDITIONS.renderWarnings, status: 'False', reason: 'NoWarnings', message: 'the render warned about nothing' },
  );

  const previous = Array.isArray(i.previous) ? (i.previous as Array<Partial<StatusCondition>>) : [];
  return out.map((c) => {
    const before = previous.find((p) => p && p.type === c.type);
    const since = before && before.status === c.status && typeof before.lastTransitionTime === 'string' ? before.lastTransitionTime : i.now;
    return { ...c, message: cut(c.message), lastTransitionTime: since, ...(i.generation !== undefined ? { observedGeneration: i.generation } : {}) };
  });
}

