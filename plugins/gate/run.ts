// `contextcore gate`: the error-budget gate (an Argo CD PreSync hook, docs/delivery.md). Reads
// the plan's gate section, asks Prometheus for each SLO's remaining budget and firing page
// alerts, decides (the core's delivery/gate-decision.ts), emits the decision as a span linked to
// the context's last plan trace, records it in the ProjectContext's status, prints it, and exits
// 0 (allow, warn) or 1 (block). Everything ends within --timeout. The clock and the I/O live here.

import { readFileSync } from 'node:fs';
import { ANNOTATION_PLAN_CHECKSUM, ENV_HOOK_NAMESPACE, formatResult, PROJECT_CONTEXT_API_VERSION, PROJECT_CONTEXT_KIND, type GatePlan } from '../../functions/core/index.js';
import {
  decide,
  decisionJson,
  decisionLines,
  GATE_TUNING,
  gateBudget,
  gateResource,
  gateSection,
  gateSpan,
  gateStatusPatch,
  hookPlacement,
  planChecksum,
  tracesUrl,
  type CheckObservation,
  type GateDecision,
  type GateFormat,
} from '../../functions/core/in-cluster.js';
import type { Io } from '../cli/command.js';
import { connect } from '../hook/cluster.js';
import { loadPlan } from '../hook/emit.js';
import { exportSpans } from '../hook/spans.js';
import { prometheusClient, type PrometheusClient } from './prometheus.js';

type Obj = Record<string, any>;

export interface GateOptions {
  planPath: string;
  /** Prometheus' base URL; the plan's (the config's gate.prometheusUrl) when not given. */
  prometheus?: string;
  bearerTokenFile?: string;
  caFile?: string;
  timeoutMs: number;
  format: GateFormat;
  dryRun: boolean;
  writeStatus: boolean;
  endpoint?: string;
  implicitNamespace?: string;
}

const log = (io: Io, text: string) => io.stderr(`contextcore gate: ${text}\n`);

/** A file the gate needs (token, CA), or why it cannot be read. */
function readSecretFile(path: string | undefined, flag: string): { value?: string } | { problem: string } {
  if (path === undefined) return {};
  try {
    return { value: readFileSync(path, 'utf8') };
  } catch (e) {
    return { problem: `cannot read ${flag} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Every check's two queries, at most queryConcurrency at a time, all cancelled when `signal` fires. */
async function observe(gate: GatePlan, client: PrometheusClient, signal: AbortSignal): Promise<CheckObservation[]> {
  const jobs = gate.checks.flatMap((check, i) => [
    { i, key: 'budget' as const, expr: check.budgetQuery },
    { i, key: 'alerts' as const, expr: check.alertsQuery },
  ]);
  const results = gate.checks.map((check) => ({ check }) as CheckObservation);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(GATE_TUNING.queryConcurrency, jobs.length) }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        results[job.i]![job.key] = await client.query(job.expr, signal);
      }
    }),
  );
  return results;
}

/** `startedAt` is when the process started, so that --timeout bounds the whole run. */
export async function runGate(o: GateOptions, io: Io, env: NodeJS.ProcessEnv = process.env, now: () => number = Date.now, startedAt: number = performance.timeOrigin): Promise<number> {
  const started = Math.min(startedAt, now());
  const loaded = loadPlan(o.planPath);
  for (const r of loaded.results) io.stderr(`${formatResult(r)}\n`);
  if (!loaded.plan) return 1;
  const plan = loaded.plan;
  const section = gateSection(plan);
  if ('problem' in section) {
    log(io, `${o.planPath}: ${section.problem}`);
    return 1;
  }
  const { gate } = section;
  const token = readSecretFile(o.bearerTokenFile, '--bearer-token-file');
  const ca = readSecretFile(o.caFile, '--ca-file');
  for (const r of [token, ca]) {
    if ('problem' in r) {
      // A configuration mistake, not a fact about Prometheus: said as such, and the sync stops.
      log(io, `${r.problem}; fix the gate's configuration (gate.bearerTokenFile, gate.caFile)`);
      return 2;
    }
  }
  const budget = gateBudget(o.timeoutMs);
  const left = (offset: number) => Math.max(1, Math.floor(started + offset - now()));
  const client = prometheusClient(o.prometheus ?? gate.prometheusUrl, { ...('value' in token && token.value ? { token: token.value.trim() } : {}), ...('value' in ca && ca.value ? { ca: ca.value } : {}) });
  const observations = await observe(gate, client, AbortSignal.timeout(left(budget.queryUntil)));
  const decision: GateDecision = decide(plan, gate, observations, o.dryRun, client.url);
  const decidedAt = now();
  const checksum = planChecksum(plan);

  if (o.dryRun) log(io, `dry run for ProjectContext ${plan.context.namespace}/${plan.context.name}: asked ${client.url}; no cluster or collector contacted`);
  else {
    const connected = o.writeStatus ? connect(env) : undefined;
    const cluster = connected && 'cluster' in connected ? connected.cluster : undefined;
    if (connected && 'problem' in connected) log(io, `warning: decision not recorded on the ProjectContext: ${connected.problem}`);
    const { contextNamespace } = hookPlacement(plan, { pod: env[ENV_HOOK_NAMESPACE], kubeconfig: cluster?.namespace, implicitNamespace: o.implicitNamespace });
    const session = cluster?.session(AbortSignal.timeout(left(budget.end)));
    // The live ProjectContext: its plan stamp (a block is current while it stays) and last plan trace.
    let live: Obj | undefined;
    if (session) {
      const seen = await session.observe({ apiVersion: PROJECT_CONTEXT_API_VERSION, kind: PROJECT_CONTEXT_KIND, namespace: contextNamespace, name: plan.context.name });
      if (seen.kind === 'present') live = seen.object as Obj;
      else log(io, `warning: ProjectContext ${contextNamespace}/${plan.context.name} ${seen.kind === 'absent' ? 'is not in the cluster yet (a first sync)' : `could not be read: ${seen.detail}`}; the decision is not recorded there`);
    }
    const planTrace = live?.status?.lastTraceId && live?.status?.lastEpicSpanId ? { traceId: String(live.status.lastTraceId), spanId: String(live.status.lastEpicSpanId) } : undefined;
    const target = tracesUrl(o.endpoint, env);
    let traceId: string | undefined;
    if ('url' in target) {
      const spec = gateSpan(plan, decision, { start: started, end: decidedAt, planChecksum: checksum, ...(planTrace ? { planTrace } : {}) });
      const exported = exportSpans([spec], gateResource(plan, contextNamespace), target.url, left(budget.end));
      const problem = await exported.done;
      if (problem) log(io, `warning: the decision's span was not exported to ${target.url}: ${problem}`);
      else {
        traceId = exported.traceId;
        log(io, `span exported to ${target.url}: trace ${traceId}${planTrace ? `, linked to plan trace ${planTrace.traceId}` : ''}`);
      }
    } else log(io, `warning: the decision's span was not exported: ${target.problem}`);
    if (session && live) {
      const stamp = live.metadata?.annotations?.[ANNOTATION_PLAN_CHECKSUM];
      const patch = gateStatusPatch(decision, { decidedAtMs: decidedAt, planChecksum: checksum, ...(stamp ? { livePlanChecksum: stamp } : {}), ...(traceId ? { traceId } : {}) });
      await session.patchStatus(contextNamespace, plan.context.name, patch).then(
        () => log(io, `decision recorded on ProjectContext ${contextNamespace}/${plan.context.name}`),
        (e: Error) => log(io, `warning: decision not recorded on ProjectContext ${contextNamespace}/${plan.context.name}: ${e.message}`),
      );
    }
  }

  if (o.format === 'json') io.stdout(`${JSON.stringify(decisionJson(plan, decision, { prometheus: client.url, planChecksum: checksum }), null, 2)}\n`);
  else io.stdout(`${decisionLines(decision).join('\n')}\n`);
  return decision.exitCode;
}
