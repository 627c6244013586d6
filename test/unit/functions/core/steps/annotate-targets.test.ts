import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type KubeObject } from '../../../../../functions/core/index.js';
import { expand } from '../../../../support/expand.js';
import { config, deployment, projectContext, service, expandOk } from '../../../../fixtures.js';

type Obj = Record<string, any>;
/** The app with its Service (with a metrics port): the context's declared objective is met, as in a real app. */
const run = (resources: KubeObject[], svc: KubeObject = service()) => expandOk([...resources, svc]);
const find = (out: { resources: KubeObject[] }, kind: string, name: string) => out.resources.find((r) => r.kind === kind && r.metadata?.name === name) as Obj;
const env = (d: Obj, container = 'app') => Object.fromEntries((d.spec.template.spec.containers.find((c: Obj) => c.name === container).env ?? []).map((e: Obj) => [e.name, e.value ?? e.valueFrom]));

describe('annotate targets', () => {
  it('a workload gets context annotations on its metadata and its pod template', () => {
    const out = run([projectContext({ design: { doc: 'https://docs.example.com/x' } }), deployment()]);
    const d = find(out, 'Deployment', 'checkout');
    for (const a of [d.metadata.annotations, d.spec.template.metadata.annotations]) {
      assert.equal(a['contextcore.io/project-id'], 'shop-platform');
      assert.equal(a['contextcore.io/criticality'], 'high');
      assert.equal(a['contextcore.io/owner'], 'shop-team');
      assert.equal(a['contextcore.io/design-doc'], 'https://docs.example.com/x');
      assert.equal(a['contextcore.io/slo-availability'], '99.9');
      assert.equal(a['contextcore.io/projectcontext'], 'shop/checkout');
      assert.equal(a['contextcore.io/adr'], undefined, 'only annotations with values');
    }
    assert.equal(d.spec.template.metadata.annotations['resource.opentelemetry.io/business.criticality'], 'high');
  });

  it('every container gets OTEL_RESOURCE_ATTRIBUTES, percent-encoded, and the sampler', () => {
    const out = run([projectContext({ project: { id: 'shop-platform', epic: 'EPIC-7,a=b%' } }), deployment({ containers: [{ name: 'app' }, { name: 'sidecar' }] })]);
    const d = find(out, 'Deployment', 'checkout');
    for (const c of ['app', 'sidecar']) {
      const e = env(d, c);
      assert.match(e.OTEL_RESOURCE_ATTRIBUTES, /^project\.id=shop-platform,/);
      assert.match(e.OTEL_RESOURCE_ATTRIBUTES, /project\.epic=EPIC-7%2Ca%3Db%25,/);
      assert.match(e.OTEL_RESOURCE_ATTRIBUTES, /k8s\.projectcontext\.name=checkout,k8s\.projectcontext\.namespace=shop/);
      assert.equal(e.OTEL_TRACES_SAMPLER, 'parentbased_traceidratio');
      assert.equal(e.OTEL_TRACES_SAMPLER_ARG, '0.5');
    }
  });

  it("the user's resource attributes are kept and their keys win", () => {
    const out = run([projectContext(), deployment({ containers: [{ name: 'app', env: [{ name: 'OTEL_RESOURCE_ATTRIBUTES', value: 'service.name=shop,business.owner=someone-else' }] }] })]);
    const value = env(find(out, 'Deployment', 'checkout')).OTEL_RESOURCE_ATTRIBUTES as string;
    assert.match(value, /^service\.name=shop,business\.owner=someone-else,project\.id=shop-platform/);
    assert.equal(value.match(/business\.owner=/g)!.length, 1);
  });

  it("the user's sampler is left alone", () => {
    const out = run([projectContext(), deployment({ containers: [{ name: 'app', env: [{ name: 'OTEL_TRACES_SAMPLER', value: 'always_on' }] }] })]);
    const e = env(find(out, 'Deployment', 'checkout'));
    assert.equal(e.OTEL_TRACES_SAMPLER, 'always_on');
    assert.equal(e.OTEL_TRACES_SAMPLER_ARG, undefined);
  });

  it('an env var set from valueFrom is never touched and a warning names the container', () => {
    const valueFrom = { configMapKeyRef: { name: 'otel', key: 'attrs' } };
    const out = run([projectContext(), deployment({ containers: [{ name: 'app', env: [{ name: 'OTEL_RESOURCE_ATTRIBUTES', valueFrom }] }] })]);
    assert.deepEqual(env(find(out, 'Deployment', 'checkout')).OTEL_RESOURCE_ATTRIBUTES, valueFrom);
    const w = out.results.find((r) => r.severity === 'warning' && /valueFrom/.test(r.message));
    assert.ok(w);
    assert.equal(w.field?.path, 'spec.template.spec.containers[name=app].env');
    assert.equal(w.resourceRef?.kind, 'Deployment');
  });

  it('a Rollout without a pod template is warned about on the Rollout, naming the context', () => {
    const rollout = deployment({ kind: 'Rollout', name: 'canary' }) as Obj;
    rollout.spec = { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'canary' } };
    // The Service is a target of its own: nothing can select the pods of a Rollout without a pod template.
    const out = run([projectContext({ targets: [{ kind: 'Rollout', name: 'canary' }, { kind: 'Service', name: 'checkout-api' }] }), rollout]);
    const w = out.results.find((r) => r.severity === 'warning' && /no pod template/.test(r.message));
    assert.ok(w, JSON.stringify(out.results));
    assert.equal(w.resourceRef?.kind, 'Rollout');
    assert.equal(w.field?.path, 'spec.template');
    assert.match(w.message, /ProjectContext shop\/checkout/);
  });

  // [sentence, change to a well-formed Deployment, field named]
  const misshapen: Array<[string, (d: Obj) => void, string]> = [
    ['annotations that are not a mapping', (d) => (d.metadata.annotations = 'x'), 'metadata.annotations'],
    ['a pod template metadata that is not a mapping', (d) => (d.spec.template.metadata = 'x'), 'spec.template.metadata'],
    ['pod annotations that are a list', (d) => (d.spec.template.metadata.annotations = ['a']), 'spec.template.metadata.annotations'],
    ['containers that are not a list', (d) => (d.spec.template.spec.containers = { name: 'app' }), 'spec.template.spec.containers'],
    ['an env that is a mapping', (d) => (d.spec.template.spec.containers[0].env = { OTEL: 'x' }), 'spec.template.spec.containers[0].env'],
    ['a pod template that is a string', (d) => (d.spec.template = 'x'), 'spec.template'],
  ];
  for (const [name, change, field] of misshapen) {
    it(`a target with ${name} is an error on the target's field, and nothing is rewritten`, () => {
      const d = deployment() as Obj;
      change(d);
      const out = expand({ resources: [projectContext(), d, service()], origins: [{ path: 'context.yaml' }, { path: 'deploy.yaml' }, { path: 'service.yaml' }] });
      const errors = out.results.filter((r) => r.severity === 'error');
      assert.equal(errors.length, 1, JSON.stringify(out.results));
      assert.equal(errors[0]!.field?.path, field);
      assert.equal(errors[0]!.resourceRef?.kind, 'Deployment');
      assert.equal(errors[0]!.file?.path, 'deploy.yaml');
      assert.match(errors[0]!.message, /ProjectContext shop\/checkout cannot annotate it \(spec\.targets\[0\]\)/);
    });
  }

  it('nothing else of the user resource changes', () => {
    const input = deployment({ containers: [{ name: 'app', image: 'x', resources: { limits: { cpu: '1' } } }] });
    const out = run([projectContext(), input]);
    const d = find(out, 'Deployment', 'checkout');
    const strip = (o: Obj) => {
      const c = JSON.parse(JSON.stringify(o));
      delete c.metadata.annotations;
      delete c.spec.template.metadata.annotations;
      for (const k of c.spec.template.spec.containers) delete k.env;
      return c;
    };
    assert.deepEqual(strip(d), strip(input as Obj));
  });

  it('a CronJob is annotated on its job pod template', () => {
    const out = run([projectContext({ targets: [{ kind: 'CronJob', name: 'report' }] }), deployment({ kind: 'CronJob', name: 'report' })], service({ selector: { app: 'report' } }));
    const cj = find(out, 'CronJob', 'report');
    assert.equal(cj.spec.jobTemplate.spec.template.metadata.annotations['contextcore.io/project-id'], 'shop-platform');
    assert.ok(cj.spec.jobTemplate.spec.template.spec.containers[0].env.some((e: Obj) => e.name === 'OTEL_RESOURCE_ATTRIBUTES'));
  });

  it('a Service target gets annotations on its metadata only', () => {
    const out = expandOk([projectContext({ targets: [{ kind: 'Service', name: 'checkout-api' }] }), service()]);
    const s = find(out, 'Service', 'checkout-api');
    assert.equal(s.metadata.annotations['contextcore.io/project-id'], 'shop-platform');
    assert.deepEqual(Object.keys(s.spec).sort(), ['ports', 'selector']);
  });

  it('expanding the output again changes nothing', () => {
    const first = run([config({ environment: 'prod' }), projectContext(), deployment({ containers: [{ name: 'app', env: [{ name: 'OTEL_RESOURCE_ATTRIBUTES', value: 'service.name=shop' }] }] })]);
    const second = expandOk([config({ environment: 'prod' }), ...first.resources]);
    assert.deepEqual(second.resources, first.resources);
  });

  it('a changed context replaces the values an earlier run wrote, not the user ones', () => {
    const first = run([projectContext(), deployment({ containers: [{ name: 'app', env: [{ name: 'OTEL_RESOURCE_ATTRIBUTES', value: 'service.name=shop' }] }] })]);
    const changed = first.resources.map((r) => (r.kind === 'ProjectContext' ? projectContext({ business: { criticality: 'low', owner: 'shop-team' } }) : r));
    const second = expandOk(changed);
    const d = find(second, 'Deployment', 'checkout');
    const e = env(d);
    assert.match(e.OTEL_RESOURCE_ATTRIBUTES, /^service\.name=shop,/);
    assert.match(e.OTEL_RESOURCE_ATTRIBUTES, /business\.criticality=low/);
    assert.doesNotMatch(e.OTEL_RESOURCE_ATTRIBUTES, /criticality=high/);
    assert.equal(e.OTEL_TRACES_SAMPLER_ARG, '0.01');
    assert.equal(d.metadata.annotations['contextcore.io/criticality'], 'low');
    assert.equal(d.metadata.annotations['contextcore.io/business-value'], undefined, 'a value removed from the context is removed from the target');
  });
});
