import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { config, deployment, expandOk, generatedOf, projectContext, service } from '../../../../fixtures.js';

type Obj = Record<string, any>;

const gateObjects = (out: ReturnType<typeof expandOk>) => out.generated.map((g) => out.resources[g.index] as Obj).filter((o) => o.metadata.labels?.['contextcore.io/artifact'] === 'gate');
const base = (metadata: Obj = {}) => [projectContext({}, metadata), deployment(), service()];

describe('gate step: the rendered PreSync gate', () => {
  const out = expandOk([...base(), config({ gate: { enabled: true, prometheusUrl: 'https://prometheus.monitoring.svc:9091', bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token', caFile: '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt' } })]);
  const objects = gateObjects(out);
  const [pod] = generatedOf(out, 'Pod');
  const container = pod.spec.containers[0];

  it('is a ServiceAccount, the plan’s copy, a Role, a RoleBinding and a Pod, all PreSync hooks recreated before each sync', () => {
    assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`), ['ServiceAccount/checkout-gate', 'ConfigMap/checkout-gate', 'Role/checkout-gate', 'RoleBinding/checkout-gate', 'Pod/checkout-gate']);
    for (const o of objects) {
      assert.equal(o.metadata.annotations['argocd.argoproj.io/hook'], 'PreSync', o.kind);
      assert.equal(o.metadata.annotations['argocd.argoproj.io/hook-delete-policy'], 'BeforeHookCreation', o.kind);
      assert.equal(o.metadata.namespace, 'shop');
    }
  });

  it('its ConfigMap holds the same plan as the <context>-plan ConfigMap (which only exists after the Sync phase)', () => {
    const planMap = generatedOf(out, 'ConfigMap').find((c: Obj) => c.metadata.name === 'checkout-plan');
    assert.equal(objects[1]!.data['plan.json'], planMap.data['plan.json']);
    assert.ok(JSON.parse(planMap.data['plan.json']).delivery.gate.checks.length > 0);
  });

  it('may read its own ProjectContext and patch its status, nothing else', () => {
    assert.deepEqual(objects[2]!.rules, [
      { apiGroups: ['contextcore.io'], resources: ['projectcontexts'], verbs: ['get'], resourceNames: ['checkout'] },
      { apiGroups: ['contextcore.io'], resources: ['projectcontexts/status'], verbs: ['patch'], resourceNames: ['checkout'] },
    ]);
    assert.deepEqual(objects[3]!.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'checkout-gate' });
    assert.deepEqual(objects[3]!.subjects, [{ kind: 'ServiceAccount', name: 'checkout-gate', namespace: 'shop' }]);
    assert.equal(objects[0]!.automountServiceAccountToken, false, 'only the Pod mounts the token');
  });

  it('is a Pod, not a Job: once, bounded, restricted, and its last lines become the termination message Argo CD shows', () => {
    assert.equal(pod.spec.restartPolicy, 'Never');
    assert.equal(pod.spec.activeDeadlineSeconds, 300);
    assert.equal(pod.spec.serviceAccountName, 'checkout-gate');
    assert.equal(container.terminationMessagePolicy, 'FallbackToLogsOnError');
    assert.deepEqual(pod.spec.securityContext, { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  });

  it('runs contextcore gate on its plan with the configured Prometheus, token and CA files, within 20s', () => {
    assert.deepEqual(container.args, [
      'gate', '--plan', '/etc/contextcore/gate/plan.json', '--prometheus', 'https://prometheus.monitoring.svc:9091', '--timeout', '20s',
      '--bearer-token-file', '/var/run/secrets/kubernetes.io/serviceaccount/token', '--ca-file', '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt',
    ]);
    assert.deepEqual(pod.spec.volumes, [{ name: 'plan', configMap: { name: 'checkout-gate', items: [{ key: 'plan.json', path: 'plan.json' }] } }]);
    assert.deepEqual(container.env.map((e: Obj) => e.name), ['OTEL_EXPORTER_OTLP_ENDPOINT', 'CONTEXTCORE_HOOK_NAMESPACE']);
  });

  it('without kept ProjectContexts there is no status to write: no Role, and --no-status', () => {
    const o = expandOk([...base(), config({ gate: { enabled: true }, keepProjectContext: false })]);
    assert.deepEqual(gateObjects(o).map((x) => x.kind), ['ServiceAccount', 'ConfigMap', 'Pod']);
    assert.ok(generatedOf(o, 'Pod')[0].spec.containers[0].args.includes('--no-status'));
  });

  it('a context without a namespace: the gate’s objects carry none, and the Pod is told where it stands', () => {
    const strip = <T extends Obj>(x: T): T => ({ ...x, metadata: { ...x.metadata, namespace: undefined } });
    const o = expandOk([strip(projectContext()), strip(deployment()), strip(service()), config({ gate: { enabled: true } })]);
    const objs = gateObjects(o);
    for (const x of objs) assert.equal(x.metadata.namespace, undefined, x.kind);
    assert.deepEqual(objs.find((x) => x.kind === 'RoleBinding')!.subjects, [{ kind: 'ServiceAccount', name: 'checkout-gate' }]);
    assert.deepEqual(generatedOf(o, 'Pod')[0].spec.containers[0].args.slice(-2), ['--implicit-namespace', 'default']);
  });

  it('is not rendered unless enabled', () => {
    assert.deepEqual(gateObjects(expandOk(base())), []);
  });
});
