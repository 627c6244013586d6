import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tasksInDependencyOrder } from '../../../../../functions/core/index.js';
import { config, deployment, projectContext, service, expandOk } from '../../../../fixtures.js';

type Obj = Record<string, any>;
const run = expandOk;

describe('plan', () => {
  const out = run([projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Service', name: 'checkout' }] }), deployment(), service({ name: 'checkout' })]);
  const plan = out.plans[0]!;
  const tasks = plan.stories.flatMap((s) => s.tasks);

  it('the epic is the context and there is one story per artifact type', () => {
    assert.equal(plan.epic.title, 'shop-platform observability');
    assert.equal(plan.epic.id, 'epic:shop/checkout');
    assert.deepEqual(plan.stories.map((s) => s.type), ['annotations', 'service_monitor', 'prometheus_rule', 'dashboard']);
  });

  it('task ids keep a Deployment and a Service of the same name apart', () => {
    const ids = tasks.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes('annotations:deployment/shop/checkout'));
    assert.ok(ids.includes('annotations:service/shop/checkout'));
  });

  it('rules depend on their scrape and the dashboard on the rules it plots', () => {
    const rule = tasks.find((t) => t.type === 'prometheus_rule')!;
    const dash = tasks.find((t) => t.type === 'dashboard')!;
    assert.deepEqual(rule.dependsOn, ['service_monitor:service/shop/checkout']);
    assert.deepEqual(dash.dependsOn, [rule.id]);
    const order = tasksInDependencyOrder(plan).map((t) => t.id);
    assert.ok(order.indexOf('service_monitor:service/shop/checkout') < order.indexOf(rule.id));
    assert.ok(order.indexOf(rule.id) < order.indexOf(dash.id));
  });

  it('coverage counts existing and generated against everything required', () => {
    assert.deepEqual(plan.coverage, { required: 5, existing: 0, generated: 5, skipped: 0, ratio: 1 });
    // Nothing scrapes the Deployment: rendered under onUnmetRequirement: warn, with the gaps in the plan.
    const partial = run([config({ onUnmetRequirement: 'warn' }), projectContext(), deployment()]).plans[0]!;
    assert.deepEqual(partial.coverage, { required: 4, existing: 0, generated: 1, skipped: 3, ratio: 0.25 });
  });

  it('the checksum changes with the spec and only with it', () => {
    const a = run([projectContext(), deployment(), service()]).plans[0]!.context.checksum;
    const b = run([projectContext({ business: { criticality: 'low', owner: 'x' } }), deployment(), service()]).plans[0]!.context.checksum;
    const withStatus = projectContext();
    (withStatus as Obj).status = { coverage: 1 };
    withStatus.metadata!.annotations = { 'config.kubernetes.io/path': 'x.yaml' };
    const c = run([withStatus, deployment(), service()]).plans[0]!.context.checksum;
    assert.match(a, /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(a, b);
    assert.equal(a, c);
  });

  it('the plan ConfigMap holds the same plan as deterministic JSON', () => {
    const cm = out.resources.find((r) => r.metadata?.name === 'checkout-plan') as Obj;
    assert.deepEqual(JSON.parse(cm.data['plan.json']), JSON.parse(JSON.stringify(plan)));
    assert.equal(cm.metadata.labels['contextcore.io/artifact'], 'plan');
  });

  it('every derived value is in the plan with its rule', () => {
    assert.ok(plan.derivations.some((d) => d.rule === 'business.criticality=high → metrics interval 30s'));
  });
});
