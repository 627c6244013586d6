// One run of `hook emit` as pure decisions; plugins/hook does the I/O and owns the clock. Here:
// which flags are usable, where the hook looks, how it spends its --timeout, which tasks ask the
// cluster, and what it reports and exits with.

import { HOOK_DEFAULT_TIMEOUT, HOOK_JOB } from '../conventions/index.js';
import type { ArtifactRef, PlanTask, Plan } from '../plan/plan.js';
import { durationSeconds, formatDuration } from '../base/numbers.js';
import { tracesUrl } from './otlp-url.js';
import { HOOK_TUNING } from '../tables/hook-tuning.js';
import { relocate, verifiedCoverage, type Observation, type Relocation, type Verification } from './verification.js';

/**
 * The --timeout in milliseconds, or why the flags cannot be used (a usage error). The timeout is
 * at most the Job's activeDeadlineSeconds: the Job is killed then anyway. A malformed --endpoint
 * is the caller's mistake too; a malformed endpoint from the environment is only warned about
 * later (the Job's best-effort path).
 */
export function hookFlags(
  flags: { timeout?: string; endpoint?: string },
  job: { name: string; activeDeadlineSeconds: number } = { name: 'hook', activeDeadlineSeconds: HOOK_JOB.activeDeadlineSeconds },
): { timeoutMs: number } | { problem: string } {
  const seconds = durationSeconds(flags.timeout ?? HOOK_DEFAULT_TIMEOUT);
  const ms = seconds === undefined ? 0 : Math.round(seconds * 1000);
  if (ms < 1) return { problem: `--timeout must be a positive duration such as 10s or 500ms (got ${JSON.stringify(flags.timeout)})` };
  const max = job.activeDeadlineSeconds;
  if (ms > max * 1000) return { problem: `--timeout must be at most ${formatDuration(max)}, the ${job.name} Job's activeDeadlineSeconds (got ${JSON.stringify(flags.timeout)})` };
  if (flags.endpoint !== undefined) {
    const url = tracesUrl(flags.endpoint, {});
    if ('problem' in url) return { problem: url.problem };
  }
  return { timeoutMs: ms };
}

export interface HookPlacement {
  /** Set when a plan namespace stands for the namespace the hook runs in. */
  relocation?: Relocation;
  /** The ProjectContext's namespace for this run (where its status is patched). */
  contextNamespace: string;
}

/**
 * Where the hook is: the pod's namespace (downward API), else the kubeconfig context's, else the
 * plan's. Only matters for a context without a namespace (--implicit-namespace).
 */
export function hookPlacement(plan: Plan, where: { pod?: string; kubeconfig?: string; implicitNamespace?: string }): HookPlacement {
  const namespace = where.pod || where.kubeconfig || plan.context.namespace;
  const relocation = where.implicitNamespace !== undefined ? { from: where.implicitNamespace, to: namespace } : undefined;
  return { ...(relocation ? { relocation } : {}), contextNamespace: relocate({ namespace: plan.context.namespace }, relocation).namespace };
}

export interface HookBudget {
  /** Milliseconds after the start of the run by which the cluster reads end. */
  readUntil: number;
  exportUntil: number;
  /** The status patch, which follows the export; then only logging is left. */
  patchUntil: number;
}

export function hookBudget(timeoutMs: number): HookBudget {
  const end = timeoutMs - Math.min(HOOK_TUNING.marginMaxMs, timeoutMs * HOOK_TUNING.marginShare);
  return { readUntil: timeoutMs * HOOK_TUNING.readShare, exportUntil: Math.min(end, timeoutMs * HOOK_TUNING.exportShare), patchUntil: end };
}

export interface HookCheck {
  task: PlanTask;
  /** Where the artifact is looked for (the plan's reference, relocated). */
  location?: ArtifactRef;
  /** False for skipped tasks and tasks without an artifact: judged without asking the cluster. */
  observe: boolean;
}

export function hookChecks(plan: Plan, relocation: Relocation | undefined): HookCheck[] {
  return plan.stories
    .flatMap((s) => s.tasks)
    .map((task) => {
      const location = task.artifact ? relocate(task.artifact, relocation) : undefined;
      return { task, ...(location ? { location } : {}), observe: task.status !== 'skipped' && !!location };
    });
}

/** What every check observes when there is no cluster to ask; the run's warning says why, once. */
export const NO_CLUSTER: Observation = { kind: 'failed', detail: 'no usable cluster configuration' };

export interface HookRun {
  plan: Plan;
  verifications: readonly Verification[];
  traceId: string;
  /** Namespace of the ProjectContext whose status was patched. */
  contextNamespace: string;
  clusterProblem?: string;
  statusProblem?: string;
  /** Why no Prometheus could be asked whether it selects the monitors and rules (no CRD, none, no access): said once. */
  selectionProblem?: string;
  /** Where the spans were sent, and why they were not accepted; no url when there was nowhere to send them. */
  export: { url?: string; problem?: string };
  strict: boolean;
}

/**
 * The log lines and exit code of a run. Missing artifacts are the product (reported, exit 0);
 * an export or cluster failure fails the run only with --strict, so the hook never fails a sync.
 */
export function hookOutcome(r: HookRun): { exitCode: 0 | 1; lines: string[] } {
  const key = `${r.plan.context.namespace}/${r.plan.context.name}`;
  const coverage = verifiedCoverage(r.plan, r.verifications);
  // A trace id names a trace only once a collector has it: otherwise the line says it was not exported.
  const trace = r.export.problem ? `trace ${r.traceId} not exported` : `trace ${r.traceId}`;
  const lines = [`ProjectContext ${key}: ${coverage.verified} of ${coverage.required} planned artifacts verified (coverage ${coverage.ratio}), ${trace}`];
  for (const v of r.verifications) if (v.state === 'missing' || v.state === 'unselected' || v.state === 'unverifiable') lines.push(`${v.state}: ${v.reason ?? v.taskId}`);
  if (r.selectionProblem) lines.push(`unverifiable, not an error: whether a Prometheus selects the ServiceMonitors and PrometheusRules: ${r.selectionProblem}`);
  if (r.clusterProblem) lines.push(`warning: ${r.clusterProblem}; every artifact is unverifiable`);
  if (r.statusProblem) lines.push(`warning: could not record the result on ProjectContext ${r.contextNamespace}/${r.plan.context.name}: ${r.statusProblem}`);
  const to = r.export.url ? ` to ${r.export.url}` : '';
  lines.push(r.export.problem ? `warning: spans not exported${to}: ${r.export.problem}` : `spans exported${to}`);
  const failed = !!r.clusterProblem || !!r.statusProblem || !!r.export.problem || r.verifications.some((v) => v.state === 'unverifiable');
  return { exitCode: r.strict && failed ? 1 : 0, lines };
}

export const dryRunLine = (plan: Plan, traceId: string, spans: number) =>
  `dry run for ProjectContext ${plan.context.namespace}/${plan.context.name}: trace ${traceId}, ${spans} spans; no cluster or collector contacted`;
