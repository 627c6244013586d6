import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planSpans, traceResource, type SpanSpec } from '../../../../../functions/core/hook/plan-trace.js';
import type { Verification } from '../../../../../functions/core/hook/verification.js';
import { config, deployment, expandOk, projectContext, service } from '../../../../fixtures.js';

type Obj = Record<string, any>;

const out = expandOk([
  projectContext({ project: { id: 'shop-platform', epic: 'EPIC-9' }, targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'lonely' }] }),
  deployment(),
  deployment({ name: 'lonely', labels: { app: 'lonely' } }),
  service(),
  config({ environment: 'staging', source: { application: 'shop', revision: 'abc', repoURL: 'https://git.example.com/r.git' } }),
]);
const plan = out.plans[0]!;
const tasks = plan.stories.flatMap((s) => s.tasks);
const T0 = 1_700_000_000_000;
const timing = { start: T0, end: T0 + 500, tasks: new Map(tasks.map((t, i) => [t.id, { start: T0 + 10 + i, end: T0 + 20 + i }])) };
const verified: Verification[] = tasks.map((t) => (t.status === 'skipped' ? { taskId: t.id, state: 'skipped', reason: t.reason! } : { taskId: t.id, state: 'verified', location: t.artifact! }));
const find = (spans: SpanSpec[], id: string) => spans.find((s) => s.id === id)!;

describe('plan spans', () => {
  const spans = planSpans(plan, verified, timing);

  it('an epic, one story per artifact type and one task per planned artifact, in that order', () => {
    assert.equal(spans.length, 1 + plan.stories.length + tasks.length);
    assert.equal(spans[0]!.id, plan.epic.id);
    assert.equal(spans[0]!.parentId, undefined);
    assert.deepEqual(spans.slice(1, 1 + plan.stories.length).map((s) => [s.id, s.parentId]), plan.stories.map((s) => [s.id, plan.epic.id]));
    for (const s of spans.slice(1 + plan.stories.length)) assert.equal(s.parentId, plan.stories.find((st) => st.tasks.some((t) => t.id === s.id))!.id);
  });

  it('every dependency starts before its dependent and is linked with link.type=depends_on', () => {
    const order = spans.map((s) => s.id);
    for (const s of spans) {
      for (const l of s.links) {
        assert.ok(order.indexOf(l.id) < order.indexOf(s.id), `${l.id} before ${s.id}`);
        assert.deepEqual(l.attributes, { 'link.type': 'depends_on' });
      }
    }
    assert.deepEqual(find(spans, 'prometheus_rule:service/shop/checkout-api').links.map((l) => l.id), ['service_monitor:service/shop/checkout-api']);
  });

  it('times come from the timing given: tasks their own, stories and the epic around them', () => {
    const t = tasks[0]!;
    assert.deepEqual([find(spans, t.id).start, find(spans, t.id).end], [timing.tasks.get(t.id)!.start, timing.tasks.get(t.id)!.end]);
    for (const story of plan.stories) {
      const s = find(spans, story.id);
      assert.equal(s.start, Math.min(...story.tasks.map((x) => timing.tasks.get(x.id)!.start)));
      assert.equal(s.end, Math.max(...story.tasks.map((x) => timing.tasks.get(x.id)!.end)));
    }
    assert.deepEqual([spans[0]!.start, spans[0]!.end], [T0, T0 + 500]);
    const task = find(spans, tasks[1]!.id);
    assert.ok(task.events.filter((e) => e.name !== 'task.deliverables_verified').every((e) => e.time === task.start));
    assert.equal(task.events.find((e) => e.name === 'task.deliverables_verified')!.time, task.end);
  });

  it('even for a plan that closes a dependency cycle, a link only points at a span emitted before it', () => {
    const cyclic = JSON.parse(JSON.stringify(plan)) as typeof plan;
    const monitor = cyclic.stories.flatMap((s) => s.tasks).find((t) => t.type === 'service_monitor')!;
    monitor.dependsOn = [cyclic.stories.flatMap((s) => s.tasks).find((t) => t.type === 'dashboard')!.id, monitor.id];
    const out = planSpans(cyclic, verified, timing);
    const seen = new Set<string>();
    let links = 0;
    for (const s of out) {
      for (const l of s.links) assert.ok(seen.has(l.id), `${s.id} links to ${l.id}, not emitted before it`);
      links += s.links.length;
      seen.add(s.id);
    }
    assert.ok(links >= 2, 'the links that do not close the cycle are kept');
  });

  it('a story without tasks spans the run instead of Infinity', () => {
    const empty = { ...plan, stories: [...plan.stories, { id: 'story:empty', type: 'dashboard' as const, title: 'Empty', tasks: [] }] };
    const s = find(planSpans(empty, verified, timing), 'story:empty');
    assert.deepEqual([s.start, s.end], [T0, T0 + 500]);
  });

  it('is a pure function of plan, verification and timing', () => {
    assert.deepEqual(planSpans(plan, verified, timing), spans);
  });

  it('the epic carries coverage of what was verified, the checksum and the business context', () => {
    const a = spans[0]!.attributes;
    const required = tasks.length;
    const skipped = tasks.filter((t) => t.status === 'skipped').length;
    assert.equal(a['task.type'], 'epic');
    assert.equal(a['coverage.total_required'], required);
    assert.equal(a['coverage.total_existing'], required - skipped);
    assert.equal(a['coverage.total_gaps'], skipped);
    assert.equal(a['coverage.percent'], Math.round(((required - skipped) / required) * 10000) / 100);
    assert.equal(a['contextcore.source_checksum'], plan.context.checksum);
    assert.equal(a['project.epic'], 'EPIC-9');
    assert.equal(a['business.criticality'], 'high');
    assert.equal(a['business.owner'], 'shop-team');
  });

  it('the resource names the hook, its namespace, the environment and the sync', () => {
    assert.deepEqual(traceResource(plan, 'shop'), {
      'service.name': 'contextcore-hook',
      'service.version': '0.1.0',
      'k8s.namespace.name': 'shop',
      'deployment.environment.name': 'staging',
      'vcs.ref.head.revision': 'abc',
      'vcs.repository.url.full': 'https://git.example.com/r.git',
      'cicd.pipeline.name': 'shop',
    });
  });
});

describe('plan span statuses', () => {
  const cases: Array<[string, Verification['state'], number | string, string, string]> = [
    ['a verified artifact is OK and done', 'verified', 'OK', 'done', 'verified'],
    ['a missing artifact is ERROR with the reason and todo', 'missing', 'ERROR', 'todo', 'missing'],
    ['an artifact that could not be checked is ERROR with the reason and blocked', 'unverifiable', 'ERROR', 'blocked', 'unverifiable'],
    ['an unchecked artifact (dry run) is UNSET', 'unchecked', 'UNSET', 'todo', 'unchecked'],
  ];
  for (const [name, state, code, taskStatus, verification] of cases) {
    it(name, () => {
      const id = 'service_monitor:service/shop/checkout-api';
      const v = verified.map((x) => (x.taskId === id ? { ...x, state, ...(state === 'missing' || state === 'unverifiable' ? { reason: 'ServiceMonitor shop/x not found in the cluster' } : {}) } : x));
      const spans = planSpans(plan, v, timing);
      const s = find(spans, id);
      assert.equal(s.status.code, code);
      if (code === 'ERROR') assert.equal(s.status.message, 'ServiceMonitor shop/x not found in the cluster');
      assert.equal(s.attributes['task.status'], taskStatus);
      assert.equal(s.attributes['artifact.verification'], verification);
      const story = find(spans, s.parentId!);
      assert.equal(story.status.code, code === 'ERROR' ? 'ERROR' : code === 'OK' ? 'OK' : 'UNSET');
      assert.equal(spans[0]!.status.code, code === 'ERROR' ? 'ERROR' : 'OK', 'the epic is ERROR when any task is, else OK as others are verified');
    });
  }

  it('a skipped task is UNSET and cancelled, with its reason, and never fails its story', () => {
    const skipped = tasks.find((t) => t.status === 'skipped')!;
    const s = find(planSpans(plan, verified, timing), skipped.id);
    assert.deepEqual(s.status, { code: 'UNSET' });
    assert.equal(s.attributes['task.status'], 'cancelled');
    assert.equal(s.attributes['artifact.reason'], skipped.reason);
    assert.notEqual(find(planSpans(plan, verified, timing), s.parentId!).status.code, 'ERROR');
  });

  it('a story counts what failed in its message', () => {
    const v = verified.map((x) => (x.state === 'verified' ? { ...x, state: 'missing' as const, reason: 'gone' } : x));
    const spans = planSpans(plan, v, timing);
    const story = find(spans, plan.stories.find((s) => s.type === 'annotations')!.id);
    assert.deepEqual(story.status, { code: 'ERROR', message: '2 missing of 2 planned artifacts' });
    assert.equal(story.attributes['artifact.gap_count'], 2);
  });
});

describe('plan span events', () => {
  const spans = planSpans(plan, verified, timing);
  const rule = find(spans, 'prometheus_rule:service/shop/checkout-api');
  const byName = (name: string) => rule.events.find((e) => e.name === name)!.attributes as Obj;

  it('task.created says where the task comes from', () => {
    assert.deepEqual(byName('task.created'), { source: 'contextcore.hook', artifact_type: 'prometheus_rule', target: 'Service shop/checkout-api', priority: 'P2', status: 'generated' });
  });

  it('task.contract carries the derivation rules, parameters and the expected artifact as JSON', () => {
    const task = tasks.find((t) => t.id === rule.id)!;
    assert.deepEqual(JSON.parse(byName('task.contract').derivation_rules), task.derivation);
    assert.deepEqual(JSON.parse(byName('task.contract').parameters), task.parameters);
    assert.deepEqual(JSON.parse(byName('task.contract').expected_output_contract), task.artifact);
  });

  it('task.dependencies lists what the task depends on', () => {
    assert.deepEqual(byName('task.dependencies'), { depends_on: ['service_monitor:service/shop/checkout-api'], dependency_count: 1 });
  });

  it('task.deliverables_verified says what the hook found', () => {
    assert.deepEqual(byName('task.deliverables_verified'), { state: 'verified', verified: true });
  });
});
