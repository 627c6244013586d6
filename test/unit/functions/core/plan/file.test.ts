import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePlanFile } from '../../../../../functions/core/plan/file.js';
import { deployment, expandOk, projectContext, service } from '../../../../fixtures.js';

type Obj = Record<string, any>;

const plan = expandOk([projectContext(), deployment(), service()]).plans[0]!;
const json = (v: unknown) => JSON.stringify(v);
const [annotations, monitor, rule, dashboard] = plan.stories.map((s) => s.tasks[0]!.id);
const ids = { annotations, monitor, rule, dashboard };
const edit = (f: (p: Obj) => void) => {
  const copy = JSON.parse(json(plan));
  f(copy);
  return json(copy);
};

describe('reading a plan file', () => {
  it('the plan ConfigMap’s JSON reads back as the same plan', () => {
    assert.deepEqual(parsePlanFile(json(plan), 'plan.json'), { plan: JSON.parse(json(plan)), results: [] });
  });

  it('the output of `contextcore plan --json` for one context is accepted', () => {
    assert.deepEqual(parsePlanFile(json([plan]), 'plans.json').plan, JSON.parse(json(plan)));
  });

  it('fields the hook does not know are tolerated (a plan from a newer renderer)', () => {
    assert.ok(parsePlanFile(edit((p) => (p.futureField = { x: 1 })), 'plan.json').plan);
  });

  it('a dependency shared by two paths (dashboard → rule → monitor, dashboard → monitor) is not a cycle', () => {
    assert.deepEqual(parsePlanFile(edit((p) => p.stories[3].tasks[0].dependsOn.push(ids.monitor)), 'plan.json').results, []);
  });

  it('each cycle is reported once, at the dependency that closes it', () => {
    const r = parsePlanFile(edit((p) => (p.stories[1].tasks[0].dependsOn = [ids.dashboard])), 'plan.json');
    assert.deepEqual(r.results.map((x) => x.field?.path), ['stories[2].tasks[0].dependsOn[0]']);
  });

  const bad: Array<[string, string, string, string]> = [
    ['text that is not JSON', 'apiVersion: v1', '', 'not a plan: invalid JSON'],
    ['several plans at once', json([plan, plan]), '', 'holds 2 plans; the hook and the gate take the plan of one context (pass one plan)'],
    ['another kind', edit((p) => (p.kind = 'ConfigMap')), 'kind', 'not a valid plan: must be one of ObservabilityPlan (got "ConfigMap")'],
    ['a missing context', edit((p) => delete p.context), 'context', 'not a valid plan: required field is missing'],
    ['an unknown task status', edit((p) => (p.stories[0].tasks[0].status = 'done')), 'stories[0].tasks[0].status', 'not a valid plan: must be one of generated, exists, skipped (got "done")'],
    ['dependencies that are not a list', edit((p) => (p.stories[0].tasks[0].dependsOn = 'x')), 'stories[0].tasks[0].dependsOn', 'not a valid plan: must be a list, not a string ("x")'],
    ['a generated task without its artifact', edit((p) => delete p.stories[0].tasks[0].artifact), 'stories[0].tasks[0].artifact', 'a generated task must name its artifact'],
    ['a task id used twice', edit((p) => (p.stories[1].tasks[0].id = p.stories[0].tasks[0].id)), 'stories[1].tasks[0].id', `id "${ids.annotations}" appears twice (also at stories[0].tasks[0].id)`],
    ['an epic id that is also a task id', edit((p) => (p.epic.id = p.stories[0].tasks[0].id)), 'stories[0].tasks[0].id', `id "${ids.annotations}" appears twice (also at epic.id); the epic, story and task ids must be unique`],
    ['a story id that is also a task id', edit((p) => (p.stories[1].id = p.stories[0].tasks[0].id)), 'stories[1].id', `id "${ids.annotations}" appears twice (also at stories[0].tasks[0].id)`],
    ['a task depending on itself', edit((p) => (p.stories[1].tasks[0].dependsOn = [p.stories[1].tasks[0].id])), 'stories[1].tasks[0].dependsOn[0]', `task "${ids.monitor}" depends on itself`],
    [
      'dependencies in a cycle',
      edit((p) => (p.stories[1].tasks[0].dependsOn = [p.stories[3].tasks[0].id])),
      'stories[2].tasks[0].dependsOn[0]',
      `dependency cycle: "${ids.monitor}" → "${ids.dashboard}" → "${ids.rule}" → "${ids.monitor}"`,
    ],
    ['a story without tasks', edit((p) => (p.stories[3].tasks = [])), 'stories[3].tasks', `story "${plan.stories[3]!.id}" has no tasks`],
    ['a wrong field inside a one-plan list', json([{ ...plan, kind: 'X' }]), '[0].kind', 'not a valid plan: must be one of ObservabilityPlan (got "X")'],
  ];
  for (const [name, text, field, message] of bad) {
    it(`${name} is an error naming the file and field`, () => {
      const r = parsePlanFile(text, 'dir/plan.json');
      assert.equal(r.plan, undefined);
      const hit = r.results.find((x) => x.message.startsWith(message));
      assert.ok(hit, JSON.stringify(r.results));
      assert.equal(hit.severity, 'error');
      assert.deepEqual(hit.file, { path: 'dir/plan.json' });
      assert.equal(hit.field?.path ?? '', field);
    });
  }
});
