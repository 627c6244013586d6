// The PostSync hook end to end on a real Kubernetes API server: the rendered output applied
// (the Job validated server-side against the restricted Pod Security profile), the hook run
// with its own ServiceAccount's token, the ProjectContext status read back; then one generated
// artifact deleted. The cluster is CONTEXTCORE_E2E_KUBECONFIG (e.g. `kind create cluster`) or,
// when a Docker engine is available, a throwaway K3s cluster started with testcontainers.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { ROOT, runCli, runCliAsync, SHARED, which } from './helpers.js';
import { decodeSpans, startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';

type Obj = Record<string, any>;

const K3S_IMAGE = 'rancher/k3s:v1.31.2-k3s1';
const TMP = mkdtempSync(join(tmpdir(), 'cc-hook-e2e-'));
const NS = `cc-hook-e2e-${process.pid}`;

async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

const given = process.env.CONTEXTCORE_E2E_KUBECONFIG;
const skip = !which('kubectl')
  ? 'kubectl not found'
  : given || (await dockerAvailable())
    ? undefined
    : 'no Docker engine for a K3s cluster (testcontainers) and CONTEXTCORE_E2E_KUBECONFIG not set (e.g. `kind create cluster` and point it at the kubeconfig)';
if (skip) console.error(`\n*** SKIPPING PostSync hook end-to-end tests on a real cluster: ${skip} ***\n`);

describe('PostSync hook on a real Kubernetes API server', { skip }, () => {
  let kubeconfig = given ?? '';
  let stop: (() => Promise<unknown>) | undefined;
  let receiver: OtlpReceiver;
  let rendered: Obj[];
  let hookKubeconfig: string;
  let plan: string;

  const kubectl = (args: string[], input?: string, config = kubeconfig) => {
    const r = spawnSync('kubectl', args, { input, encoding: 'utf8', env: { ...process.env, KUBECONFIG: config }, timeout: 120_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[], input?: string) => {
    const r = kubectl(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  const status = () => JSON.parse(ok(['get', 'projectcontexts.contextcore.io', 'checkout', '-n', NS, '-o', 'json']).stdout).status;

  before(async () => {
    if (!given) {
      const { K3sContainer } = await import('@testcontainers/k3s');
      const k3s = await new K3sContainer(K3S_IMAGE).start();
      stop = () => k3s.stop();
      kubeconfig = join(TMP, 'admin.yaml');
      writeFileSync(kubeconfig, k3s.getKubeConfig());
    }
    ok(['apply', '--server-side', '--force-conflicts', '-f', join(ROOT, 'crds/projectcontext.yaml')]);
    for (const f of ['monitoring.coreos.com_servicemonitors.yaml', 'monitoring.coreos.com_prometheusrules.yaml']) ok(['apply', '--server-side', '--force-conflicts', '-f', join(SHARED, 'crds/upstream', f)]);
    ok(['wait', '--for=condition=Established', '--timeout=90s', 'crd/projectcontexts.contextcore.io', 'crd/servicemonitors.monitoring.coreos.com', 'crd/prometheusrules.monitoring.coreos.com']);
    ok(['create', 'namespace', NS]);
    ok(['label', 'namespace', NS, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted']);

    const input = [
      { apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name: 'checkout', namespace: NS }, spec: { project: { id: 'e2e' }, business: { criticality: 'high', owner: 'e2e-team' }, targets: [{ kind: 'Deployment', name: 'checkout' }] } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'checkout', namespace: NS }, spec: { replicas: 0, selector: { matchLabels: { app: 'checkout' } }, template: { metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'app', image: 'example.invalid/app:1' }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'checkout', namespace: NS, labels: { app: 'checkout' } }, spec: { selector: { app: 'checkout' }, ports: [{ name: 'metrics', port: 9090 }] } },
      { apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'contextcore' }, spec: { hook: { enabled: true }, source: { revision: 'e2e-rev' } } },
    ];
    const r = runCli(['render', '-'], { input: input.map((o) => stringify(o)).join('---\n') });
    assert.equal(r.code, 0, r.stderr);
    rendered = parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj);
    const job = rendered.find((o) => o.kind === 'Job')!;
    ok(['apply', '--server-side', '-f', '-'], rendered.filter((o) => o !== job).map((o) => stringify(o)).join('---\n'));
    // Argo CD creates the Job; here the API server validates it, Pod Security included.
    const dry = ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], stringify(job));
    assert.doesNotMatch(dry.stderr, /would violate PodSecurity/, 'the hook Job meets the restricted profile');

    const token = ok(['create', 'token', job.spec.template.spec.serviceAccountName, '-n', NS]).stdout.trim();
    const admin = parse(readFileSync(kubeconfig, 'utf8'));
    const context = admin.contexts.find((c: Obj) => c.name === admin['current-context']).context;
    hookKubeconfig = join(TMP, 'hook.yaml');
    writeFileSync(
      hookKubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: admin.clusters.filter((c: Obj) => c.name === context.cluster),
        users: [{ name: 'hook', user: { token } }],
        contexts: [{ name: 'hook', context: { cluster: context.cluster, user: 'hook', namespace: NS } }],
        'current-context': 'hook',
      }),
    );
    plan = join(TMP, 'plan.json');
    writeFileSync(plan, rendered.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'checkout-plan')!.data['plan.json']);
    receiver = await startOtlpReceiver('ok');
  });

  after(async () => {
    await receiver?.close();
    if (given) kubectl(['delete', 'namespace', NS, '--wait=false']);
    await stop?.();
  });

  const runHook = async () => {
    const job = rendered.find((o) => o.kind === 'Job')!;
    const args = [...job.spec.template.spec.containers[0].args] as string[];
    args[args.indexOf('--plan') + 1] = plan;
    const before = receiver.received.length;
    const r = await runCliAsync([...args, '--endpoint', receiver.endpoint], { env: { KUBECONFIG: hookKubeconfig, KUBERNETES_SERVICE_HOST: '' } });
    return { ...r, spans: receiver.received.slice(before).flatMap((x) => decodeSpans(x.body)) };
  };

  it('with everything applied, every task is OK and the status is written, using only the rendered RBAC', async () => {
    const r = await runHook();
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /warning/, r.stderr);
    const tasks = r.spans.filter((s) => s.attributes['task.type'] === 'task');
    assert.equal(tasks.length, 5);
    for (const s of tasks) assert.equal(s.status.code, 1, `${s.name}: ${JSON.stringify(s.status)}`);
    const st = status();
    assert.equal(st.coverage, 1);
    assert.equal(st.lastTraceId, r.stdout.trim());
    assert.equal(st.observedRevision, 'e2e-rev');
    assert.ok(st.artifacts.every((a: Obj) => a.state === 'verified'));
  });

  it('with one generated artifact deleted, its task is ERROR and the status says missing', async () => {
    ok(['delete', 'servicemonitors.monitoring.coreos.com', 'checkout-contextcore', '-n', NS]);
    const r = await runHook();
    assert.equal(r.code, 0, r.stderr);
    const task = r.spans.find((s) => s.attributes['task.id'] === `service_monitor:service/${NS}/checkout`)!;
    assert.equal(task.status.code, 2);
    assert.match(String(task.status.message), /ServiceMonitor .+\/checkout-contextcore not found in the cluster/);
    const st = status();
    assert.equal(st.artifacts.find((a: Obj) => a.kind === 'ServiceMonitor').state, 'missing');
    assert.ok(st.coverage < 1);
  });
});
