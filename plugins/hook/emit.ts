// `contextcore hook emit`: read the plan, check each artifact in the cluster, record the result
// on the ProjectContext, emit the plan as a trace, print its id. Best effort: an unreachable
// collector or cluster is a warning (exit 0) unless --strict; the whole run ends within
// --timeout. The clock lives here; everything else is decided by the core.

import { readFileSync } from 'node:fs';
import { ENV_HOOK_NAMESPACE } from '../../functions/core/conventions.js';
import { formatResult, type Plan, type Result } from '../../functions/core/index.js';
import type { PlanTask } from '../../functions/core/model.js';
import { tracesUrl } from '../../functions/core/otlp-url.js';
import { parsePlanFile } from '../../functions/core/plan-file.js';
import { planSpans, traceResource } from '../../functions/core/plan-trace.js';
import { error } from '../../functions/core/results.js';
import { relocate, statusPatch, verdict, verifiedCoverage, type Relocation, type Verification } from '../../functions/core/verification.js';
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

/** Share of --timeout for reading the cluster; patching and exporting share what is left. */
const READ_SHARE = 0.5;
/** Concurrent reads against the API server. */
const READ_CONCURRENCY = 8;

const log = (io: Io, text: string) => io.stderr(`contextcore hook: ${text}\n`);

/**
 * The plan, or the problems with its file. Reported here rather than thrown: in the bundle this
 * module is loaded on its own (load.ts), so its error classes are not the CLI's.
 */
function loadPlan(path: string): { plan?: Plan; results: Result[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { results: [error(`cannot read the plan: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { origin: { path } })] };
  }
  return parsePlanFile(text, path);
}

/** Checks every task, at most READ_CONCURRENCY at a time, all cancelled at `until`. */
async function verifyAll(plan: Plan, cluster: Cluster | undefined, problem: string | undefined, relocation: Relocation | undefined, until: number, now: () => number) {
  const tasks = plan.stories.flatMap((s) => s.tasks);
  const verifications = new Map<string, Verification>();
  const timings = new Map<string, { start: number; end: number }>();
  const budget = Math.max(0, Math.floor(until - now()));
  const signal = AbortSignal.timeout(budget);
  const session = cluster?.session(signal);
  const check = async (task: PlanTask) => {
    const start = now();
    const location = task.artifact ? relocate(task.artifact, relocation) : undefined;
    const observation = task.status === 'skipped' || !location ? undefined : session ? await session.observe(location) : { kind: 'failed' as const, detail: problem ?? 'no cluster' };
    verifications.set(task.id, verdict(plan, task, location, observation));
    timings.set(task.id, { start, end: now() });
  };
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, tasks.length) }, async () => {
    while (next < tasks.length) await check(tasks[next++]!);
  }));
  return { verifications: tasks.map((t) => verifications.get(t.id)!), timings };
}

/**
 * `startedAt` is when the process started (performance.timeOrigin), so that --timeout bounds the
 * whole run, Node's own start-up included.
 */
export async function emit(o: EmitOptions, io: Io, env: NodeJS.ProcessEnv = process.env, now: () => number = Date.now, startedAt: number = performance.timeOrigin): Promise<number> {
  const started = Math.min(startedAt, now());
  const deadline = started + o.timeoutMs;
  const loaded = loadPlan(o.planPath);
  for (const r of loaded.results) io.stderr(`${formatResult(r)}\n`);
  if (!loaded.plan) return 1;
  const plan = loaded.plan;
  const key = `${plan.context.namespace}/${plan.context.name}`;

  if (o.dryRun) {
    const specs = planSpans(plan, [], { start: started, end: now(), tasks: new Map() });
    const { json, traceId } = await otlpJson(specs, traceResource(plan, plan.context.namespace));
    io.stdout(`${json}\n`);
    log(io, `dry run for ProjectContext ${key}: trace ${traceId}, ${specs.length} spans; no cluster or collector contacted`);
    return 0;
  }

  const connected = connect(env);
  const cluster = 'cluster' in connected ? connected.cluster : undefined;
  const problem = 'problem' in connected ? connected.problem : undefined;
  const hookNamespace = env[ENV_HOOK_NAMESPACE] || cluster?.namespace || plan.context.namespace;
  const relocation = o.implicitNamespace !== undefined ? { from: o.implicitNamespace, to: hookNamespace } : undefined;
  const { verifications, timings } = await verifyAll(plan, cluster, problem, relocation, started + o.timeoutMs * READ_SHARE, now);

  const ctxNs = relocate({ namespace: plan.context.namespace }, relocation).namespace;
  const specs = planSpans(plan, verifications, { start: started, end: now(), tasks: timings });
  const resource = traceResource(plan, ctxNs);
  const target = tracesUrl(o.endpoint, env);
  const margin = Math.min(250, o.timeoutMs * 0.05);
  const remaining = () => Math.max(1, Math.floor(deadline - margin - now()));
  const exported = 'url' in target ? exportSpans(specs, resource, target.url, remaining()) : undefined;
  const traceId = exported?.traceId ?? (await otlpJson(specs, resource)).traceId;

  let statusProblem: string | undefined;
  const patching =
    o.writeStatus && cluster
      ? cluster
          .session(AbortSignal.timeout(remaining()))
          .patchStatus(ctxNs, plan.context.name, statusPatch(plan, verifications, traceId, new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z')))
          .catch((e: Error) => {
            statusProblem = e.message;
          })
      : Promise.resolve();
  const [exportProblem] = await Promise.all([exported ? exported.done : Promise.resolve('problem' in target ? target.problem : undefined), patching]);

  const coverage = verifiedCoverage(plan, verifications);
  const failed = verifications.filter((v) => v.state === 'missing' || v.state === 'unverifiable');
  log(io, `ProjectContext ${key}: ${coverage.verified} of ${coverage.required} planned artifacts verified (coverage ${coverage.ratio}), trace ${traceId}`);
  for (const v of failed) log(io, `${v.state}: ${v.reason ?? v.taskId}`);
  if (problem) log(io, `warning: ${problem}; every artifact is unverifiable`);
  if (statusProblem) log(io, `warning: could not record the result on ProjectContext ${ctxNs}/${plan.context.name}: ${statusProblem}`);
  if (exportProblem) log(io, `warning: spans not exported${'url' in target ? ` to ${target.url}` : ''}: ${exportProblem}`);
  else log(io, `spans exported to ${(target as { url: string }).url}`);
  io.stdout(`${traceId}\n`);

  const clusterFailed = !!problem || !!statusProblem || verifications.some((v) => v.state === 'unverifiable');
  return o.strict && (clusterFailed || !!exportProblem) ? 1 : 0;
}
