import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePlanFile } from '../../functions/core/plan-file.js';
import { deployment, expandOk, projectContext, service } from '../fixtures.js';

type Obj = Record<string, any>;

const plan = expandOk([projectContext(), deployment(), service()]).plans[0]!;
const json = (v: unknown) => JSON.stringify(v);
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

  const bad: Array<[string, string, string, string]> = [
    ['text that is not JSON', 'apiVersion: v1', '', 'not a plan: invalid JSON'],
    ['several plans at once', json([plan, plan]), '', 'holds 2 plans; the hook verifies one context at a time (pass one plan)'],
    ['another kind', edit((p) => (p.kind = 'ConfigMap')), 'kind', 'not a valid plan: must be one of ObservabilityPlan (got "ConfigMap")'],
    ['a missing context', edit((p) => delete p.context), 'context', 'not a valid plan: required field is missing'],
    ['an unknown task status', edit((p) => (p.stories[0].tasks[0].status = 'done')), 'stories[0].tasks[0].status', 'not a valid plan: must be one of generated, exists, skipped (got "done")'],
    ['dependencies that are not a list', edit((p) => (p.stories[0].tasks[0].dependsOn = 'x')), 'stories[0].tasks[0].dependsOn', 'not a valid plan: must be a list, not a string ("x")'],
    ['a generated task without its artifact', edit((p) => delete p.stories[0].tasks[0].artifact), 'stories[0].tasks[0].artifact', 'a generated task must name its artifact'],
    ['a task id used twice', edit((p) => (p.stories[1].tasks[0].id = p.stories[0].tasks[0].id)), 'stories[1].tasks[0].id', `task id "${plan.stories[0]!.tasks[0]!.id}" appears twice`],
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
