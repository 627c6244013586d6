// The PostSync hook on a real API server, as Argo CD would run it but without a kubelet: the
// render applied (the Job too, which never runs here), then `contextcore hook emit` run as a
// local process with the Job's own arguments and environment and a TokenRequest token of the
// rendered ServiceAccount, nothing else; the spans go to Jaeger, read back through its query
// API (trace-backend.ts), or to an OTLP sink of ours for a collector that misbehaves.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_HOOK_NAMESPACE, LABEL_COMPONENT, PLAN_DATA_KEY } from '../../functions/core/conventions/index.js';
import type { KubeObject } from '../../functions/core/index.js';
import { expand } from '../support/expand.js';
import { loadPaths } from '../../plugins/cli/io.js';
import { ROOT, runCliAsync } from '../helpers.js';
import { hangLimitMs, UNHURRIED } from '../support/hook-limits.js';
import { serviceAccountKubeconfig, yamlStream } from '../support/kubectl.js';
import { decodeSpans, startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../support/otlp-receiver.js';
import type { Jaeger } from '../support/jaeger.js';
import { applied } from './render-cases.js';
import type { ServerUnderTest } from './server-under-test.js';
import { traceBackend } from './trace-backend.js';

type Obj = Record<string, any>;

export interface HookSite {
  rendered: Obj[];
  job: Obj;
  /** Where the Job runs (its pod's namespace, from the downward API). */
  namespace: string;
  /** The plan, from the rendered plan ConfigMap, at a local path. */
  plan: string;
  planJson: Obj;
  /** A kubeconfig with only a token of the Job's ServiceAccount. */
  kubeconfig: string;
}

/** Small inputs for scenarios: a Service with a metrics port, a Deployment, a ProjectContext. */
export const metricsService = (name: string, namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, ...(namespace ? { namespace } : {}), labels: { app: name } },
  spec: { selector: { app: name }, ports: [{ name: 'metrics', port: 9090 }] },
});
export const workload = (name: string, namespace?: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'example.invalid/app:1' }] } } },
});
export const context = (name: string, namespace: string | undefined, targets: Obj[]) => ({
  apiVersion: 'contextcore.io/v1',
  kind: 'ProjectContext',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { project: { id: 'e2e' }, business: { criticality: 'high', owner: 'e2e-team' }, targets },
});

let files = 0;

/**
 * The render with this ProjectContextExpander spec, through the library (golden.test.ts holds
 * `contextcore render` to the same output; here the render is not what is tested).
 */
export function renderWithHook(input: readonly Obj[] | string, configSpec: Obj): Obj[] {
  const loaded = typeof input === 'string' ? loadPaths([join(ROOT, input)]) : { resources: [...input] as KubeObject[], origins: [] };
  const out = expand({ resources: loaded.resources, origins: loaded.origins }, { config: { apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'contextcore' }, spec: configSpec } });
  assert.ok(out.ok, out.results.map((r) => r.message).join('\n'));
  return applied(out.resources as Obj[]);
}

export const planOf = (rendered: readonly Obj[], context: string): Obj =>
  JSON.parse(rendered.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.[LABEL_COMPONENT] === 'plan' && o.metadata.name === `${context}-plan`)!.data[PLAN_DATA_KEY]);

/**
 * Applies a render (objects without a namespace into `destination`, as Argo CD does), the Job
 * after a server-side dry run (Pod Security admission speaks then), leaving out what `leaveOut`
 * picks; and gets the hook's credentials.
 */
export async function deployWithHook(sut: ServerUnderTest, rendered: Obj[], opts: { context: string; destination?: string; leaveOut?: (o: Obj) => boolean }): Promise<HookSite & { jobDryRun: string }> {
  const job = rendered.find((o) => o.kind === 'Job' && o.metadata.name.startsWith(`${opts.context}-`))!;
  const namespace = job.metadata.namespace ?? opts.destination;
  assert.ok(namespace, 'the Job has a namespace, or a destination is given');
  const ns = opts.destination ? ['-n', opts.destination] : [];
  const kept = rendered.filter((o) => o !== job && !opts.leaveOut?.(o));
  await sut.admin.ok(['apply', '--server-side', '--force-conflicts', ...ns, '-f', '-'], yamlStream(kept));
  // Argo CD deletes the previous hook Job first (its hook-delete-policy BeforeHookCreation).
  await sut.admin.ok(['delete', 'job', job.metadata.name, '--ignore-not-found', '-n', namespace]);
  const dry = await sut.admin.ok(['apply', '--server-side', '--dry-run=server', ...ns, '-f', '-'], yamlStream([job]));
  await sut.admin.ok(['apply', '--server-side', ...ns, '-f', '-'], yamlStream([job]));
  const planJson = planOf(rendered, opts.context);
  const plan = join(sut.dir, `plan-${++files}.json`);
  writeFileSync(plan, JSON.stringify(planJson));
  const kubeconfig = await serviceAccountKubeconfig(sut.admin, sut.dir, namespace, job.spec.template.spec.serviceAccountName);
  return { rendered, job, namespace, plan, planJson, kubeconfig, jobDryRun: dry.stderr };
}

export interface HookRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed after `limitMs`: the run hung. */
  killed: boolean;
  /** The trace as Jaeger stored it, or as the sink received it. */
  spans: DecodedSpan[];
  receiver?: OtlpReceiver;
  jaeger?: Jaeger;
}

export interface HookRunOptions {
  /** Arguments after the Job's own. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Other credentials than the ServiceAccount's. */
  kubeconfig?: string;
  /** `ok` (default: Jaeger where it is built), `hang`, an HTTP status to answer with, or an endpoint nobody listens on. */
  collector?: 'ok' | 'hang' | number | { endpoint: string };
  answerAfterMs?: number;
  /** The Retry-After header of a collector answering with an error status. */
  retryAfter?: string;
  /** Leave the endpoint to the environment (OTEL_EXPORTER_OTLP_ENDPOINT) instead of --endpoint. */
  endpointFromEnv?: boolean;
  /** Only `hook emit --plan FILE`: the CLI's defaults instead of the Job's arguments. */
  bare?: boolean;
  /**
   * Kill the run after this long (default: hangLimitMs, HANG_SLACK_MS past its --timeout): a
   * generous bound that tells a hang from a loaded machine, not a speed test.
   */
  limitMs?: number;
}

/** Spans in the trace of a site's plan: the epic, its stories and their tasks. */
export const traceSize = (site: HookSite): number => 1 + site.planJson.stories.length + site.planJson.stories.flatMap((s: Obj) => s.tasks).length;

/** The trace the run printed, as Jaeger stored it; none when the run did not export it. */
async function storedTrace(jaeger: Jaeger, site: HookSite, r: { stdout: string; stderr: string }): Promise<DecodedSpan[]> {
  const traceId = r.stdout.trim();
  if (!/^[0-9a-f]{32}$/.test(traceId) || r.stderr.includes('spans not exported')) return [];
  return jaeger.trace(traceId, traceSize(site));
}

/** Runs `hook emit` with the Job's arguments and environment (plan path made local). */
export async function runHook(site: HookSite, o: HookRunOptions = {}): Promise<HookRun> {
  const container = site.job.spec.template.spec.containers[0];
  const args = o.bare ? ['hook', 'emit', '--plan', site.plan] : [...(container.args as string[]), ...(o.args?.includes('--timeout') ? [] : UNHURRIED)];
  args[args.indexOf('--plan') + 1] = site.plan;
  // An accepting collector given by --endpoint is Jaeger where it is built; everything else the sink.
  const jaeger = (o.collector ?? 'ok') === 'ok' && !o.endpointFromEnv && !o.answerAfterMs ? await traceBackend() : undefined;
  const receiver = jaeger || (o.collector && typeof o.collector === 'object') ? undefined : await startOtlpReceiver(o.collector ?? 'ok', { ...(o.answerAfterMs ? { answerAfterMs: o.answerAfterMs } : {}), ...(o.retryAfter !== undefined ? { retryAfter: o.retryAfter } : {}) });
  const endpoint = jaeger?.otlpEndpoint ?? receiver?.endpoint ?? (o.collector as { endpoint: string }).endpoint;
  try {
    const all = [...args, ...(o.args ?? []), ...(o.endpointFromEnv ? [] : ['--endpoint', endpoint])];
    const r = await runCliAsync(all, {
      limitMs: o.limitMs ?? hangLimitMs(all),
      env: { KUBECONFIG: o.kubeconfig ?? site.kubeconfig, KUBERNETES_SERVICE_HOST: '', OTEL_EXPORTER_OTLP_ENDPOINT: '', [ENV_HOOK_NAMESPACE]: site.namespace, ...o.env },
    });
    const spans = jaeger ? await storedTrace(jaeger, site, r) : receiver ? receiver.received.flatMap((x) => decodeSpans(x.body)) : [];
    return { ...r, spans, ...(receiver ? { receiver } : {}), ...(jaeger ? { jaeger } : {}) };
  } finally {
    await receiver?.close();
  }
}

/** The ProjectContext's status as stored. */
export async function statusOf(sut: ServerUnderTest, namespace: string, name: string): Promise<Obj | undefined> {
  const r = await sut.admin.ok(['get', 'projectcontexts.contextcore.io', name, '-n', namespace, '-o', 'json']);
  return JSON.parse(r.stdout).status;
}

export const byType = (spans: DecodedSpan[], type: string) => spans.filter((s) => s.attributes['task.type'] === type);
export const taskSpan = (spans: DecodedSpan[], id: string) => spans.find((s) => s.attributes['task.id'] === id)!;
