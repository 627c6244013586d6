// The hook's trace in Jaeger, beyond what the scenario's own checks read back through api_v3
// (OTLP as stored: the tree, kinds, statuses, events, links, resource): the trace as Jaeger's UI
// shows it (its /api: services, operations, CHILD_OF and FOLLOWS_FROM references, span kinds,
// tags, logs, the process), and Jaeger's index answering a search by the context's attributes,
// as someone looking for the last sync of a context would search.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { jaegerTool } from '../support/jaeger.js';
import { byType, taskSpan, type HookRun } from './hook-scenario.js';

type Obj = Record<string, any>;

/** Checks of the checkout scenario's run (exported to Jaeger by runHook). */
export function traceInJaeger(scenario: () => HookRun): void {
  const opts = { skip: jaegerTool().skip };
  const ui = async () => {
    const run = scenario();
    const body = await run.jaeger!.get(`/api/traces/${run.stdout.trim()}`);
    assert.equal(body.data.length, 1);
    return { trace: body.data[0] as Obj, run };
  };
  const tag = (span: Obj, key: string) => span.tags.find((t: Obj) => t.key === key)?.value;

  it('the UI shows every span as INTERNAL', opts, async () => {
    const { trace } = await ui();
    assert.ok(trace.spans.length > 0);
    for (const s of trace.spans) assert.equal(tag(s, 'span.kind'), 'internal', s.operationName);
  });

  it('the UI shows the epic → story → task tree as CHILD_OF references, each depends_on link as FOLLOWS_FROM', opts, async () => {
    const { trace, run } = await ui();
    const shown = new Map<string, Obj>(trace.spans.map((s: Obj) => [s.spanID, s]));
    assert.equal(shown.size, run.spans.length);
    const parentOf = (s: Obj) => s.references.filter((r: Obj) => r.refType === 'CHILD_OF').map((r: Obj) => r.spanID);
    const epic = byType(run.spans, 'epic')[0]!;
    assert.deepEqual(shown.get(epic.spanId)!.references, []);
    for (const story of byType(run.spans, 'story')) assert.deepEqual(parentOf(shown.get(story.spanId)!), [epic.spanId], story.name);
    for (const task of byType(run.spans, 'task')) {
      const span = shown.get(task.spanId)!;
      assert.deepEqual(parentOf(span), [task.parentSpanId], task.name);
      assert.equal(span.operationName, task.name);
      const followsFrom = span.references.filter((r: Obj) => r.refType === 'FOLLOWS_FROM').map((r: Obj) => r.spanID);
      assert.deepEqual(followsFrom, task.links.map((l) => l.spanId), task.name);
    }
    const rule = taskSpan(run.spans, 'prometheus_rule:service/commerce/checkout-api');
    assert.deepEqual(shown.get(rule.spanId)!.references.filter((r: Obj) => r.refType === 'FOLLOWS_FROM').map((r: Obj) => r.spanID), [taskSpan(run.spans, 'service_monitor:service/commerce/checkout-api').spanId]);
  });

  it('the UI shows each span’s status, its attributes as tags and its events as logs; the resource as the process', opts, async () => {
    const { trace, run } = await ui();
    const byId = new Map(run.spans.map((s) => [s.spanId, s]));
    for (const shown of trace.spans) {
      const stored = byId.get(shown.spanID)!;
      assert.equal(tag(shown, 'otel.status_code'), 'OK', shown.operationName);
      assert.equal(tag(shown, 'error'), undefined);
      assert.equal(tag(shown, 'task.id'), stored.attributes['task.id']);
      assert.equal(tag(shown, 'k8s.projectcontext.name'), 'checkout');
      assert.deepEqual(shown.logs.map((l: Obj) => l.fields.find((f: Obj) => f.key === 'event').value), stored.events.map((e) => e.name));
      const process = trace.processes[shown.processID];
      assert.equal(process.serviceName, 'contextcore-hook');
      const resource = Object.fromEntries(process.tags.map((t: Obj) => [t.key, t.value]));
      assert.equal(resource['k8s.namespace.name'], 'commerce');
      assert.equal(resource['vcs.ref.head.revision'], stored.resource['vcs.ref.head.revision']);
    }
  });

  it('Jaeger lists the hook as a service with an operation per span name', opts, async () => {
    const { trace, run } = await ui();
    assert.ok((await run.jaeger!.get('/api/services')).data.includes('contextcore-hook'));
    const operations: string[] = (await run.jaeger!.get('/api/services/contextcore-hook/operations')).data;
    for (const s of trace.spans) assert.ok(operations.includes(s.operationName), s.operationName);
  });

  it('a search by service and the context’s attributes finds the trace (Jaeger indexed it)', opts, async () => {
    const { run } = await ui();
    const tags = encodeURIComponent(JSON.stringify({ 'k8s.projectcontext.name': 'checkout', 'task.type': 'epic', 'project.id': 'commerce-platform' }));
    const found = await run.jaeger!.get(`/api/traces?service=contextcore-hook&tags=${tags}&lookback=1h&limit=100`);
    assert.ok(found.data.some((t: Obj) => t.traceID === run.stdout.trim()), found.data.map((t: Obj) => t.traceID).join(' '));
    const none = await run.jaeger!.get(`/api/traces?service=contextcore-hook&tags=${encodeURIComponent(JSON.stringify({ 'k8s.projectcontext.name': 'no-such-context' }))}&lookback=1h&limit=100`);
    assert.deepEqual(none.data, []);
  });
}
