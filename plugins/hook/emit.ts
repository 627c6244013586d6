// `contextcore hook emit`: read the plan, check each artifact in the cluster, record the result
// on the ProjectContext, emit the plan as a trace, print its id. Best effort: an unreachable
// collector or cluster is a warning (exit 0) unless --strict; the whole run ends within
// --timeout. The clock and the I/O live here; the decisions are the core's (hook-run.ts).

import { readFileSync } from 'node:fs';
import { ENV_HOOK_NAMESPACE } from '../../functions/core/conventions.js';
import { dryRunLine, hookBudget, hookChecks, hookOutcome, hookPlacement, NO_CLUSTER, type HookCheck } from '../../functions/core/hook-run.js';
import { formatResult, type Plan, type Result } from '../../functions/core/index.js';
import { tracesUrl } from '../../functions/core/otlp-url.js';
import { parsePlanFile } from '../../functions/core/plan-file.js';
import { planSpans, traceResource } from '../../functions/core/plan-trace.js';
import { error } from '../../functions/core/results.js';
import { HOOK_TUNING } from '../../functions/core/tables/hook-tuning.js';
import { generationPatch, statusPatch, verdict, type Verification } from '../../functions/core/verification.js';
import type { Io } from '../cli/command.js';
import { connect, type Cluster } from './cluster.js';
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

/** Runs the checks, at most readConcurrency at a time, all cancelled after `budgetMs`. */
async function verifyAll(plan: Plan, checks: readonly HookCheck[], cluster: Cluster | undefined, budgetMs: number, now: () => number) {
  const verifications = new Map<string, Verification>();
  const timings = new Map<string, { start: number; end: number }>();
  const session = cluster?.session(AbortSignal.timeout(budgetMs));
  const run = async (c: HookCheck) => {
    const start = now();
    const observation = c.observe ? (session ? await session.observe(c.location!) : NO_CLUSTER) : undefined;
    verifications.set(c.task.id, verdict(plan, c.task, c.location, observation));
    timings.set(c.task.id, { start, end: now() });
  };
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(HOOK_TUNING.readConcurrency, checks.length) }, async () => {
    while (next < checks.length) await run(checks[next++]!);
  }));
  return { verifications: checks.map((c) => verifications.get(c.task.id)!), timings };
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
  const { verifications, timings } = await verifyAll(plan, hookChecks(plan, relocation), cluster, left(budget.readUntil), now);

  const specs = planSpans(plan, verifications, { start: started, end: now(), tasks: timings });
  const resource = traceResource(plan, contextNamespace);
  const target = tracesUrl(o.endpoint, env);
  const exported = 'url' in target ? exportSpans(specs, resource, target.url, left(budget.exportUntil)) : undefined;
  const traceId = exported?.traceId ?? (await otlpJson(specs, resource)).traceId;
  const exportProblem = exported ? await exported.done : 'problem' in target ? target.problem : undefined;

  // After the export, so that lastTraceId only ever names a trace the collector accepted.
  let statusProblem: string | undefined;
  if (o.writeStatus && cluster) {
    const patch = statusPatch(plan, verifications, exportProblem ? undefined : traceId, now(), exported?.spanId);
    const session = cluster.session(AbortSignal.timeout(left(budget.patchUntil)));
    await session
      .patchStatus(contextNamespace, plan.context.name, patch)
      .then((updated) => {
        const generation = generationPatch(updated);
        return generation ? session.patchStatus(contextNamespace, plan.context.name, generation) : undefined;
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
    export: { ...('url' in target ? { url: target.url } : {}), ...(exportProblem ? { problem: exportProblem } : {}) },
    strict: o.strict,
  });
  for (const line of outcome.lines) log(io, line);
  io.stdout(`${traceId}\n`);
  return outcome.exitCode;
}
