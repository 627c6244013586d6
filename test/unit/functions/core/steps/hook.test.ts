import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand } from '../../../../support/expand.js';
import { config, deployment, expandOk, generatedOf, projectContext, service } from '../../../../fixtures.js';

type Obj = Record<string, any>;

const HOOK_KINDS = ['ServiceAccount', 'Role', 'RoleBinding', 'Job'];
const hookObjects = (out: ReturnType<typeof expandOk>) => out.generated.map((g) => out.resources[g.index] as Obj).filter((o) => o.metadata.labels?.['contextcore.io/artifact'] === 'hook');
const enabled = (spec: Obj = {}) => config({ hook: { enabled: true }, ...spec });
const base = () => [projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }] }), deployment(), service()];

describe('hook step: the rendered PostSync Job', () => {
  const out = expandOk([...base(), enabled({ hook: { enabled: true, image: 'registry.example.com/cc:1.2.3', otlpEndpoint: 'http://collector.obs:4318' } })]);
  const [job] = generatedOf(out, 'Job');
  const pod = job.spec.template.spec;
  const [container] = pod.containers;

  it('is an Argo CD PostSync hook recreated before each sync', () => {
    assert.equal(job.apiVersion, 'batch/v1');
    assert.equal(job.metadata.name, 'checkout-verify');
    assert.equal(job.metadata.namespace, 'shop');
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook'], 'PostSync');
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook-delete-policy'], 'BeforeHookCreation');
    assert.equal(job.metadata.labels['app.kubernetes.io/managed-by'], 'contextcore');
    assert.equal(job.metadata.annotations['contextcore.io/source'], 'shop/checkout');
  });

  it('runs once, briefly retried, bounded, and stays long enough for Argo CD to see it finish', () => {
    assert.equal(pod.restartPolicy, 'Never');
    assert.equal(job.spec.backoffLimit, 1);
    assert.equal(job.spec.activeDeadlineSeconds, 300);
    assert.equal(job.spec.ttlSecondsAfterFinished, 3600);
  });

  it('runs restricted: non-root, read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
    assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    assert.deepEqual(container.securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('has resource requests and limits', () => {
    assert.deepEqual(container.resources, { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  it('runs the configured image as `contextcore hook emit` on the mounted plan, with the OTLP endpoint in its env', () => {
    assert.equal(container.image, 'registry.example.com/cc:1.2.3');
    assert.deepEqual(container.args, ['hook', 'emit', '--plan', '/etc/contextcore/plan/plan.json', '--timeout', '10s']);
    assert.deepEqual(container.env, [
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://collector.obs:4318' },
      { name: 'CONTEXTCORE_HOOK_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
    assert.deepEqual(container.volumeMounts, [{ name: 'plan', mountPath: '/etc/contextcore/plan', readOnly: true }]);
    assert.deepEqual(pod.volumes, [{ name: 'plan', configMap: { name: 'checkout-plan', items: [{ key: 'plan.json', path: 'plan.json' }] } }]);
    assert.ok(out.resources.some((r) => r.kind === 'ConfigMap' && r.metadata?.name === 'checkout-plan'));
  });

  it('runs as its own ServiceAccount, which alone mounts a token', () => {
    const [sa] = generatedOf(out, 'ServiceAccount');
    assert.equal(pod.serviceAccountName, sa.metadata.name);
    assert.equal(sa.metadata.namespace, 'shop');
    assert.equal(sa.automountServiceAccountToken, false);
    assert.equal(pod.automountServiceAccountToken, true);
  });

  it('uses the default image and collector when the configuration names none', () => {
    const [j] = generatedOf(expandOk([...base(), enabled()]), 'Job');
    assert.equal(j.spec.template.spec.containers[0].image, 'ghcr.io/contextcore/contextcore-gitops:0.1.0');
    assert.equal(j.spec.template.spec.containers[0].env[0].value, 'http://otel-collector.observability:4318');
  });
});

describe('hook step: least-privilege RBAC', () => {
  it('one Role reads exactly the planned artifacts and its own context, and patches only the context status', () => {
    const out = expandOk([...base(), enabled()]);
    const [role] = generatedOf(out, 'Role');
    assert.equal(role.metadata.namespace, 'shop');
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'], resourceNames: ['checkout-dashboard'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'], resourceNames: ['checkout'] },
      { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: ['get', 'list'], resourceNames: ['checkout-api-slo'] },
      { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'list'], resourceNames: ['checkout-api-contextcore'] },
      { apiGroups: ['contextcore.io'], resources: ['projectcontexts'], verbs: ['get'], resourceNames: ['checkout'] },
      { apiGroups: ['contextcore.io'], resources: ['projectcontexts/status'], verbs: ['patch'], resourceNames: ['checkout'] },
    ]);
    const [binding] = generatedOf(out, 'RoleBinding');
    assert.equal(binding.metadata.namespace, 'shop');
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'checkout-verify', namespace: 'shop' }]);
  });

  it('one ClusterRole lists the Prometheus objects and reads the labels of the namespaces of its monitors and rules, nothing else', () => {
    const out = expandOk([...base(), enabled()]);
    const [clusterRole, ...moreRoles] = generatedOf(out, 'ClusterRole');
    assert.deepEqual(moreRoles, []);
    assert.equal(clusterRole.metadata.name, 'shop-checkout-verify');
    assert.equal(clusterRole.metadata.namespace, undefined);
    assert.deepEqual(clusterRole.rules, [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: ['shop'] },
      { apiGroups: ['monitoring.coreos.com'], resources: ['prometheuses'], verbs: ['list'] },
    ]);
    const [binding] = generatedOf(out, 'ClusterRoleBinding');
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'shop-checkout-verify' });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'checkout-verify', namespace: 'shop' }]);
  });

  it('a plan without ServiceMonitors or PrometheusRules gets no ClusterRole', () => {
    const out = expandOk([projectContext({ observability: { sli: { preset: 'none' } } }), deployment(), enabled()]);
    assert.equal(generatedOf(out, 'ClusterRole').length + generatedOf(out, 'ClusterRoleBinding').length, 0);
  });

  it('a target in another namespace gets a Role and RoleBinding there, bound to the ServiceAccount in the context namespace', () => {
    const out = expandOk([
      projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'worker', namespace: 'jobs' }] }),
      deployment(),
      service(),
      deployment({ name: 'worker', namespace: 'jobs' }),
      enabled(),
    ]);
    const roles = generatedOf(out, 'Role');
    assert.deepEqual(roles.map((r) => [r.metadata.namespace, r.metadata.name]), [['shop', 'checkout-verify'], ['jobs', 'shop-checkout-verify']]);
    assert.deepEqual(roles[1].rules, [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'], resourceNames: ['worker'] }]);
    const bindings = generatedOf(out, 'RoleBinding');
    assert.deepEqual(bindings[1].subjects, [{ kind: 'ServiceAccount', name: 'checkout-verify', namespace: 'shop' }]);
    assert.deepEqual(bindings[1].roleRef.name, 'shop-checkout-verify');
  });

  it('skipped tasks grant nothing', () => {
    // No Service: monitor, rules and dashboard skipped, rendered anyway under onUnmetRequirement: warn.
    const out = expandOk([projectContext(), deployment(), enabled({ onUnmetRequirement: 'warn' })]);
    const [role] = generatedOf(out, 'Role');
    assert.deepEqual(role.rules.map((r: Obj) => r.resources[0]), ['deployments', 'projectcontexts', 'projectcontexts/status']);
    assert.equal(generatedOf(out, 'ClusterRole').length, 0, 'no monitor or rule to ask a Prometheus about');
  });

  it('when ProjectContexts are not kept, nothing patches a status and the Job says so', () => {
    const out = expandOk([...base(), enabled({ keepProjectContext: false })]);
    assert.ok(!generatedOf(out, 'Role')[0].rules.some((r: Obj) => r.resources[0] === 'projectcontexts/status'));
    assert.deepEqual(generatedOf(out, 'Job')[0].spec.template.spec.containers[0].args.slice(-1), ['--no-status']);
  });
});

describe('hook step: a ProjectContext without a namespace', () => {
  const strip = (o: Obj) => (delete o.metadata.namespace, o);
  const out = expandOk([strip(projectContext()), strip(deployment()), strip(service()), enabled()]);
  const hook = hookObjects(out);

  it('renders the hook and its RBAC without a namespace, to land where Argo CD puts the artifacts', () => {
    assert.deepEqual(hook.map((o) => o.kind).sort(), [...HOOK_KINDS].sort());
    for (const o of hook) assert.equal(o.metadata.namespace, undefined, o.kind);
  });

  it('binds the ServiceAccount without a namespace (RBAC takes the binding’s own)', () => {
    assert.deepEqual(hook.find((o) => o.kind === 'RoleBinding')!.subjects, [{ kind: 'ServiceAccount', name: 'checkout-verify' }]);
  });

  it('tells the Job that the plan’s default namespace stands for the namespace it runs in', () => {
    assert.deepEqual(hook.find((o) => o.kind === 'Job')!.spec.template.spec.containers[0].args.slice(-2), ['--implicit-namespace', 'default']);
  });

  it('warns about a target explicitly in another namespace, which it cannot be granted', () => {
    const o = expand({
      resources: [strip(projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'worker', namespace: 'jobs' }] })), strip(deployment()), strip(service()), deployment({ name: 'worker', namespace: 'jobs' }), enabled()],
    });
    assert.ok(o.ok);
    const w = o.results.filter((r) => r.severity === 'warning' && /cannot be granted access to Deployment jobs\/worker/.test(r.message));
    assert.equal(w.length, 1, JSON.stringify(o.results));
    assert.ok(!generatedOf(o as any, 'Role').some((r) => r.metadata.namespace === 'jobs'));
  });
});

describe('hook step: a ProjectContext with a namespace and an artifact without one', () => {
  it('warns that the hook checks the plan’s namespace, which may not be where Argo CD applied it', () => {
    const worker = deployment({ name: 'worker' });
    delete (worker as Obj).metadata.namespace;
    const o = expand({ resources: [projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'worker', namespace: 'default' }] }), deployment(), service(), worker, enabled()] });
    assert.ok(o.ok, JSON.stringify(o.results));
    assert.ok(o.results.some((r) => r.severity === 'warning' && /Deployment default\/worker has no metadata\.namespace: Argo CD applies it to the Application's destination namespace/.test(r.message)));
    assert.deepEqual(generatedOf(o as any, 'Role').map((r) => r.metadata.namespace), ['shop', 'default']);
  });
});

describe('hook step: output rules', () => {
  it('adds nothing when the hook is not enabled', () => {
    for (const spec of [undefined, { hook: { enabled: false } }]) {
      const out = expandOk([...base(), ...(spec ? [config(spec)] : [])]);
      assert.deepEqual(hookObjects(out), []);
    }
  });

  it('is deterministic, and expanding its own output gives the same output', () => {
    const a = expandOk([...base(), enabled()]);
    const b = expandOk([...base(), enabled()]);
    assert.deepEqual(a.resources, b.resources);
    const again = expandOk([...a.resources, enabled()]);
    assert.deepEqual(again.resources, a.resources);
  });

  it('every context gets its own hook', () => {
    const out = expandOk([
      projectContext(),
      deployment(),
      service(),
      projectContext({ project: { id: 'other' }, targets: [{ kind: 'Deployment', name: 'worker' }] }, { name: 'worker' }),
      deployment({ name: 'worker', labels: { app: 'worker' } }),
      service({ name: 'worker-metrics', labels: { app: 'worker' }, selector: { app: 'worker' } }),
      enabled(),
    ]);
    assert.deepEqual(generatedOf(out, 'Job').map((j) => [j.metadata.name, j.spec.template.spec.volumes[0].configMap.name]), [
      ['checkout-verify', 'checkout-plan'],
      ['worker-verify', 'worker-plan'],
    ]);
  });
});
