// `contextcore hook emit` on a real API server (kube-apiserver 1.26/1.32, or the cluster given),
// with a token of the rendered ServiceAccount and nothing else: the rendered RBAC is what the
// server enforces, the status goes through the real status subresource, missing and stale
// artifacts are real 404s and real annotations. examples/checkout is the main scenario.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ANNOTATION_PLAN_CHECKSUM, ANNOTATION_SOURCE_CHECKSUM, TARGET_ANNOTATIONS } from '../../functions/core/conventions/index.js';
import { compileSchema } from '../../functions/core/validate/ajv.js';
import { CRD } from '../validation-cases.js';
import { serviceAccountKubeconfig, yamlStream } from '../support/kubectl.js';
import type { DecodedSpan } from '../support/otlp-receiver.js';
import { planChecksum } from '../../functions/core/delivery/plan-checksum.js';
import { byType, context, deployWithHook, metricsService, planOf, renderWithHook, runHook, statusOf, taskSpan, workload, type HookRun, type HookSite } from './hook-scenario.js';
import { operatorCrdsInstalled } from './crd-install.js';
import { traceInJaeger } from './hook-trace-in-jaeger.js';
import type { ServerUnderTest } from './server-under-test.js';
import type { Plan } from '../../functions/core/plan/plan.js';

type Obj = Record<string, any>;

export const SOURCE = { application: 'checkout-prod', repoURL: 'https://git.example.com/shop/deploy.git', revision: '3f2c1ab' };
const CHECKOUT_CONFIG = { environment: 'production', hook: { enabled: true }, source: SOURCE };
const NS = 'commerce';
const STATUS_SCHEMA = CRD.spec.versions[0].schema.openAPIV3Schema.properties.status;
const validStatus = compileSchema(STATUS_SCHEMA);

/** Whether `kubectl auth can-i` (a SelfSubjectAccessReview) says yes, with these credentials. */
async function canI(sut: ServerUnderTest, kubeconfig: string, args: string[]): Promise<boolean> {
  const r = await sut.admin.run(['--kubeconfig', kubeconfig, 'auth', 'can-i', ...args]);
  assert.ok(r.code === 0 || r.code === 1, `kubectl auth can-i ${args.join(' ')}: ${r.stderr}`);
  return r.code === 0;
}

/** The plan's tasks, flat. */
const tasksOf = (site: HookSite): Obj[] => site.planJson.stories.flatMap((s: Obj) => s.tasks);

/** Before prometheus-operator's CRDs are installed: its kinds are not served. */
export function hookWithoutOperator(sut: ServerUnderTest): void {
  it('with prometheus-operator’s CRDs not installed, the ServiceMonitor and PrometheusRule tasks are missing, saying why', async (t) => {
    if (await operatorCrdsInstalled(sut)) return t.skip('prometheus-operator’s CRDs are installed in this cluster already');
    const ns = 'e2e-no-operator';
    await sut.namespaces([ns]);
    const rendered = renderWithHook([context('catalog', ns, [{ kind: 'Deployment', name: 'catalog' }]), workload('catalog', ns), metricsService('catalog', ns)], { hook: { enabled: true } });
    const site = await deployWithHook(sut, rendered, { context: 'catalog', leaveOut: (o) => o.apiVersion === 'monitoring.coreos.com/v1' });
    const r = await runHook(site, { args: ['--strict'] });
    assert.equal(r.code, 0, r.stderr);
    for (const kind of ['ServiceMonitor', 'PrometheusRule']) {
      const task = r.spans.find((s) => s.attributes['artifact.kind'] === kind)!;
      assert.equal(task.status.code, 2, kind);
      assert.match(String(task.status.message), new RegExp(`${kind} ${ns}/\\S+ not found in the cluster: .*(is the CRD of ${kind} installed|is its CRD installed)`));
    }
    const status = await statusOf(sut, ns, 'catalog');
    assert.deepEqual(status!.artifacts.filter((a: Obj) => a.state === 'missing').map((a: Obj) => a.kind).sort(), ['PrometheusRule', 'ServiceMonitor']);
  });
}

/** The checkout example; then, at the same time, contexts spanning two namespaces and none. */
export function hookAsServiceAccount(sut: ServerUnderTest): void {
  describe('the checkout example', { concurrency: false }, () => checkoutScenario(sut));
  describe('a context whose targets span two namespaces', () => twoNamespaces(sut));
  describe('a context without metadata.namespace', () => implicitNamespace(sut));
}

function checkoutScenario(sut: ServerUnderTest): void {
  let site: HookSite & { jobDryRun: string };
  let ok: HookRun;
  const rendered = renderWithHook('examples/checkout', CHECKOUT_CONFIG);

  before(async () => {
    await sut.namespaces([NS]);
    await sut.admin.ok(['label', '--overwrite', 'namespace', NS, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted']);
    site = await deployWithHook(sut, rendered, { context: 'checkout' });
    ok = await runHook(site, { args: ['--strict'] });
  });

  describe('its trace as Jaeger stores, indexes and shows it', () => traceInJaeger(() => ok));

  /** Puts the render back as applied (after a test changed the cluster). */
  const restore = () => sut.admin.ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], yamlStream(rendered.filter((o) => o.kind !== 'Job')));

  describe('hook emit --strict as its rendered ServiceAccount', () => {
    it('the hook Job passes the restricted Pod Security profile (server-side dry run)', () => {
      assert.doesNotMatch(site.jobDryRun, /would violate PodSecurity/);
    });

    it('exits 0 and prints only the trace id on stdout; every span is OK and INTERNAL', () => {
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /^[0-9a-f]{32}\n$/);
      assert.match(ok.stderr, /5 of 5 planned artifacts verified \(coverage 1\)/);
      assert.doesNotMatch(ok.stderr, /warning/);
      for (const s of ok.spans) assert.equal(s.status.code, 1, `${s.name}: ${JSON.stringify(s.status)}`);
      for (const s of ok.spans) assert.equal(s.kind, 1, `${s.name}: OTLP SPAN_KIND_INTERNAL (the hook serves and calls no one through its spans)`);
    });

    it('exports the trace it prints, whole: the epic, a span per story and per task', () => {
      assert.deepEqual([...new Set(ok.spans.map((s) => s.traceId))], [ok.stdout.trim()]);
      assert.equal(ok.spans.length, 1 + site.planJson.stories.length + tasksOf(site).length);
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
      assert.deepEqual(byType(ok.spans, 'story').map((s) => s.name).sort(), site.planJson.stories.map((s: Obj) => s.title).sort());
      assert.deepEqual(byType(ok.spans, 'task').map((s) => s.name).sort(), tasksOf(site).map((t) => t.title).sort());
    });

    it('resource attributes name the hook, the namespace and the sync (revision, repository, application)', () => {
      const r = ok.spans[0]!.resource;
      assert.equal(r['service.name'], 'contextcore-hook');
      assert.equal(r['k8s.namespace.name'], NS);
      assert.equal(r['deployment.environment.name'], 'production');
      assert.equal(r['vcs.ref.head.revision'], SOURCE.revision);
      assert.equal(r['vcs.repository.url.full'], SOURCE.repoURL);
      assert.equal(r['cicd.pipeline.name'], SOURCE.application);
    });

    it('every span carries the project and context the dashboards query, the epic the coverage', () => {
      for (const s of ok.spans) {
        assert.equal(s.attributes['project.id'], 'commerce-platform');
        assert.equal(s.attributes['k8s.projectcontext.name'], 'checkout');
        assert.equal(s.attributes['k8s.projectcontext.namespace'], NS);
      }
      const epic = byType(ok.spans, 'epic')[0]!.attributes;
      assert.equal(epic['coverage.total_required'], 5);
      assert.equal(epic['coverage.total_existing'], 5);
      assert.equal(epic['coverage.total_gaps'], 0);
      assert.equal(epic['coverage.percent'], 100);
      assert.equal(epic['contextcore.source_checksum'], site.planJson.context.checksum);
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
      assert.equal(rule['artifact.namespace'], NS);
      assert.deepEqual(rule['artifact.depends_on'], ['service_monitor:service/commerce/checkout-api']);
      assert.equal(rule['artifact.parameters.objective'], '99.95');
    });

    it('task spans have the created, contract and dependencies events at their start, deliverables_verified at their end', () => {
      // Jaeger's query API sorts a span's events by name: their times say their order.
      const events = (span: DecodedSpan) => new Map(span.events.map((e) => [e.name, e]));
      const rule = taskSpan(ok.spans, 'prometheus_rule:service/commerce/checkout-api');
      const got = events(rule);
      assert.deepEqual([...got.keys()].sort(), ['task.contract', 'task.created', 'task.deliverables_verified', 'task.dependencies']);
      for (const name of ['task.created', 'task.contract', 'task.dependencies']) assert.equal(got.get(name)!.time, rule.start, name);
      assert.equal(got.get('task.deliverables_verified')!.time, rule.end);
      const contract = got.get('task.contract')!.attributes;
      assert.ok((JSON.parse(String(contract.derivation_rules)) as string[]).some((r) => r.startsWith('business.criticality=critical')));
      assert.deepEqual(JSON.parse(String(contract.expected_output_contract)), { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', namespace: NS, name: 'checkout-api-slo' });
      assert.deepEqual(got.get('task.dependencies')!.attributes, { depends_on: ['service_monitor:service/commerce/checkout-api'], dependency_count: 1 });
      assert.deepEqual(got.get('task.deliverables_verified')!.attributes, { state: 'verified', verified: true });
      const deployment = taskSpan(ok.spans, 'annotations:deployment/commerce/checkout');
      assert.deepEqual([...events(deployment).keys()].sort(), ['task.contract', 'task.created', 'task.deliverables_verified'], 'no dependencies event without dependencies');
    });

    it('dependencies are linked with link.type=depends_on to the span of the task they depend on', () => {
      const monitor = taskSpan(ok.spans, 'service_monitor:service/commerce/checkout-api');
      const rule = taskSpan(ok.spans, 'prometheus_rule:service/commerce/checkout-api');
      const dashboard = taskSpan(ok.spans, 'dashboard:projectcontext/commerce/checkout');
      assert.deepEqual(rule.links, [{ traceId: monitor.traceId, spanId: monitor.spanId, attributes: { 'link.type': 'depends_on' } }]);
      assert.deepEqual(dashboard.links.map((l) => l.spanId), [rule.spanId]);
    });

    it('the status, written through the status subresource, holds everything the hook wrote and fits the CRD’s status schema', async () => {
      const status = (await statusOf(sut, NS, 'checkout'))!;
      assert.deepEqual(validStatus(status), []);
      // The server prunes what its schema does not know: every field the hook writes is still there.
      assert.deepEqual(Object.keys(status).sort(), ['artifacts', 'conditions', 'coverage', 'lastEpicSpanId', 'lastTraceId', 'lastVerifiedTime', 'observedChecksum', 'observedGeneration', 'observedPlanChecksum', 'observedRevision']);
      // No Prometheus object in this cluster yet: whether one selects the monitors is Unknown, not a gap.
      assert.deepEqual(status.conditions.map((c: Obj) => [c.type, c.status, c.reason]), [['Verified', 'True', 'AllVerified'], ['PrometheusSelects', 'Unknown', 'Unverifiable'], ['RenderWarnings', 'False', 'NoWarnings']]);
      assert.equal(status.observedChecksum, site.planJson.context.checksum);
      // What Argo CD's health check compares: the live object's generation and plan stamp.
      const live = JSON.parse((await sut.admin.ok(['get', 'pctx', 'checkout', '-n', NS, '-o', 'json'])).stdout);
      assert.equal(status.observedGeneration, live.metadata.generation);
      assert.equal(status.observedPlanChecksum, planChecksum(site.planJson as Plan));
      assert.equal(live.metadata.annotations[ANNOTATION_PLAN_CHECKSUM], status.observedPlanChecksum);
      assert.equal(status.observedRevision, SOURCE.revision);
      assert.equal(status.coverage, 1);
      assert.equal(status.lastTraceId, ok.stdout.trim());
      assert.equal(status.lastEpicSpanId, byType(ok.spans, 'epic')[0]!.spanId, 'the epic, which the gate’s span links to');
      assert.ok(Number.isFinite(Date.parse(status.lastVerifiedTime)));
      assert.deepEqual(status.artifacts.map((a: Obj) => [a.id, a.state]), tasksOf(site).map((t) => [t.id, 'verified']));
      for (const [a, t] of status.artifacts.map((a: Obj, i: number) => [a, tasksOf(site)[i]!])) assert.deepEqual({ ...a, state: undefined }, { id: t.id, type: t.type, ...t.artifact, state: undefined });
    });

    it('kubectl get pctx shows Project, Criticality, Owner and Age; -o wide adds the Coverage the hook wrote', async () => {
      const table = async (wide: boolean) => (await sut.admin.ok(['get', 'pctx', 'checkout', '-n', NS, ...(wide ? ['-o', 'wide'] : [])])).stdout.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
      const columns = CRD.spec.versions[0].additionalPrinterColumns as Obj[];
      const [head, row] = await table(false);
      assert.deepEqual(head, ['NAME', ...columns.filter((c) => !c.priority).map((c) => c.name.toUpperCase())]);
      assert.deepEqual(row!.slice(0, 4), ['checkout', 'commerce-platform', 'critical', 'commerce-team']);
      const [wideHead, wideRow] = await table(true);
      assert.deepEqual(wideHead, ['NAME', ...columns.map((c) => c.name.toUpperCase())]);
      assert.deepEqual(wideRow!.slice(0, 5), ['checkout', 'commerce-platform', 'critical', 'commerce-team', '1']);
    });

    it('kubectl auth can-i, as the ServiceAccount: reads of each planned artifact, of its own ProjectContext, of the Prometheus objects and its namespace, and a patch of its own status, nothing else', async () => {
      const artifacts = tasksOf(site).map((t) => t.artifact);
      const resource = (a: Obj) => `${{ Deployment: 'deployments.apps', Service: 'services', ServiceMonitor: 'servicemonitors.monitoring.coreos.com', PrometheusRule: 'prometheusrules.monitoring.coreos.com', ConfigMap: 'configmaps' }[a.kind as string]}/${a.name}`;
      const [monitor, rule, dashboard] = ['ServiceMonitor', 'PrometheusRule', 'ConfigMap'].map((kind) => resource(artifacts.find((a) => a.kind === kind)!));
      const checks: Array<[string[], boolean]> = [
        ...artifacts.map((a): [string[], boolean] => [['get', resource(a)], true]),
        [['patch', 'projectcontexts.contextcore.io/checkout', '--subresource=status'], true],
        [['get', 'projectcontexts.contextcore.io/checkout'], true],
        [['list', 'prometheuses.monitoring.coreos.com', '--all-namespaces'], true],
        [['get', `namespaces/${NS}`], true],
        [['get', 'namespaces/default'], false],
        [['list', 'namespaces'], false],
        [['delete', 'prometheuses.monitoring.coreos.com/k8s'], false],
        [['get', 'secrets/checkout'], false],
        [['list', 'secrets'], false],
        [['patch', monitor!], false],
        [['delete', rule!], false],
        [['update', dashboard!], false],
        [['create', 'servicemonitors.monitoring.coreos.com'], false],
        [['list', 'configmaps'], false],
        [['get', 'configmaps/someone-elses'], false],
        [['patch', 'projectcontexts.contextcore.io/checkout'], false],
        [['get', 'projectcontexts.contextcore.io/other'], false],
        [['patch', 'projectcontexts.contextcore.io/other', '--subresource=status'], false],
        [['get', 'deployments.apps/checkout', '-n', 'default'], false],
      ];
      const answers = await Promise.all(checks.map(([args]) => canI(sut, site.kubeconfig, [...args, ...(args.includes('-n') || args.includes('--all-namespaces') ? [] : ['-n', NS])])));
      const wrong = checks.filter(([, expected], i) => answers[i] !== expected).map(([args, expected]) => `${args.join(' ')}: expected ${expected ? 'yes' : 'no'}`);
      assert.deepEqual(wrong, []);
    });
  });

  describe('when the cluster does not hold what the plan says', () => {
    it('credentials the rendered Role does not cover (another ServiceAccount): tasks unverifiable with the Forbidden message, the status not written', async () => {
      await sut.admin.run(['create', 'serviceaccount', 'stranger', '-n', NS]);
      const stranger = await serviceAccountKubeconfig(sut.admin, sut.dir, NS, 'stranger');
      const before = await statusOf(sut, NS, 'checkout');
      const r = await runHook(site, { kubeconfig: stranger });
      assert.equal(r.code, 0);
      assert.match(String(taskSpan(r.spans, 'annotations:service/commerce/checkout-api').status.message), /HTTP 403: services "checkout-api" is forbidden: User "system:serviceaccount:commerce:stranger" cannot get resource "services"/);
      assert.match(r.stderr, /warning: could not record the result on ProjectContext commerce\/checkout: HTTP 403/);
      assert.deepEqual(await statusOf(sut, NS, 'checkout'), before);
    });
  });

  describe('after a newer render applied without its PrometheusRule (the older one stays), the ServiceMonitor deleted and the Deployment’s context annotations removed', () => {
    let r: HookRun;
    let newer: HookSite;
    let status: Obj;
    before(async () => {
      const objects = renderWithHook([...rendered.filter((o) => o.kind === 'ProjectContext').map((o) => ({ ...o, spec: { ...o.spec, business: { ...o.spec.business, owner: 'payments-team' } } })), ...rendered.filter((o) => ['Deployment', 'Service'].includes(o.kind))], CHECKOUT_CONFIG);
      await sut.admin.ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], yamlStream(objects.filter((o) => o.kind !== 'Job' && o.kind !== 'PrometheusRule')));
      await sut.admin.ok(['delete', 'servicemonitors.monitoring.coreos.com', 'checkout-api-contextcore', '-n', NS]);
      await sut.admin.ok(['annotate', 'deployment', 'checkout', '-n', NS, `${TARGET_ANNOTATIONS.contextKey}-`]);
      const planJson = planOf(objects, 'checkout');
      const plan = join(sut.dir, 'newer-plan.json');
      writeFileSync(plan, JSON.stringify(planJson));
      // The same ServiceAccount and job arguments: only the plan is the newer render's.
      newer = { ...site, rendered: objects, plan, planJson };
      r = await runHook(newer, { args: ['--strict'] });
      status = (await statusOf(sut, NS, 'checkout'))!;
    });
    after(() => restore());

    it('exits 0: missing artifacts are the product, not a failure of the hook', () => {
      assert.equal(r.code, 0, r.stderr);
      assert.notEqual(newer.planJson.context.checksum, site.planJson.context.checksum);
    });

    it('the deleted ServiceMonitor’s task is ERROR with the reason, and its story and the epic too; the other tasks are OK', () => {
      const task = taskSpan(r.spans, 'service_monitor:service/commerce/checkout-api');
      assert.equal(task.status.code, 2);
      assert.equal(task.status.message, 'ServiceMonitor commerce/checkout-api-contextcore not found in the cluster');
      assert.equal(task.attributes['artifact.verification'], 'missing');
      assert.equal(task.attributes['task.status'], 'todo');
      const story = r.spans.find((s) => s.spanId === task.parentSpanId)!;
      assert.deepEqual(story.status, { code: 2, message: '1 missing of 1 planned artifact' });
      assert.equal(byType(r.spans, 'epic')[0]!.status.code, 2);
      const untouched = ['annotations:service/commerce/checkout-api', 'dashboard:projectcontext/commerce/checkout'];
      for (const id of untouched) assert.equal(taskSpan(r.spans, id).status.code, 1, id);
    });

    it('the PrometheusRule left from the older render (its source checksum differs) counts as missing', async () => {
      const left = JSON.parse((await sut.admin.ok(['get', 'prometheusrules.monitoring.coreos.com', 'checkout-api-slo', '-n', NS, '-o', 'json'])).stdout);
      assert.equal(left.metadata.annotations[ANNOTATION_SOURCE_CHECKSUM], site.planJson.context.checksum, 'the PrometheusRule is the older render’s');
      const task = taskSpan(r.spans, 'prometheus_rule:service/commerce/checkout-api');
      assert.equal(task.status.code, 2);
      assert.match(String(task.status.message), /present but was generated from another version of ProjectContext commerce\/checkout/);
    });

    it('the target without the context annotations is missing its annotations task', () => {
      assert.match(String(taskSpan(r.spans, 'annotations:deployment/commerce/checkout').status.message), /present but not annotated for ProjectContext commerce\/checkout/);
    });

    it('the status says missing for those three, with the coverage left, within the CRD’s status schema', () => {
      assert.deepEqual(status.artifacts.filter((a: Obj) => a.state === 'missing').map((a: Obj) => a.kind).sort(), ['Deployment', 'PrometheusRule', 'ServiceMonitor']);
      assert.equal(status.coverage, 0.4);
      assert.equal(status.observedChecksum, newer.planJson.context.checksum);
      assert.deepEqual(validStatus(status), []);
    });
  });
}

function twoNamespaces(sut: ServerUnderTest): void {
  it('its hook, with a Role and RoleBinding in each namespace, verifies every artifact; can-i allows nothing else there', async () => {
    const [a, b] = ['e2e-orders', 'e2e-ledger'];
    await sut.namespaces([a, b]);
    const objects = renderWithHook([context('orders', a, [{ kind: 'Deployment', name: 'orders' }, { kind: 'Deployment', name: 'ledger', namespace: b }]), workload('orders', a), metricsService('orders', a), workload('ledger', b), metricsService('ledger', b)], { hook: { enabled: true } });
    assert.deepEqual(objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.namespace).sort(), [b, a].sort());
    const two = await deployWithHook(sut, objects, { context: 'orders' });
    const r = await runHook(two, { args: ['--strict'] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /(\d+) of \1 planned artifacts verified \(coverage 1\)/);
    assert.ok(tasksOf(two).some((t) => t.artifact?.namespace === b));
    assert.equal((await statusOf(sut, a, 'orders'))!.coverage, 1);
    assert.equal(await canI(sut, two.kubeconfig, ['get', 'deployments.apps/ledger', '-n', b]), true);
    assert.equal(await canI(sut, two.kubeconfig, ['get', 'secrets', '-n', b]), false);
    assert.equal(await canI(sut, two.kubeconfig, ['get', 'deployments.apps/orders', '-n', b]), false);
    assert.equal(await canI(sut, two.kubeconfig, ['patch', 'projectcontexts.contextcore.io/orders', '--subresource=status', '-n', b]), false);
  });
}

function implicitNamespace(sut: ServerUnderTest): void {
  it('applied into a destination namespace, its hook checks the artifacts there under the namespace-less RBAC bound there', async () => {
    const destination = 'e2e-implicit';
    await sut.namespaces([destination]);
    const objects = renderWithHook([context('web', undefined, [{ kind: 'Service', name: 'web' }]), metricsService('web')], { hook: { enabled: true } });
    assert.ok(objects.every((o) => o.metadata.namespace === undefined), 'nothing carries a namespace');
    const implicit = await deployWithHook(sut, objects, { context: 'web', destination });
    const r = await runHook(implicit, { args: ['--strict'] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /4 of 4 planned artifacts verified/);
    const status = (await statusOf(sut, destination, 'web'))!;
    assert.equal(status.coverage, 1);
    assert.ok(status.artifacts.every((a: Obj) => a.namespace === destination));
    assert.equal(r.spans[0]!.resource['k8s.namespace.name'], destination);
  });
}
