// `contextcore hook emit` as a process, against a real OTLP/HTTP receiver and a Kubernetes API
// stand-in holding the rendered output: what reaches the collector, what is written to the
// ProjectContext status, and what happens when the collector or the cluster misbehaves.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { main } from '../plugins/cli/main.js';
import { CLI, runCli, runCliAsync } from './helpers.js';
import { startKubeApi, writeKubeconfig, type KubeApi, type KubeApiOptions } from './support/kube-api.js';
import { decodeSpans, refusedEndpoint, startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from './support/otlp-receiver.js';

type Obj = Record<string, any>;

const TMP = mkdtempSync(join(tmpdir(), 'cc-hook-'));
/**
 * Slack over --timeout when checking that a run facing a hang ends: start-up counts against
 * --timeout already, so this only covers the exit and the child process being reaped. It bounds
 * a hang, it is not a speed test.
 */
const STARTUP_SLACK_MS = 1000;

function renderWithHook(inputs: string[], configSpec: Obj, stdin?: string): Obj[] {
  const config = join(TMP, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(config, JSON.stringify({ apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'contextcore' }, spec: configSpec }));
  const r = runCli(['render', ...inputs, '--config', config], stdin === undefined ? {} : { input: stdin });
  assert.equal(r.code, 0, r.stderr);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj);
}

function planFile(objects: Obj[], name: string): string {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.['contextcore.io/artifact'] === 'plan' && o.metadata.name === name)!;
  const path = join(TMP, `${name}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, cm.data['plan.json']);
  return path;
}

/** The hook's arguments exactly as the rendered Job runs them, with the plan at a local path. */
function jobArgs(objects: Obj[], plan: string): string[] {
  const job = objects.find((o) => o.kind === 'Job')!;
  const args = [...job.spec.template.spec.containers[0].args] as string[];
  args[args.indexOf('--plan') + 1] = plan;
  return args;
}

const SOURCE = { application: 'checkout-prod', repoURL: 'https://git.example.com/shop/deploy.git', revision: '3f2c1ab' };
const rendered = renderWithHook(['examples/checkout'], { environment: 'production', hook: { enabled: true }, source: SOURCE });
const PLAN = planFile(rendered, 'checkout-plan');
const PLAN_JSON = JSON.parse(rendered.find((o) => o.metadata?.name === 'checkout-plan')!.data['plan.json']);
const TASKS = PLAN_JSON.stories.flatMap((s: Obj) => s.tasks);

interface Scenario {
  api?: Partial<KubeApiOptions> & { objects?: Obj[] };
  /** Which credentials the hook uses: its rendered ServiceAccount (default), an unbound one, or none. */
  as?: 'hook' | 'stranger';
  kubeconfig?: string;
  collector?: 'ok' | 'hang' | 'refused' | number;
  /** The collector answers only after this long. */
  answerAfterMs?: number;
  /** Arguments after the rendered Job's own. */
  args?: string[];
  /** Only `hook emit --plan FILE`: the CLI's own defaults instead of the Job's arguments. */
  bare?: boolean;
  /** Pass the collector with --endpoint (default) or leave the endpoint to the environment. */
  endpointFrom?: 'flag' | 'env';
  env?: NodeJS.ProcessEnv;
  mutate?: (api: KubeApi) => void;
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  api?: KubeApi;
  receiver?: OtlpReceiver;
  spans: DecodedSpan[];
}

const open: Array<{ close(): Promise<void> }> = [];
after(async () => {
  await Promise.all(open.map((s) => s.close()));
});

async function run(s: Scenario = {}): Promise<Outcome> {
  const api = s.kubeconfig ? undefined : await startKubeApi({ rbac: true, ...s.api, objects: s.api?.objects ?? rendered });
  if (api) open.push(api);
  s.mutate?.(api!);
  const kubeconfig = s.kubeconfig ?? writeKubeconfig(api!.url, s.as === 'stranger' ? api!.tokenFor('commerce', 'someone-else') : api!.tokenFor('commerce', 'checkout-verify'));
  let endpoint: string;
  let receiver: OtlpReceiver | undefined;
  if (s.collector === 'refused') endpoint = await refusedEndpoint();
  else {
    receiver = await startOtlpReceiver(s.collector ?? 'ok', s.answerAfterMs ? { answerAfterMs: s.answerAfterMs } : {});
    open.push(receiver);
    endpoint = receiver.endpoint;
  }
  const args = [...(s.bare ? ['hook', 'emit', '--plan', PLAN] : jobArgs(rendered, PLAN)), ...(s.args ?? []), ...(s.endpointFrom === 'env' ? [] : ['--endpoint', endpoint])];
  const r = await runCliAsync(args, { env: { KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '', OTEL_EXPORTER_OTLP_ENDPOINT: '', ...s.env } });
  const spans = receiver ? receiver.received.flatMap((x) => decodeSpans(x.body)) : [];
  return { ...r, ...(api ? { api } : {}), ...(receiver ? { receiver } : {}), spans };
}

const byType = (spans: DecodedSpan[], type: string) => spans.filter((s) => s.attributes['task.type'] === type);
const taskSpan = (spans: DecodedSpan[], id: string) => spans.find((s) => s.attributes['task.id'] === id)!;
const statusOf = (api: KubeApi) => api.get('contextcore.io/v1', 'ProjectContext', 'commerce', 'checkout')?.status;
const uniqueSpans = (spans: DecodedSpan[]) => [...new Map(spans.map((s) => [s.spanId, s])).values()];

describe('hook emit against a cluster holding the rendered output', () => {
  let ok: Outcome;
  before(async () => {
    ok = await run();
  });

  it('exits 0 and prints only the trace id on stdout', () => {
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^[0-9a-f]{32}\n$/);
    assert.match(ok.stderr, /5 of 5 planned artifacts verified \(coverage 1\)/);
  });

  it('sends one OTLP/JSON request to /v1/traces holding one trace', () => {
    assert.equal(ok.receiver!.received.length, 1);
    assert.equal(ok.receiver!.received[0]!.path, '/v1/traces');
    assert.match(ok.receiver!.received[0]!.contentType, /^application\/json/);
    assert.deepEqual([...new Set(ok.spans.map((s) => s.traceId))], [ok.stdout.trim()]);
    assert.equal(ok.spans.length, 1 + PLAN_JSON.stories.length + TASKS.length);
  });

  it('the epic is the root, stories are its children and tasks the children of their story', () => {
    const [epic, ...more] = byType(ok.spans, 'epic');
    assert.equal(more.length, 0);
    assert.equal(epic!.parentSpanId, undefined);
    assert.equal(epic!.name, 'commerce-platform observability');
    for (const story of byType(ok.spans, 'story')) {
      assert.equal(story.parentSpanId, epic!.spanId, story.name);
      assert.equal(story.attributes['task.parent_id'], epic!.attributes['task.id']);
    }
    for (const task of byType(ok.spans, 'task')) {
      const story = ok.spans.find((s) => s.spanId === task.parentSpanId)!;
      assert.equal(story.attributes['task.type'], 'story', task.name);
      assert.equal(story.attributes['artifact.type'], task.attributes['artifact.type']);
      assert.equal(task.attributes['task.parent_id'], story.attributes['task.id']);
      assert.ok(task.start >= story.start && task.end <= story.end && story.start >= epic!.start && story.end <= epic!.end, `${task.name} lies within its parents`);
    }
    assert.deepEqual(byType(ok.spans, 'story').map((s) => s.name).sort(), PLAN_JSON.stories.map((s: Obj) => s.title).sort());
    assert.deepEqual(byType(ok.spans, 'task').map((s) => s.name).sort(), TASKS.map((t: Obj) => t.title).sort());
  });

  it('resource attributes name the hook, the namespace and the sync (revision, repository, application)', () => {
    const r = ok.spans[0]!.resource;
    assert.equal(r['service.name'], 'contextcore-hook');
    assert.equal(r['k8s.namespace.name'], 'commerce');
    assert.equal(r['deployment.environment.name'], 'production');
    assert.equal(r['vcs.ref.head.revision'], SOURCE.revision);
    assert.equal(r['vcs.repository.url.full'], SOURCE.repoURL);
    assert.equal(r['cicd.pipeline.name'], SOURCE.application);
  });

  it('every span carries the project and context the dashboards query, the epic the coverage', () => {
    for (const s of ok.spans) {
      assert.equal(s.attributes['project.id'], 'commerce-platform');
      assert.equal(s.attributes['k8s.projectcontext.name'], 'checkout');
      assert.equal(s.attributes['k8s.projectcontext.namespace'], 'commerce');
    }
    const epic = byType(ok.spans, 'epic')[0]!.attributes;
    assert.equal(epic['coverage.total_required'], 5);
    assert.equal(epic['coverage.total_existing'], 5);
    assert.equal(epic['coverage.total_gaps'], 0);
    assert.equal(epic['coverage.percent'], 100);
    assert.equal(epic['contextcore.source_checksum'], PLAN_JSON.context.checksum);
    assert.equal(epic['project.epic'], 'EPIC-42');
  });

  it('task spans carry the artifact, its status, verification and parameters', () => {
    const rule = taskSpan(ok.spans, 'prometheus_rule:service/commerce/checkout-api').attributes;
    assert.equal(rule['artifact.id'], 'prometheus_rule:service/commerce/checkout-api');
    assert.equal(rule['artifact.type'], 'prometheus_rule');
    assert.equal(rule['artifact.target'], 'Service commerce/checkout-api');
    assert.equal(rule['artifact.priority'], 'P1');
    assert.equal(rule['artifact.status'], 'generated');
    assert.equal(rule['artifact.verification'], 'verified');
    assert.equal(rule['task.status'], 'done');
    assert.equal(rule['artifact.kind'], 'PrometheusRule');
    assert.equal(rule['artifact.name'], 'checkout-api-slo');
    assert.equal(rule['artifact.namespace'], 'commerce');
    assert.deepEqual(rule['artifact.depends_on'], ['service_monitor:service/commerce/checkout-api']);
    assert.equal(rule['artifact.parameters.objective'], '99.95');
  });

  it('task spans have the created, contract, dependencies and deliverables_verified events', () => {
    const rule = taskSpan(ok.spans, 'prometheus_rule:service/commerce/checkout-api');
    assert.deepEqual(rule.events.map((e) => e.name), ['task.created', 'task.contract', 'task.dependencies', 'task.deliverables_verified']);
    const contract = rule.events[1]!.attributes;
    assert.ok((JSON.parse(String(contract.derivation_rules)) as string[]).some((r) => r.startsWith('business.criticality=critical')));
    assert.deepEqual(JSON.parse(String(contract.expected_output_contract)), { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', namespace: 'commerce', name: 'checkout-api-slo' });
    assert.deepEqual(rule.events[2]!.attributes, { depends_on: ['service_monitor:service/commerce/checkout-api'], dependency_count: 1 });
    assert.deepEqual(rule.events[3]!.attributes, { state: 'verified', verified: true });
    const deployment = taskSpan(ok.spans, 'annotations:deployment/commerce/checkout');
    assert.deepEqual(deployment.events.map((e) => e.name), ['task.created', 'task.contract', 'task.deliverables_verified'], 'no dependencies event without dependencies');
  });

  it('dependencies are linked with link.type=depends_on to the span of the task they depend on', () => {
    const monitor = taskSpan(ok.spans, 'service_monitor:service/commerce/checkout-api');
    const rule = taskSpan(ok.spans, 'prometheus_rule:service/commerce/checkout-api');
    const dashboard = taskSpan(ok.spans, 'dashboard:projectcontext/commerce/checkout');
    assert.deepEqual(rule.links, [{ traceId: monitor.traceId, spanId: monitor.spanId, attributes: { 'link.type': 'depends_on' } }]);
    assert.deepEqual(dashboard.links.map((l) => l.spanId), [rule.spanId]);
  });

  it('every span is OK when every artifact is present', () => {
    for (const s of ok.spans) assert.equal(s.status.code, 1, `${s.name}: ${JSON.stringify(s.status)}`);
  });

  it('the ProjectContext status records each artifact, coverage, checksum, revision, trace id and time', () => {
    const status = statusOf(ok.api!);
    assert.equal(status.observedChecksum, PLAN_JSON.context.checksum);
    assert.equal(status.observedRevision, SOURCE.revision);
    assert.equal(status.coverage, 1);
    assert.equal(status.lastTraceId, ok.stdout.trim());
    assert.ok(Math.abs(Date.parse(status.lastVerifiedTime) - Date.now()) < 120_000);
    assert.deepEqual(status.artifacts.map((a: Obj) => [a.id, a.state]), TASKS.map((t: Obj) => [t.id, 'verified']));
    assert.deepEqual(status.artifacts[2], { id: 'service_monitor:service/commerce/checkout-api', type: 'service_monitor', apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'checkout-api-contextcore', namespace: 'commerce', state: 'verified' });
  });

  it('its requests are reads of the planned artifacts and one merge patch of the status, all allowed by the rendered Role', () => {
    const calls = ok.api!.requests.filter((r) => !/^\/apis?\/[^/]+(\/[^/]+)?$/.test(r.path));
    assert.ok(ok.api!.requests.every((r) => r.code === 200), JSON.stringify(ok.api!.requests.filter((r) => r.code !== 200)));
    assert.deepEqual(calls.filter((r) => r.method === 'GET').map((r) => r.path.split('/').slice(-2).join('/')).sort(), TASKS.map((t: Obj) => `${{ Deployment: 'deployments', Service: 'services', ServiceMonitor: 'servicemonitors', PrometheusRule: 'prometheusrules', ConfigMap: 'configmaps' }[t.artifact.kind as string]}/${t.artifact.name}`).sort());
    const patches = calls.filter((r) => r.method === 'PATCH');
    assert.deepEqual(patches.map((r) => [r.path, r.contentType]), [['/apis/contextcore.io/v1/namespaces/commerce/projectcontexts/checkout/status', 'application/merge-patch+json']]);
  });
});

describe('hook emit sampling', () => {
  it('the pod’s OTEL_TRACES_SAMPLER cannot drop the plan: the sampler is AlwaysOn', async () => {
    for (const env of [{ OTEL_TRACES_SAMPLER: 'always_off' }, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }]) {
      const r = await run({ env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.spans.length, 10, JSON.stringify(env));
    }
  });
});

describe('hook emit when artifacts are missing', () => {
  it('a deleted generated artifact makes its task ERROR with the reason, and its story and the epic too', async () => {
    const r = await run({ mutate: (api) => api.delete('monitoring.coreos.com/v1', 'ServiceMonitor', 'commerce', 'checkout-api-contextcore') });
    assert.equal(r.code, 0, r.stderr);
    const task = taskSpan(r.spans, 'service_monitor:service/commerce/checkout-api');
    assert.equal(task.status.code, 2);
    assert.equal(task.status.message, 'ServiceMonitor commerce/checkout-api-contextcore not found in the cluster');
    assert.equal(task.attributes['artifact.verification'], 'missing');
    assert.equal(task.attributes['task.status'], 'todo');
    assert.deepEqual(task.events.at(-1)!.attributes, { state: 'missing', verified: false, reason: 'ServiceMonitor commerce/checkout-api-contextcore not found in the cluster' });
    const story = r.spans.find((s) => s.spanId === task.parentSpanId)!;
    assert.deepEqual(story.status, { code: 2, message: '1 missing of 1 planned artifact' });
    assert.equal(byType(r.spans, 'epic')[0]!.status.code, 2);
    assert.equal(byType(r.spans, 'epic')[0]!.attributes['coverage.total_gaps'], 1);
    for (const other of byType(r.spans, 'task').filter((s) => s !== task)) assert.equal(other.status.code, 1, other.name);
    const status = statusOf(r.api!);
    assert.equal(status.coverage, 0.8);
    assert.deepEqual(status.artifacts.find((a: Obj) => a.id === 'service_monitor:service/commerce/checkout-api').state, 'missing');
    assert.match(r.stderr, /missing: ServiceMonitor commerce\/checkout-api-contextcore not found/);
  });

  it('an artifact left from another render is missing, not verified', async () => {
    const r = await run({
      mutate: (api) => {
        api.get('monitoring.coreos.com/v1', 'PrometheusRule', 'commerce', 'checkout-api-slo')!.metadata.annotations['contextcore.io/source-checksum'] = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';
      },
    });
    const task = taskSpan(r.spans, 'prometheus_rule:service/commerce/checkout-api');
    assert.equal(task.status.code, 2);
    assert.match(String(task.status.message), /present but was generated from another version of ProjectContext commerce\/checkout/);
  });

  it('a target without the context annotations is missing its annotations task', async () => {
    const r = await run({ mutate: (api) => void delete api.get('apps/v1', 'Deployment', 'commerce', 'checkout')!.metadata.annotations });
    assert.match(String(taskSpan(r.spans, 'annotations:deployment/commerce/checkout').status.message), /present but not annotated for ProjectContext commerce\/checkout/);
  });

  it('an artifact whose CRD is not installed is missing, with the reason', async () => {
    const r = await run({ api: { unserved: ['monitoring.coreos.com/v1'] } });
    const task = taskSpan(r.spans, 'service_monitor:service/commerce/checkout-api');
    assert.equal(task.status.code, 2);
    assert.match(String(task.status.message), /monitoring\.coreos\.com\/v1 is not served by the API server \(is the CRD of ServiceMonitor installed\?\)/);
  });
});

describe('hook emit is best effort: a misbehaving collector or cluster never fails the sync', () => {
  const TIMEOUT = ['--timeout', '2s'];

  it('a refused collector: warning, exit 0, the status still written but naming no trace (none was stored); --strict exits 1', async (t) => {
    for (const strict of [false, true]) {
      const r = await run({ collector: 'refused', args: [...TIMEOUT, ...(strict ? ['--strict'] : [])] });
      t.diagnostic(`refused collector${strict ? ' --strict' : ''}: exit ${r.code} in ${Math.round(r.ms)}ms`);
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      assert.match(r.stdout, /^[0-9a-f]{32}\n$/);
      assert.match(r.stderr, /warning: spans not exported to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: .*ECONNREFUSED/);
      assert.equal(statusOf(r.api!).coverage, 1);
      assert.equal(statusOf(r.api!).lastTraceId, undefined);
      assert.ok(r.ms < 2000 + STARTUP_SLACK_MS, `${r.ms}ms`);
    }
  });

  it('a hanging collector: warning, exit 0, within --timeout; the status written once the export gave up, naming no trace', async (t) => {
    const r = await run({ collector: 'hang', args: [...TIMEOUT] });
    t.diagnostic(`hanging collector, --timeout 2s: exit ${r.code} in ${Math.round(r.ms)}ms`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.receiver!.received.length, 1, 'the request reached the collector, which never answered');
    assert.match(r.stderr, /warning: spans not exported/);
    assert.equal(statusOf(r.api!).coverage, 1);
    assert.equal(statusOf(r.api!).lastTraceId, undefined);
    assert.ok(r.ms < 2000 + STARTUP_SLACK_MS, `${r.ms}ms`);
  });

  it('a hanging collector with the default --timeout (10s) is bounded too', async (t) => {
    const receiver = await startOtlpReceiver('hang');
    open.push(receiver);
    const r = await run({ collector: 'refused', bare: true, endpointFrom: 'env', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
    t.diagnostic(`hanging collector, default timeout: exit ${r.code} in ${Math.round(r.ms)}ms`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(receiver.received.length, 1, 'the endpoint came from OTEL_EXPORTER_OTLP_ENDPOINT');
    assert.ok(r.ms < 10_000 + STARTUP_SLACK_MS, `${r.ms}ms`);
  });

  it('the status is patched after the collector accepted the trace, so lastTraceId names a stored trace', async () => {
    const r = await run({ answerAfterMs: 300 });
    assert.equal(r.code, 0, r.stderr);
    const patch = r.api!.requests.find((x) => x.method === 'PATCH')!;
    assert.ok(patch.at > r.receiver!.received[0]!.answeredAt!, `patch at ${patch.at}, trace accepted at ${r.receiver!.received[0]!.answeredAt}`);
    assert.equal(statusOf(r.api!).lastTraceId, r.stdout.trim());
  });

  it('a collector answering 503 is retried within the time budget, then warned about; --strict exits 1', async (t) => {
    for (const strict of [false, true]) {
      const r = await run({ collector: 503, args: ['--timeout', '4s', ...(strict ? ['--strict'] : [])] });
      t.diagnostic(`503 collector${strict ? ' --strict' : ''}: exit ${r.code} after ${r.receiver!.received.length} attempts in ${Math.round(r.ms)}ms`);
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      assert.ok(r.receiver!.received.length >= 2, `retried: ${r.receiver!.received.length} attempts`);
      assert.match(r.stderr, /warning: spans not exported/);
      assert.ok(r.ms < 4000 + STARTUP_SLACK_MS, `${r.ms}ms`);
    }
  });

  it('an unreachable cluster: every task ERROR with the reason, the trace still exported, exit 0; --strict exits 1', async (t) => {
    const kubeconfig = writeKubeconfig(await refusedEndpoint(), 'token');
    for (const strict of [false, true]) {
      const r = await run({ kubeconfig, args: [...TIMEOUT, ...(strict ? ['--strict'] : [])] });
      t.diagnostic(`unreachable cluster${strict ? ' --strict' : ''}: exit ${r.code} in ${Math.round(r.ms)}ms`);
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      const tasks = byType(r.spans, 'task');
      assert.equal(tasks.length, 5);
      for (const s of tasks) {
        assert.equal(s.status.code, 2);
        assert.equal(s.attributes['artifact.verification'], 'unverifiable');
        assert.match(String(s.status.message), /^could not check .+ECONNREFUSED/);
      }
      assert.match(r.stderr, /unverifiable: could not check/);
      assert.ok(r.ms < 2000 + STARTUP_SLACK_MS, `${r.ms}ms`);
    }
  });

  it('a hanging cluster: tasks unverifiable once half the time budget is spent, the trace exported, within --timeout', async (t) => {
    const r = await run({ api: { mode: 'hang' }, args: [...TIMEOUT] });
    t.diagnostic(`hanging cluster, --timeout 2s: exit ${r.code} in ${Math.round(r.ms)}ms`);
    assert.equal(r.code, 0, r.stderr);
    const tasks = byType(r.spans, 'task');
    assert.equal(tasks.length, 5);
    for (const s of tasks) assert.match(String(s.status.message), /no answer from the API server in time/);
    assert.ok(r.ms < 2000 + STARTUP_SLACK_MS, `${r.ms}ms`);
  });

  it('a cluster answering 500: tasks unverifiable with the API server message', async () => {
    const r = await run({ api: { mode: 500 } });
    assert.equal(r.code, 0);
    assert.match(String(taskSpan(r.spans, 'annotations:deployment/commerce/checkout').status.message), /HTTP 500: Internal error occurred/);
  });

  it('credentials the rendered Role does not cover: tasks unverifiable with the Forbidden message, the status not written', async () => {
    const r = await run({ as: 'stranger' });
    assert.equal(r.code, 0);
    assert.match(String(taskSpan(r.spans, 'annotations:service/commerce/checkout-api').status.message), /HTTP 403: services "checkout-api" is forbidden/);
    assert.match(r.stderr, /warning: could not record the result on ProjectContext commerce\/checkout: HTTP 403/);
    assert.equal(statusOf(r.api!), undefined);
  });

  it('no collector configured: a warning, the status still written but naming no trace, exit 0; --strict exits 1', async () => {
    for (const strict of [false, true]) {
      const r = await run({ endpointFrom: 'env', args: strict ? ['--strict'] : [] });
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      assert.match(r.stderr, /warning: spans not exported: no OTLP endpoint: give --endpoint or set OTEL_EXPORTER_OTLP_ENDPOINT/);
      assert.equal(statusOf(r.api!).coverage, 1);
      assert.equal(statusOf(r.api!).lastTraceId, undefined);
      assert.equal(r.receiver!.received.length, 0);
    }
  });

  it('no cluster configuration at all: a warning, every task unverifiable, exit 0', async () => {
    const receiver = await startOtlpReceiver('ok');
    open.push(receiver);
    const r = await runCliAsync(['hook', 'emit', '--plan', PLAN, '--endpoint', receiver.endpoint], { env: { KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '', HOME: TMP } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: no cluster configuration/);
    const tasks = uniqueSpans(decodeSpans(receiver.received[0]!.body)).filter((s) => s.attributes['task.type'] === 'task');
    assert.equal(tasks.length, 5);
    for (const s of tasks) assert.deepEqual([s.status.code, s.status.message], [2, `could not check ${s.attributes['artifact.kind']} commerce/${s.attributes['artifact.name']}: no usable cluster configuration`]);
  });

  it('a malformed kubeconfig: one warning naming the file, on one line; each task a short reason', async () => {
    const receiver = await startOtlpReceiver('ok');
    open.push(receiver);
    const kubeconfig = join(TMP, 'broken-kubeconfig.yaml');
    writeFileSync(kubeconfig, 'apiVersion: v1\nclusters: [\n  - bad: {\n');
    const r = await runCliAsync(['hook', 'emit', '--plan', PLAN, '--endpoint', receiver.endpoint], { env: { KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '' } });
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('cannot load the cluster configuration'));
    assert.equal(warnings.length, 1, r.stderr);
    assert.match(warnings[0]!, new RegExp(`^contextcore hook: warning: cannot load the cluster configuration from ${kubeconfig.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\n]+; every artifact is unverifiable$`));
    assert.ok(!r.stderr.includes('clusters: ['), 'no excerpt of the file');
    assert.equal(r.stderr.match(/unverifiable: could not check .+: no usable cluster configuration$/gm)?.length, 5, r.stderr);
  });
});

describe('hook emit --dry-run', () => {
  it('prints the spans as OTLP JSON and contacts neither the cluster nor the collector', async () => {
    const api = await startKubeApi({ objects: rendered });
    const receiver = await startOtlpReceiver('ok');
    open.push(api, receiver);
    const r = await runCliAsync(['hook', 'emit', '--plan', PLAN, '--dry-run', '--endpoint', receiver.endpoint], { env: { KUBECONFIG: writeKubeconfig(api.url, api.adminToken) } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(api.requests.length, 0);
    assert.equal(receiver.received.length, 0);
    const spans = decodeSpans(JSON.parse(r.stdout));
    assert.equal(spans.length, 10);
    assert.equal(byType(spans, 'epic').length, 1);
    const traceId = /trace ([0-9a-f]{32})/.exec(r.stderr)![1];
    assert.ok(spans.every((s) => s.traceId === traceId));
    for (const s of byType(spans, 'task')) {
      assert.equal(s.status.code, 0, 'nothing verified: UNSET');
      assert.equal(s.attributes['artifact.verification'], 'unchecked');
      assert.ok(!s.events.some((e) => e.name === 'task.deliverables_verified'));
    }
  });
});

describe('hook emit packaging', () => {
  it('the bundle carries the hook adapter compressed: other commands never compile the Kubernetes client or the OpenTelemetry SDK', () => {
    const bundle = readFileSync(CLI, 'utf8');
    for (const name of ['KubernetesObjectApi', 'OTLPTraceExporter', 'BatchSpanProcessor']) assert.ok(!bundle.includes(name), `${name} is compiled at every start`);
    assert.equal(runCli(['--version']).code, 0);
  });

  it('from the sources (no bundle) the hook command loads its adapter directly', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['hook', 'emit', '--plan', PLAN, '--dry-run'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    assert.equal(code, 0, stderr);
    assert.equal(decodeSpans(JSON.parse(stdout)).length, 10);
  });
});

describe('hook emit input and usage errors', () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['a plan file that is not JSON exits 1 naming the file', ['--plan', 'examples/checkout/service.yaml'], 1, /error: examples\/checkout\/service\.yaml: not a plan: invalid JSON/],
    ['a missing plan file exits 1 naming the file', ['--plan', 'nope.json'], 1, /error: nope\.json: cannot read the plan: ENOENT/],
    ['no --plan is a usage error', [], 2, /hook emit needs --plan FILE/],
    ['a bad --timeout is a usage error', ['--plan', PLAN, '--timeout', 'soon'], 2, /--timeout must be a positive duration/],
    ['a --timeout of 30 days (beyond what a timer holds) is a usage error', ['--plan', PLAN, '--timeout', '30d'], 2, /--timeout must be at most 5m, the hook Job's activeDeadlineSeconds \(got "30d"\)/],
    ['a --timeout of a year is a usage error, not a crash', ['--plan', PLAN, '--timeout', '1y'], 2, /--timeout must be at most 5m/],
    ['an --endpoint that is not a URL is a usage error', ['--plan', PLAN, '--endpoint', 'not a url'], 2, /--endpoint is not a URL \(got "not a url"\)/],
    ['an empty --endpoint is a usage error', ['--plan', PLAN, '--endpoint', ''], 2, /--endpoint is not a URL \(got ""\)/],
    ['an --endpoint that is not http(s) is a usage error', ['--plan', PLAN, '--endpoint', 'ftp://x', '--dry-run'], 2, /--endpoint must be an http\(s\) URL \(got "ftp:\/\/x"\)/],
    ['an unknown flag is a usage error', ['--plan', PLAN, '--frobnicate'], 2, /Unknown option '--frobnicate'/],
  ];
  it('a hook command other than emit is a usage error', () => {
    const r = runCli(['hook', 'send']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown hook command "send" \(expected emit\)/);
  });

  for (const [name, args, code, message] of cases) {
    it(name, () => {
      const r = runCli(['hook', 'emit', ...args]);
      assert.equal(r.code, code, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }

  const TASK = (type: string) => TASKS.find((t: Obj) => t.type === type).id as string;
  const inconsistent: Array<[string, (p: Obj) => void, RegExp]> = [
    ['a dependency cycle', (p) => (p.stories.find((s: Obj) => s.type === 'service_monitor').tasks[0].dependsOn = [TASK('dashboard')]), /: stories\[\d\]\.tasks\[0\]\.dependsOn\[0\]: dependency cycle: /],
    ['a task depending on itself', (p) => (p.stories[0].tasks[0].dependsOn = [p.stories[0].tasks[0].id]), /: stories\[0\]\.tasks\[0\]\.dependsOn\[0\]: task "[^"]+" depends on itself/],
    ['an epic id that is also a task id', (p) => (p.epic.id = p.stories[0].tasks[0].id), /: stories\[0\]\.tasks\[0\]\.id: id "[^"]+" appears twice \(also at epic\.id\)/],
    ['a story without tasks', (p) => (p.stories[0].tasks = []), /: stories\[0\]\.tasks: story "[^"]+" has no tasks/],
  ];
  for (const [name, change, message] of inconsistent) {
    it(`a plan with ${name} exits 1 naming the field, before contacting anything (with and without --dry-run)`, async () => {
      const bad = JSON.parse(JSON.stringify(PLAN_JSON));
      change(bad);
      const path = join(TMP, `inconsistent-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, JSON.stringify(bad));
      const api = await startKubeApi({ objects: rendered });
      open.push(api);
      for (const dry of [['--dry-run'], []]) {
        const r = await runCliAsync(['hook', 'emit', '--plan', path, '--endpoint', 'http://127.0.0.1:1', ...dry], { env: { KUBECONFIG: writeKubeconfig(api.url, api.adminToken), KUBERNETES_SERVICE_HOST: '' } });
        assert.equal(r.code, 1, r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message);
      }
      assert.equal(api.requests.length, 0);
    });
  }

  it('a plan with a wrong field exits 1 naming the field, even without --strict', () => {
    const bad = { ...PLAN_JSON, stories: [{ ...PLAN_JSON.stories[0], tasks: [{ ...PLAN_JSON.stories[0].tasks[0], status: 'done' }] }] };
    const path = join(TMP, 'bad-plan.json');
    writeFileSync(path, JSON.stringify(bad));
    const r = runCli(['hook', 'emit', '--plan', path, '--dry-run']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad-plan\.json: stories\[0\]\.tasks\[0\]\.status: not a valid plan: must be one of generated, exists, skipped \(got "done"\)/);
  });
});

describe('hook emit for a ProjectContext without a namespace', () => {
  const input = ['apiVersion: contextcore.io/v1', 'kind: ProjectContext', 'metadata: {name: checkout}', 'spec:', '  project: {id: shop}', '  business: {criticality: high, owner: shop-team}', '  targets: [{kind: Service, name: checkout}]', '---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: checkout, labels: {app: checkout}}', 'spec: {selector: {app: checkout}, ports: [{name: metrics, port: 9090}]}', ''].join('\n');

  it('checks the artifacts where Argo CD applied them, with the namespace-less RBAC bound in that namespace', async () => {
    const objects = renderWithHook(['-'], { hook: { enabled: true } }, input);
    assert.ok(objects.every((o) => o.metadata.namespace === undefined), 'nothing carries a namespace');
    const api = await startKubeApi({ objects, destinationNamespace: 'team-a', rbac: true });
    const receiver = await startOtlpReceiver('ok');
    open.push(api, receiver);
    const plan = planFile(objects, 'checkout-plan');
    const r = await runCliAsync([...jobArgs(objects, plan), '--endpoint', receiver.endpoint], {
      env: { KUBECONFIG: writeKubeconfig(api.url, api.tokenFor('team-a', 'checkout-verify')), KUBERNETES_SERVICE_HOST: '', CONTEXTCORE_HOOK_NAMESPACE: 'team-a' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /4 of 4 planned artifacts verified/);
    const status = api.get('contextcore.io/v1', 'ProjectContext', 'team-a', 'checkout')!.status;
    assert.equal(status.coverage, 1);
    assert.ok(status.artifacts.every((a: Obj) => a.namespace === 'team-a'));
    const spans = decodeSpans(receiver.received[0]!.body);
    assert.equal(spans[0]!.resource['k8s.namespace.name'], 'team-a');
  });
});
