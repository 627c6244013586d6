// The ProjectContext's status the hook writes: the merge patch of its status subresource, and
// status.conditions (Kubernetes API conventions: type, status True/False/Unknown, a CamelCase
// reason, a message, lastTransitionTime changed only when the status changes). Pure: the hook
// hands in what it found, the conditions it read and the time.

import { STATUS_CONDITIONS } from '../conventions/index.js';
import { refText, type Plan } from '../plan/plan.js';
import { planChecksum } from '../delivery/plan-checksum.js';
import { truncate } from '../base/truncate.js';
import { kubeTime, verifiedCoverage, type Verification } from './verification.js';

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

/** The CRD's limits of a condition message and of status.artifacts (crds/projectcontext.yaml). */
const MAX_MESSAGE = 32768;
const MAX_ARTIFACTS = 1024;
const MAX_REASON = 1024;
const MAX_ID = 512;
const cut = (text: string, max: number) => truncate(text, max, '…');
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
    return { ...c, message: cut(c.message, MAX_MESSAGE), lastTransitionTime: since, ...(i.generation !== undefined ? { observedGeneration: i.generation } : {}) };
  });
}

/**
 * The merge patch for the ProjectContext's status subresource. `observedRevision` is null (removed)
 * when the plan does not know its revision, so a stale one never survives. `traceId` is given only
 * when the collector accepted the trace: otherwise lastTraceId is left out of the patch and keeps
 * naming the last trace that was stored. `epicSpanId` (its root span) lets the gate link to it.
 */
export function statusPatch(plan: Plan, verifications: readonly Verification[], traceId: string | undefined, verifiedAtMs: number, extra: { conditions?: readonly StatusCondition[]; epicSpanId?: string } = {}): { status: Record<string, unknown> } {
  const { conditions, epicSpanId } = extra;
  const tasks = new Map(plan.stories.flatMap((s) => s.tasks).map((t) => [t.id, t]));
  const artifacts = verifications.slice(0, MAX_ARTIFACTS).map((v) => {
    const task = tasks.get(v.taskId);
    const loc = v.location;
    return {
      id: cut(v.taskId, MAX_ID),
      ...(task ? { type: task.type } : {}),
      ...(loc ? { apiVersion: loc.apiVersion, kind: loc.kind, name: loc.name, namespace: loc.namespace } : {}),
      // `unchecked` is not a state the CRD knows; a real run never leaves a task unchecked.
      state: v.state === 'unchecked' ? 'unverifiable' : v.state,
      ...(v.reason ? { reason: cut(v.reason, MAX_REASON) } : v.state === 'unchecked' ? { reason: 'not checked' } : {}),
    };
  });
  return {
    status: {
      observedChecksum: plan.context.checksum,
      observedPlanChecksum: planChecksum(plan),
      observedRevision: plan.source?.revision ?? null,
      coverage: verifiedCoverage(plan, verifications).ratio,
      ...(traceId ? { lastTraceId: traceId, ...(epicSpanId ? { lastEpicSpanId: epicSpanId } : {}) } : {}),
      lastVerifiedTime: kubeTime(verifiedAtMs),
      artifacts,
      ...(conditions ? { conditions } : {}),
    },
  };
}
