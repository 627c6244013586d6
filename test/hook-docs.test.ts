// docs/hook.md's TraceQL queries for the hook's traces parse, and only name attributes the hook
// emits (conventions), so copying them into Grafana finds something; its attribute table lists
// exactly what the hook emits on each kind of span and on the resource.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parser } from '@grafana/lezer-traceql';
import { HOOK_RESOURCE_ATTR, HOOK_SPAN_ATTR, SPAN_ATTR } from '../functions/core/conventions/index.js';
import { planSpans, traceResource } from '../functions/core/hook/plan-trace.js';
import type { Verification } from '../functions/core/hook/verification.js';
import { config, deployment, expandOk, projectContext, service } from './fixtures.js';
import { ROOT } from './helpers.js';

const section = readFileSync(join(ROOT, 'docs', 'hook.md'), 'utf8');
const queries = [...section.matchAll(/```traceql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
const spanAttributes = new Set<string>([...Object.values(SPAN_ATTR), ...Object.values(HOOK_SPAN_ATTR)]);
const resourceAttributes = new Set<string>(Object.values(HOOK_RESOURCE_ATTR));

describe('docs/hook.md: TraceQL queries for the hook', () => {
  it('there are some', () => {
    assert.ok(queries.length >= 3, section.slice(0, 200));
  });
  for (const q of queries) {
    it(`parses and names emitted attributes: ${q}`, () => {
      let error = false;
      parser.parse(q).iterate({ enter: (n) => void (n.type.isError && (error = true)) });
      assert.ok(!error, 'TraceQL syntax error');
      for (const [, scope, name] of q.matchAll(/\b(span|resource)\.([a-z0-9_.]+)/g)) {
        assert.ok((scope === 'span' ? spanAttributes : resourceAttributes).has(name!), `${scope}.${name} is not an attribute the hook emits`);
      }
    });
  }
});

describe('docs/hook.md: attribute table of the hook’s spans', () => {
  /** Rows of the table under "**The trace.**" (after its header): first cell → attribute names in backticks. */
  const header = '| on | attributes |\n|---|---|\n';
  const table = section.slice(section.indexOf(header) + header.length);
  const rows = new Map(
    [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| ([^|]+) \| (.+) \|$/gm)].map((m) => [m[1]!.trim(), new Set([...m[2]!.matchAll(/`([a-z0-9_]+(?:\.[a-z0-9_*]+)+)`/g)].map((x) => x[1]!))] as const),
  );
  const documented = (row: string) => new Set([...(rows.get('every span') ?? []), ...(rows.get(row) ?? [])]);

  // A plan with every optional value: epic, owner, environment, source, dependencies, a skipped task.
  const plan = expandOk([
    projectContext({ project: { id: 'shop-platform', epic: 'EPIC-9' }, targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'lonely' }] }),
    deployment(),
    deployment({ name: 'lonely', labels: { app: 'lonely' } }),
    service(),
    config({ environment: 'staging', source: { application: 'shop', revision: 'abc', repoURL: 'https://git.example.com/r.git' } }),
  ]).plans[0]!;
  const verifications: Verification[] = plan.stories.flatMap((s) => s.tasks).map((t) => (t.status === 'skipped' ? { taskId: t.id, state: 'skipped', reason: t.reason! } : { taskId: t.id, state: 'verified', location: t.artifact! }));
  const spans = planSpans(plan, verifications, { start: 0, end: 1, tasks: new Map() });
  const emitted = (type: string) => new Set(spans.filter((s) => s.attributes[SPAN_ATTR.taskType] === type).flatMap((s) => Object.keys(s.attributes)).map((k) => (k.startsWith(HOOK_SPAN_ATTR.artifactParametersPrefix) ? `${HOOK_SPAN_ATTR.artifactParametersPrefix}*` : k)));
  const sorted = (set: Set<string>) => [...set].sort();

  it('has a row for every span, the epic, stories, tasks and the resource', () => {
    assert.deepEqual([...rows.keys()], ['every span', 'the epic', 'stories', 'tasks', 'the resource']);
  });
  for (const [row, type] of [['the epic', 'epic'], ['stories', 'story'], ['tasks', 'task']] as const) {
    it(`${row}: every span's row and its own list exactly what the hook emits`, () => {
      assert.deepEqual(sorted(documented(row)), sorted(emitted(type)));
    });
  }
  it('the resource: its row lists exactly the resource attributes', () => {
    assert.deepEqual(sorted(rows.get('the resource')!), sorted(new Set(Object.keys(traceResource(plan, 'shop')))));
  });
});
