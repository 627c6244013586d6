// `contextcore hook emit` as a process, against a real OTLP/HTTP receiver, for what needs no
// cluster or one a real API server cannot play here: each test says which. The Kubernetes API
// stand-in (support/kube-api.ts) serves the rendered output where its request log is the point
// (what the hook asked, in which order against the collector's answers, or that it asked nothing)
// and where the cluster must hang or answer 500. Everything else about the hook against a cluster
// (spans, status, RBAC, missing and stale artifacts, namespaces, a misbehaving collector) runs on
// real API servers: test/e2e.test.ts.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { hookBudget } from '../functions/core/hook/run.js';
import { main } from '../plugins/cli/main.js';
import { emit } from '../plugins/hook/emit.js';
import { runCli, runCliAsync } from './helpers.js';
import { HANG_SLACK_MS, hangLimitMs, UNHURRIED } from './support/hook-limits.js';
import { startKubeApi, writeKubeconfig, type KubeApi, type KubeApiOptions } from './support/kube-api.js';
import { decodeSpans, refusedEndpoint, startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from './support/otlp-receiver.js';

type Obj = Record<string, any>;

const TMP = mkdtempSync(join(tmpdir(), 'cc-hook-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

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
  /** Credentials of another cluster (none started then). */
  kubeconfig?: string;
  /** The collector answers only after this long. */
  answerAfterMs?: number;
  /** Arguments after the rendered Job's own. */
  args?: string[];
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed after --timeout + HANG_SLACK_MS. */
  killed: boolean;
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
  const kubeconfig = s.kubeconfig ?? writeKubeconfig(api!.url, api!.tokenFor('commerce', 'checkout-verify'));
  const receiver = await startOtlpReceiver('ok', s.answerAfterMs ? { answerAfterMs: s.answerAfterMs } : {});
  open.push(receiver);
  const own = s.args ?? [];
  const args = [...jobArgs(rendered, PLAN), ...(own.includes('--timeout') ? [] : UNHURRIED), ...own, '--endpoint', receiver.endpoint];
  const limitMs = hangLimitMs(args);
  const r = await runCliAsync(args, { env: { KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' }, limitMs });
  const spans = receiver.received.flatMap((x) => decodeSpans(x.body));
  return { ...r, ...(api ? { api } : {}), receiver, spans };
}

const byType = (spans: DecodedSpan[], type: string) => spans.filter((s) => s.attributes['task.type'] === type);
const taskSpan = (spans: DecodedSpan[], id: string) => spans.find((s) => s.attributes['task.id'] === id)!;
const statusOf = (api: KubeApi) => api.get('contextcore.io/v1', 'ProjectContext', 'commerce', 'checkout')?.status;
const uniqueSpans = (spans: DecodedSpan[]) => [...new Map(spans.map((s) => [s.spanId, s])).values()];

describe('hook emit’s requests (API stand-in: its request log shows what the hook asked, which a real server does not)', () => {
  let ok: Outcome;
  before(async () => {
    ok = await run();
  });

  it('its requests are reads of the planned artifacts, the Prometheus list, its ProjectContext and one merge patch of the status, all allowed by the rendered Role', () => {
    // The stand-in serves no Prometheus (as a cluster without prometheus-operator): the list is a 404, said once.
    const PROMETHEUS_LIST = '/apis/monitoring.coreos.com/v1/prometheuses';
    const calls = ok.api!.requests.filter((r) => !/^\/apis?\/[^/]+(\/[^/]+)?$/.test(r.path) || r.path === PROMETHEUS_LIST);
    assert.ok(ok.api!.requests.every((r) => r.code === 200 || r.path === PROMETHEUS_LIST), JSON.stringify(ok.api!.requests.filter((r) => r.code !== 200)));
    const reads = TASKS.map((t: Obj) => `${{ Deployment: 'deployments', Service: 'services', ServiceMonitor: 'servicemonitors', PrometheusRule: 'prometheusrules', ConfigMap: 'configmaps' }[t.artifact.kind as string]}/${t.artifact.name}`);
    assert.deepEqual(calls.filter((r) => r.method === 'GET').map((r) => r.path.split('/').slice(-2).join('/')).sort(), [...reads, 'projectcontexts/checkout', 'v1/prometheuses'].sort());
    assert.match(ok.stderr, /unverifiable, not an error: whether a Prometheus selects the ServiceMonitors and PrometheusRules: the API server does not serve monitoring\.coreos\.com\/v1 Prometheus/);
    const patches = calls.filter((r) => r.method === 'PATCH');
    assert.deepEqual(patches.map((r) => [r.path, r.contentType]), [['/apis/contextcore.io/v1/namespaces/commerce/projectcontexts/checkout/status', 'application/merge-patch+json']]);
  });
});

// Two at a time: each run spends most of its time waiting on a deadline or a server, and every
// run starts a node process; more at once only slows each down on a busy machine.
describe('hook emit is best effort: a failing or hanging cluster never fails the sync', { concurrency: 2 }, () => {
  /** The scenario without and with --strict, side by side. */
  const lenientAndStrict = (s: Scenario) => Promise.all([false, true].map((strict) => run({ ...s, args: [...(s.args ?? []), ...(strict ? ['--strict'] : [])] })));

  // API stand-in: the order of its requests against the collector's answers.
  it('the status is patched after the collector accepted the trace, so lastTraceId names a stored trace', async () => {
    const r = await run({ answerAfterMs: 300 });
    assert.equal(r.code, 0, r.stderr);
    const patch = r.api!.requests.find((x) => x.method === 'PATCH')!;
    assert.ok(patch.at > r.receiver!.received[0]!.answeredAt!, `patch at ${patch.at}, trace accepted at ${r.receiver!.received[0]!.answeredAt}`);
    assert.equal(statusOf(r.api!).lastTraceId, r.stdout.trim());
  });

  // No server at all: a port nobody listens on.
  it('an unreachable cluster: every task ERROR with the reason, the trace still exported, exit 0; --strict exits 1', async () => {
    const kubeconfig = writeKubeconfig(await refusedEndpoint(), 'token');
    const [lenient, strict] = await lenientAndStrict({ kubeconfig });
    for (const [r, code] of [[lenient!, 0], [strict!, 1]] as const) {
      assert.equal(r.code, code, r.stderr);
      const tasks = byType(r.spans, 'task');
      assert.equal(tasks.length, 5);
      for (const s of tasks) {
        assert.equal(s.status.code, 2);
        assert.equal(s.attributes['artifact.verification'], 'unverifiable');
        assert.match(String(s.status.message), /^could not check .+ECONNREFUSED/);
      }
      assert.match(r.stderr, /unverifiable: could not check/);
    }
  });

  // API stand-in: a real server does not hang on demand.
  it('a hanging cluster and --timeout 2s: the run ends, every task unverifiable for want of an answer, exit 0', async () => {
    const r = await run({ api: { mode: 'hang' }, args: ['--timeout', '2s'] });
    assert.equal(r.killed, false, `still running ${HANG_SLACK_MS} ms after --timeout`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.match(/^contextcore hook: unverifiable: could not check .+: no answer from the API server in time/gm)?.length, 5, r.stderr);
  });

  // API stand-in: a real server does not answer 500 on demand.
  it('a cluster answering 500: tasks unverifiable with the API server message', async () => {
    const r = await run({ api: { mode: 500 } });
    assert.equal(r.code, 0);
    assert.match(String(taskSpan(r.spans, 'annotations:deployment/commerce/checkout').status.message), /HTTP 500: Internal error occurred/);
  });

  // No server at all.
  it('no cluster configuration at all: a warning, every task unverifiable, exit 0', async () => {
    const receiver = await startOtlpReceiver('ok');
    open.push(receiver);
    const args = ['hook', 'emit', '--plan', PLAN, '--endpoint', receiver.endpoint, ...UNHURRIED];
    const r = await runCliAsync(args, { env: { KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '', HOME: TMP }, limitMs: hangLimitMs(args) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: no cluster configuration/);
    const tasks = uniqueSpans(decodeSpans(receiver.received[0]!.body)).filter((s) => s.attributes['task.type'] === 'task');
    assert.equal(tasks.length, 5);
    for (const s of tasks) assert.deepEqual([s.status.code, s.status.message], [2, `could not check ${s.attributes['artifact.kind']} commerce/${s.attributes['artifact.name']}: no usable cluster configuration`]);
  });

  // No server at all.
  it('a malformed kubeconfig: one warning naming the file, on one line; each task a short reason', async () => {
    const receiver = await startOtlpReceiver('ok');
    open.push(receiver);
    const kubeconfig = join(TMP, 'broken-kubeconfig.yaml');
    writeFileSync(kubeconfig, 'apiVersion: v1\nclusters: [\n  - bad: {\n');
    const args = ['hook', 'emit', '--plan', PLAN, '--endpoint', receiver.endpoint, ...UNHURRIED];
    const r = await runCliAsync(args, { env: { KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '' }, limitMs: hangLimitMs(args) });
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('cannot load the cluster configuration'));
    assert.equal(warnings.length, 1, r.stderr);
    assert.match(warnings[0]!, new RegExp(`^contextcore hook: warning: cannot load the cluster configuration from ${kubeconfig.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\n]+; every artifact is unverifiable$`));
    assert.ok(!r.stderr.includes('clusters: ['), 'no excerpt of the file');
    assert.equal(r.stderr.match(/unverifiable: could not check .+: no usable cluster configuration$/gm)?.length, 5, r.stderr);
  });
});

describe('hook emit when its time budget runs out, with the clock under the test\'s control', () => {
  // emit() runs in this process, reading the clock the test gives it, against a cluster or a
  // collector that never answers: only a deadline can end the wait, the test decides when the
  // budget is spent, and what the run reports does not depend on how busy the machine is.
  /** The longest --timeout (5m): the most room for the steps a test does not cut short. */
  const TIMEOUT_MS = 300_000;
  const budget = hookBudget(TIMEOUT_MS);

  interface Clocked {
    api: KubeApi;
    receiver: OtlpReceiver;
    code: number;
    stdout: string;
    stderr: string;
    spans: DecodedSpan[];
  }

  /**
   * One run; `clock(api)` gives the clock the run reads, `startedAt` when the process "started".
   * Each run is its own: the verdicts are judged against it.
   */
  async function clocked(o: { api?: KubeApiOptions['mode']; collector: 'ok' | 'hang'; strict: boolean; writeStatus?: boolean; startedAt: number; clock?: (api: KubeApi) => () => number }): Promise<Clocked> {
    const api = await startKubeApi({ rbac: true, objects: rendered, ...(o.api ? { mode: o.api } : {}) });
    const receiver = await startOtlpReceiver(o.collector);
    open.push(api, receiver);
    let stdout = '';
    let stderr = '';
    const env = { KUBECONFIG: writeKubeconfig(api.url, api.tokenFor('commerce', 'checkout-verify')), KUBERNETES_SERVICE_HOST: '' };
    const code = await emit(
      { planPath: PLAN, endpoint: receiver.endpoint, dryRun: false, strict: o.strict, timeoutMs: TIMEOUT_MS, writeStatus: o.writeStatus ?? true },
      { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
      env,
      o.clock ? o.clock(api) : Date.now,
      o.startedAt,
    );
    return { api, receiver, code, stdout, stderr, spans: receiver.received.flatMap((x) => decodeSpans(x.body)) };
  }
  const objectReads = (api: KubeApi) => api.requests.filter((r) => r.method === 'GET' && /\/namespaces\/[^/]+\/[^/]+\/[^/]+$/.test(r.path)).length;

  it('a collector that has not accepted the trace when the export\'s share is spent: the export gives up, the status is written naming no trace; --strict exits 1', async () => {
    for (const strict of [false, true]) {
      // The clock jumps once every planned artifact was read: the export then has 300 ms left,
      // the status patch a minute more.
      const startedAt = Date.now();
      const jump = budget.exportUntil - 300;
      const r = await clocked({ collector: 'hang', strict, startedAt, clock: (api) => () => Date.now() + (objectReads(api) >= TASKS.length ? jump : 0) });
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      assert.equal(r.stdout, '', 'no trace id: no collector has the trace');
      assert.match(r.stderr, /trace [0-9a-f]{32} not exported/);
      assert.match(r.stderr, /5 of 5 planned artifacts verified/);
      assert.ok(r.stderr.includes(`warning: spans not exported to ${r.receiver.endpoint}/v1/traces: `), r.stderr);
      assert.ok(r.receiver.received.length <= 1, 'one request at most, never answered');
      assert.equal(statusOf(r.api).coverage, 1);
      assert.equal(statusOf(r.api).lastTraceId, undefined);
    }
  });

  it('reads the cluster has not answered when half the budget is spent: every task unverifiable, the trace still exported; --strict exits 1', async () => {
    for (const strict of [false, true]) {
      // 300 ms of the reads' share left at the start; the status is not written (the cluster would hang that too).
      const r = await clocked({ api: 'hang', collector: 'ok', strict, writeStatus: false, startedAt: Date.now() - (budget.readUntil - 300) });
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      const tasks = byType(r.spans, 'task');
      assert.equal(tasks.length, TASKS.length);
      for (const t of tasks) {
        assert.equal(t.attributes['artifact.verification'], 'unverifiable');
        assert.match(String(t.status.message), /^could not check .+: no answer from the API server in time/);
      }
      assert.match(r.stderr, /spans exported to/);
    }
  });

  it('a budget spent before the run began (a start-up slower than --timeout): every step gives up at once; exit 0, --strict exits 1', async () => {
    for (const strict of [false, true]) {
      const r = await clocked({ api: 'hang', collector: 'hang', strict, startedAt: Date.now() - TIMEOUT_MS });
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      assert.equal(r.stdout, '', 'no trace id: no collector has the trace');
      assert.match(r.stderr, /trace [0-9a-f]{32} not exported/);
      assert.match(r.stderr, /0 of 5 planned artifacts verified/);
      assert.match(r.stderr, /warning: could not record the result on ProjectContext commerce\/checkout: no answer from the API server in time/);
      assert.match(r.stderr, /warning: spans not exported to /);
      assert.equal(statusOf(r.api)?.lastTraceId, undefined);
    }
  });
});

describe('hook emit --dry-run', () => {
  // API stand-in: its request log proves that nothing was asked.
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
  // That the other commands never load the hook's Kubernetes client and OpenTelemetry SDK, and
  // hook emit does: test/bundle-loading.test.ts, from inside real runs.
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

