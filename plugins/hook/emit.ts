// `contextcore hook emit`: read the plan, check each artifact in the cluster, record the result
// on the ProjectContext, emit the plan as a trace, print its id once the collector accepted it. Best effort: an unreachable
// collector or cluster is a warning (exit 0) unless --strict; the whole run ends within
// --timeout. The clock and the I/O live here; the decisions are the core's (functions/core/hook/run.ts).

import { readFileSync } from 'node:fs';
import { ENV_HOOK_NAMESPACE, error, formatResult, type KubeObject, type Plan, type Result } from '../../functions/core/index.js';
import {
  applySelection,
  dryRunLine,
  generationPatch,
  HOOK_TUNING,
  hookBudget,
  hookChecks,
  hookOutcome,
  hookPlacement,
  kubeTime,
  needsNamespaceLabels,
  NO_CLUSTER,
  parsePlanFile,
  planSpans,
  selection,
  statusConditions,
  statusPatch,
  traceResource,
  tracesUrl,
  verdict,
  type HookCheck,
  type SelectedKind,
  type Selection,
  type SelectionResult,
  type Verification,
} from '../../functions/core/in-cluster.js';
import type { Io } from '../cli/command.js';
import { connect, type ClusterSession } from './cluster.js';
import { exportSpans, otlpJson } from './spans.js';

export interface EmitOptions {
  planPath: string;
  endpoint?: string;
  dryRun: boolean;
  strict: boolean;
  timeoutMs: number;
  /** The plan namespace that stands for the namespace the hook runs in. */
  implicitNamespace?: string;
  writeStatus: boolean;
}

const log = (io: Io, text: string) => io.stderr(`contextcore hook: ${text}\n`);

/**
 * The plan, or the problems with its file. Reported here rather than thrown: in the bundle this
 * module is loaded on its own (load.ts), so its error classes are not the CLI's.
 */
export function loadPlan(path: string): { plan?: Plan; results: Result[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { results: [error(`cannot read the plan: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { origin: { path } })] };
  }
  return parsePlanFile(text, path);
}

/** Runs the checks, at most readConcurrency at a time, with the session's deadline; keeps what was found of the kinds a Prometheus selects. */
async function verifyAll(plan: Plan, checks: readonly HookCheck[], session: ClusterSession | undefined, now: () => number) {
  const verifications = new Map<string, Verification>();
  const timings = new Map<string, { start: number; end: number }>();
  const found = new Map<string, KubeObject>();
  const run = async (c: HookCheck) => {
    const start = now();
    const observation = c.observe ? (session ? await session.observe(c.location!) : NO_CLUSTER) : undefined;
    if (observation?.kind === 'present' && SELECTED_KINDS.includes(c.location!.kind as SelectedKind)) found.set(c.task.id, observation.object);
    verifications.set(c.task.id, verdict(plan, c.task, c.location, observation));
    timings.set(c.task.id, { start, end: now() });
  };
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(HOOK_TUNING.readConcurrency, checks.length) }, async () => {
    while (next < checks.length) await run(checks[next++]!);
  }));
  return { verifications: checks.map((c) => verifications.get(c.task.id)!), timings, found };
}

const SELECTED_KINDS: readonly SelectedKind[] = ['ServiceMonitor', 'PrometheusRule'];

/** Asks the Prometheus objects whether they select each ServiceMonitor and PrometheusRule found. */
async function checkSelection(verifications: readonly Verification[], found: ReadonlyMap<string, KubeObject>, session: ClusterSession | undefined): Promise<SelectionResult> {
  const candidates = verifications.filter((v) => v.state === 'verified' && found.has(v.taskId));
  if (!candidates.length || !session) return { selections: new Map() };
  const list = await session.listPrometheuses();
  if ('none' in list) return { selections: new Map(), unverifiable: list.none };
  const labels = new Map<string, Record<string, string> | undefined>();
  const selections = new Map<string, Selection>();
  for (const v of candidates) {
    const object = found.get(v.taskId)!;
    const kind = v.location!.kind as SelectedKind;
    const namespace = v.location!.namespace;
    if (needsNamespaceLabels(list.items, kind) && !labels.has(namespace)) labels.set(namespace, await session.namespaceLabels(namespace));
    selections.set(v.taskId, selection(list.items, { kind, namespace, labels: { ...(object.metadata?.labels ?? {}) } }, labels.get(namespace)));
  }
  return { selections };
}

/**
 * `startedAt` is when the process started (performance.timeOrigin), so that --timeout bounds the
 * whole run, Node's own start-up included.
 */
export async function emit(o: EmitOptions, io: Io, env: NodeJS.ProcessEnv = process.env, now: () => number = Date.now, startedAt: number = performance.timeOrigin): Promise<number> {
  const started = Math.min(startedAt, now());
  const loaded = loadPlan(o.planPath);
  for (const r of loaded.results) io.stderr(`${formatResult(r)}\n`);
  if (!loaded.plan) return 1;
  const plan = loaded.plan;

  if (o.dryRun) {
    const specs = planSpans(plan, [], { start: started, end: now(), tasks: new Map() });
    const { json, traceId } = await otlpJson(specs, traceResource(plan, plan.context.namespace));
    io.stdout(`${json}\n`);
    log(io, dryRunLine(plan, traceId, specs.length));
    return 0;
  }

  const budget = hookBudget(o.timeoutMs);
  /** Milliseconds left until `offset` after the start (at least 1: timers need a positive delay). */
  const left = (offset: number) => Math.max(1, Math.floor(started + offset - now()));
  const connected = connect(env);
  const cluster = 'cluster' in connected ? connected.cluster : undefined;
  const clusterProblem = 'problem' in connected ? connected.problem : undefined;
  const { relocation, contextNamespace } = hookPlacement(plan, { pod: env[ENV_HOOK_NAMESPACE], kubeconfig: cluster?.namespace, implicitNamespace: o.implicitNamespace });
  const reads = cluster?.session(AbortSignal.timeout(left(budget.readUntil)));
  const checked = await verifyAll(plan, hookChecks(plan, relocation), reads, now);
  const timings = checked.timings;
  // Present is not enough for a ServiceMonitor or PrometheusRule: a Prometheus must select it.
  const selected = await checkSelection(checked.verifications, checked.found, reads);
  const verifications = applySelection(checked.verifications, selected);

  const specs = planSpans(plan, verifications, { start: started, end: now(), tasks: timings });
  const resource = traceResource(plan, contextNamespace);
  const target = tracesUrl(o.endpoint, env);
  const exported = 'url' in target ? exportSpans(specs, resource, target.url, left(budget.exportUntil)) : undefined;
  const traceId = exported?.traceId ?? (await otlpJson(specs, resource)).traceId;
  const exportProblem = exported ? await exported.done : 'problem' in target ? target.problem : undefined;

  // After the export, so that lastTraceId only ever names a trace the collector accepted.
  let statusProblem: string | undefined;
  if (o.writeStatus && cluster) {
    const session = cluster.session(AbortSignal.timeout(left(budget.patchUntil)));
    const stored = await session.readContext(contextNamespace, plan.context.name);
    const at = now();
    const generation = typeof stored?.metadata?.generation === 'number' ? stored.metadata.generation : undefined;
    const conditions = statusConditions({
      plan,
      verifications,
      ...(selected.unverifiable ? { selectionProblem: selected.unverifiable } : {}),
      previous: (stored?.status as { conditions?: unknown } | undefined)?.conditions,
      now: kubeTime(at),
      ...(generation !== undefined ? { generation } : {}),
    });
    const patch = statusPatch(plan, verifications, exportProblem ? undefined : traceId, at, { conditions, ...(exported?.spanId ? { epicSpanId: exported.spanId } : {}) });
    // The generation read with the context goes in the same patch; when it could not be read, the
    // object the API server returns tells it, and a second patch records it.
    if (generation !== undefined) patch.status.observedGeneration = generation;
    await session
      .patchStatus(contextNamespace, plan.context.name, patch)
      .then((updated) => {
        const observed = generationPatch(updated);
        return observed ? session.patchStatus(contextNamespace, plan.context.name, observed) : undefined;
      })
      .catch((e: Error) => void (statusProblem = e.message));
  }

  const outcome = hookOutcome({
    plan,
    verifications,
    traceId,
    contextNamespace,
    ...(clusterProblem ? { clusterProblem } : {}),
    ...(statusProblem ? { statusProblem } : {}),
    ...(selected.unverifiable ? { selectionProblem: selected.unverifiable } : {}),
    export: { ...('url' in target ? { url: target.url } : {}), ...(exportProblem ? { problem: exportProblem } : {}) },
    strict: o.strict,
  });
  for (const line of outcome.lines) log(io, line);
  // stdout is the id of a stored trace, or nothing.
  if (!exportProblem) io.stdout(`${traceId}\n`);
  return outcome.exitCode;
}
