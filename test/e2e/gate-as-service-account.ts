// The error-budget gate (PreSync) on a real API server, as Argo CD would run it but without a
// kubelet: a context synced once before (its PostSync hook ran, so a plan trace exists), then
// the gate's PreSync objects applied (its Pod through the restricted Pod Security profile) and
// `contextcore gate` run as a local process with the Pod's arguments, a token of the rendered
// ServiceAccount and nothing else, against a real Prometheus on loopback that evaluates the
// rendered rules over a scrape target of ours failing 5% of requests: the page alert fires and
// the budget is spent. Then what Argo CD would show: the health check on the live object.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { stringify } from 'yaml';
import { ANNOTATION_GATE_OVERRIDE, ANNOTATION_PLAN_CHECKSUM, ENV_HOOK_NAMESPACE, PLAN_DATA_KEY } from '../../functions/core/conventions/index.js';
import { planChecksum } from '../../functions/core/delivery/plan-checksum.js';
import type { Plan } from '../../functions/core/plan/plan.js';
import { compileSchema } from '../../functions/core/validate/ajv.js';
import { ROOT, runCliAsync } from '../helpers.js';
import { HANG_SLACK_MS } from '../support/hook-limits.js';
import { serviceAccountKubeconfig, yamlStream } from '../support/kubectl.js';
import { startMetricsTarget, type MetricsTarget } from '../support/metrics-target.js';
import { decodeSpans, startOtlpReceiver, type DecodedSpan } from '../support/otlp-receiver.js';
import { instantQuery, prometheusBuilds, startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';
import { pollUntil } from '../support/server-process.js';
import { CRD } from '../validation-cases.js';
import { argocdHealth } from './health-in-argocd.js';
import { context, deployWithHook, metricsService, renderWithHook, runHook, statusOf, workload } from './hook-scenario.js';
import type { ServerUnderTest } from './server-under-test.js';

type Obj = Record<string, any>;

const NS = 'gate-e2e';
const validStatus = compileSchema(CRD.spec.versions[0].schema.openAPIV3Schema.properties.status);
const HEALTH_SCRIPT = join(ROOT, 'argocd/install/resource_customizations/contextcore.io/ProjectContext/health.lua');

async function canI(sut: ServerUnderTest, kubeconfig: string, args: string[]): Promise<boolean> {
  const r = await sut.admin.run(['--kubeconfig', kubeconfig, 'auth', 'can-i', ...args]);
  assert.ok(r.code === 0 || r.code === 1, `kubectl auth can-i ${args.join(' ')}: ${r.stderr}`);
  return r.code === 0;
}

export function gateAsServiceAccount(sut: ServerUnderTest): void {
  const build = prometheusBuilds().builds[0];
  const skip = build ? undefined : 'no Prometheus server is installed';
  let prometheus: PrometheusServer | undefined;
  let target: MetricsTarget | undefined;
  let render = (annotations?: Record<string, string>): Obj[] => [];
  let pod: Obj;
  let kubeconfig: string;
  let podDryRun = '';
  let epic: { traceId: string; spanId: string };

  const gatePlanFile = (rendered: Obj[], name: string) => {
    const file = join(sut.dir, `gate-${name}.plan.json`);
    writeFileSync(file, rendered.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'checkout-gate')!.data[PLAN_DATA_KEY]);
    return file;
  };
  /** `contextcore gate` with the Pod's arguments (plan and Prometheus local), as the rendered ServiceAccount. */
  const runGate = async (plan: string, receiver?: { endpoint: string }) => {
    const args = [...(pod.spec.containers[0].args as string[])];
    args[args.indexOf('--plan') + 1] = plan;
    args[args.indexOf('--prometheus') + 1] = prometheus!.url;
    args[args.indexOf('--timeout') + 1] = '2m';
    return runCliAsync(args, {
      env: { KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '', [ENV_HOOK_NAMESPACE]: NS, OTEL_EXPORTER_OTLP_ENDPOINT: receiver?.endpoint ?? '' },
      limitMs: 120_000 + HANG_SLACK_MS,
    });
  };
  const health = async () => {
    const live = JSON.parse((await sut.admin.ok(['get', 'projectcontexts.contextcore.io', 'checkout', '-n', NS, '-o', 'json'])).stdout);
    return argocdHealth(HEALTH_SCRIPT, live);
  };

  before(async () => {
    if (skip) return;
    await sut.namespaces([NS]);
    await sut.admin.ok(['label', '--overwrite', 'namespace', NS, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted']);
    render = (annotations) => {
      const ctx = context('checkout', NS, [{ kind: 'Deployment', name: 'checkout' }]);
      return renderWithHook(
        [
          { ...ctx, metadata: { ...ctx.metadata, ...(annotations ? { annotations } : {}) }, spec: { ...ctx.spec, business: { criticality: 'critical', owner: 'e2e-team' }, requirements: { availability: '99.9' }, observability: { sli: { preset: 'prometheus' } } } },
          workload('checkout', NS),
          { ...metricsService('checkout-api', NS), spec: { selector: { app: 'checkout' }, ports: [{ name: 'metrics', port: 9090 }] } },
        ],
        { hook: { enabled: true }, gate: { enabled: true } },
      );
    };
    const rendered = render();
    // An earlier sync: everything but the gate's hooks applied, and its PostSync hook run.
    const hooks = rendered.filter((o) => o.metadata.labels?.['contextcore.io/artifact'] === 'gate');
    const site = await deployWithHook(sut, rendered.filter((o) => !hooks.includes(o)), { context: 'checkout' });
    const verified = await runHook(site, { args: ['--strict'] });
    assert.equal(verified.code, 0, verified.stderr);
    const epicSpan = verified.spans.find((s) => s.attributes['task.type'] === 'epic')!;
    epic = { traceId: epicSpan.traceId, spanId: epicSpan.spanId };
    // This sync's PreSync phase: the gate's objects, the Pod after a server-side dry run.
    pod = hooks.find((o) => o.kind === 'Pod')!;
    await sut.admin.ok(['apply', '--server-side', '-f', '-'], yamlStream(hooks.filter((o) => o !== pod)));
    podDryRun = (await sut.admin.ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], yamlStream([pod]))).stderr;
    await sut.admin.ok(['apply', '--server-side', '-f', '-'], yamlStream([pod]));
    kubeconfig = await serviceAccountKubeconfig(sut.admin, sut.dir, NS, pod.spec.serviceAccountName);

    // Prometheus with the rendered rules, scraping 5% errors at 10 requests per second.
    const dir = join(sut.dir, 'gate-prometheus');
    mkdirSync(dir, { recursive: true });
    const start = Date.now() / 1000 - 3600;
    target = await startMetricsTarget([
      { name: 'http_requests_total', labels: { namespace: NS, job: 'checkout-api', code: '500' }, value: (t) => Math.round(0.5 * (t - start) * 1000) / 1000 },
      { name: 'http_requests_total', labels: { namespace: NS, job: 'checkout-api', code: '200' }, value: (t) => Math.round(9.5 * (t - start) * 1000) / 1000 },
    ]);
    const rules = rendered.filter((o) => o.kind === 'PrometheusRule').map((r, i) => {
      const file = join(dir, `rules-${i}.yaml`);
      writeFileSync(file, stringify({ groups: r.spec.groups }));
      return file;
    });
    prometheus = await startPrometheus(build!, { dataDir: join(dir, 'data'), ruleFiles: rules, scrapeTargets: [target.address] });
    const server = prometheus;
    await pollUntil('the page alert fires and the budget is recorded', async () => {
      const paging = await instantQuery(server, 'ALERTS{alertstate="firing", contextcore_alert_class="page"}');
      const budget = await instantQuery(server, 'contextcore:slo_error_budget_remaining:ratio');
      return paging.result.length > 0 && budget.result.length > 0 ? true : undefined;
    }, { everyMs: 500, limitMs: 300_000 }).catch((e: Error) => assert.fail(`${e.message}\n${server.log()}`));
  }, { timeout: 300_000 });

  after(async () => {
    await prometheus?.stop();
    await target?.close();
  });

  let blocked: Awaited<ReturnType<typeof runGate>>;
  let spans: DecodedSpan[] = [];

  it('the gate’s Pod passes the restricted Pod Security profile (server-side dry run)', (t) => {
    if (skip) return t.skip(skip);
    assert.doesNotMatch(podDryRun, /would violate PodSecurity/);
  });

  it('as its ServiceAccount, with a page alert firing on a critical service: exit 1, the message naming the SLO, the alert, the budget and the override', async (t) => {
    if (skip) return t.skip(skip);
    const receiver = await startOtlpReceiver('ok');
    try {
      blocked = await runGate(gatePlanFile(render(), 'block'), receiver);
      spans = receiver.received.flatMap((x) => decodeSpans(x.body));
    } finally {
      await receiver.close();
    }
    assert.equal(blocked.code, 1, blocked.stderr + blocked.stdout);
    assert.match(blocked.stdout.trim().split('\n').at(-1)!, /^BLOCK \(page-alert\): ProjectContext gate-e2e\/checkout \(critical\): availability of gate-e2e\/checkout-api: ContextCoreErrorBudgetBurn \(page, 1h\/5m\), ContextCoreErrorBudgetBurn \(page, 6h\/30m\) firing; the 30d error budget is spent .*To ship a fix anyway, annotate the ProjectContext with contextcore\.io\/gate-override: "<reason>"$/);
    assert.match(blocked.stderr, /decision recorded on ProjectContext gate-e2e\/checkout/);
  });

  it('the decision is recorded in the status, within the CRD’s schema, naming the render it judged and the one live', async (t) => {
    if (skip) return t.skip(skip);
    const live = JSON.parse((await sut.admin.ok(['get', 'projectcontexts.contextcore.io', 'checkout', '-n', NS, '-o', 'json'])).stdout);
    const status = (await statusOf(sut, NS, 'checkout'))!;
    assert.deepEqual(validStatus(status), []);
    const gate = status.gate;
    assert.deepEqual([gate.decision, gate.reason], ['block', 'page-alert']);
    assert.equal(gate.planChecksum, planChecksum(JSON.parse(render().find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'checkout-gate')!.data[PLAN_DATA_KEY]) as Plan));
    assert.equal(gate.livePlanChecksum, live.metadata.annotations[ANNOTATION_PLAN_CHECKSUM]);
    assert.deepEqual(gate.slos.map((s: Obj) => [s.slo, s.service, s.verdict, s.firingAlerts]), [['availability', 'gate-e2e/checkout-api', 'block', ['ContextCoreErrorBudgetBurn (page, 1h/5m)', 'ContextCoreErrorBudgetBurn (page, 6h/30m)']]]);
    assert.equal(gate.traceId, spans[0]?.traceId);
    assert.ok(status.artifacts.length > 0, 'the PostSync hook’s record is kept beside it');
  });

  it('the decision’s span links to the context’s last plan trace (the epic its PostSync hook emitted)', (t) => {
    if (skip) return t.skip(skip);
    const [span] = spans;
    assert.ok(span, blocked.stderr);
    assert.deepEqual(span.links, [{ traceId: epic.traceId, spanId: epic.spanId, attributes: { 'link.type': 'plan' } }]);
    assert.equal(span.resource['k8s.namespace.name'], NS);
  });

  it('Argo CD’s health check shows the block on the ProjectContext: Degraded, with the gate’s message', async (t) => {
    if (skip) return t.skip(skip);
    const h = await health();
    if (!h) return t.skip('the Lua harness is not built (no Go)');
    assert.equal(h.status, 'Degraded');
    assert.match(h.message, /^Sync blocked by the error-budget gate at \S+Z: ProjectContext gate-e2e\/checkout \(critical\): availability of gate-e2e\/checkout-api: ContextCoreErrorBudgetBurn \(page, 1h\/5m\), ContextCoreErrorBudgetBurn \(page, 6h\/30m\) firing/);
  });

  it('kubectl auth can-i, as the gate’s ServiceAccount: a read of its ProjectContext and a patch of its status, nothing else', async (t) => {
    if (skip) return t.skip(skip);
    const checks: Array<[string[], boolean]> = [
      [['get', 'projectcontexts.contextcore.io/checkout'], true],
      [['patch', 'projectcontexts.contextcore.io/checkout', '--subresource=status'], true],
      [['patch', 'projectcontexts.contextcore.io/checkout'], false],
      [['get', 'projectcontexts.contextcore.io/other'], false],
      [['list', 'projectcontexts.contextcore.io'], false],
      [['get', 'configmaps/checkout-gate'], false],
      [['create', 'pods'], false],
      [['get', 'secrets'], false],
    ];
    const answers = await Promise.all(checks.map(([args]) => canI(sut, kubeconfig, [...args, '-n', NS])));
    assert.deepEqual(answers, checks.map(([, allowed]) => allowed));
  });

  it('the fix that must ship carries the override annotation: the gate allows it, the reason recorded, and the health check says so', async (t) => {
    if (skip) return t.skip(skip);
    const reason = 'hotfix INC-4711: roll back the broken payment client';
    const r = await runGate(gatePlanFile(render({ [ANNOTATION_GATE_OVERRIDE]: reason }), 'override'));
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout.trim().split('\n').at(-1)!, /^ALLOW \(override\): ProjectContext gate-e2e\/checkout \(critical\): allowed by the override/);
    const gate = (await statusOf(sut, NS, 'checkout'))!.gate;
    assert.deepEqual([gate.decision, gate.reason, gate.override], ['allow', 'override', reason]);
    const h = await health();
    if (!h) return t.skip('the Lua harness is not built (no Go)');
    assert.match(h.message, new RegExp(`Error-budget gate: allow \\(override: ${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)\\.$`));
  });
}
