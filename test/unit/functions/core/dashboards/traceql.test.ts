import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SPAN_ATTR } from '../../../../../functions/core/conventions/index.js';
import { contextConditions, countBy, hookSpans, minBy, select } from '../../../../../functions/core/dashboards/traceql.js';
import { syntaxErrors } from '../../../../dashboard-queries.js';

describe('TraceQL for plan spans', () => {
  const cases: Array<[string, string, string]> = [
    ['the epic spans of one context', hookSpans('epic', contextConditions('shop', 'checkout')), '{ resource.service.name = "contextcore-hook" && span.task.type = "epic" && span.k8s.projectcontext.namespace = "shop" && span.k8s.projectcontext.name = "checkout" }'],
    ['contexts matching dashboard variables, as regexes', hookSpans('task', contextConditions('$namespace', '$context', '=~')), '{ resource.service.name = "contextcore-hook" && span.task.type = "task" && span.k8s.projectcontext.namespace =~ "$namespace" && span.k8s.projectcontext.name =~ "$context" }'],
    ['quotes and backslashes in values are escaped', hookSpans('task', [{ attr: SPAN_ATTR.taskTitle, op: '=', value: 'a "b" \\c' }]), '{ resource.service.name = "contextcore-hook" && span.task.type = "task" && span.task.title = "a \\"b\\" \\\\c" }'],
    ['selected attributes become table columns', select('{ }', [SPAN_ATTR.coveragePercent, SPAN_ATTR.projectId]), '{ } | select(span.coverage.percent, span.project.id)'],
    ['a count per attribute value is a metrics query', countBy('{ }', SPAN_ATTR.artifactVerification), '{ } | count_over_time() by (span.artifact.verification)'],
    ['the lowest value per context is a metrics query', minBy('{ }', SPAN_ATTR.coveragePercent, [SPAN_ATTR.contextName]), '{ } | min_over_time(span.coverage.percent) by (span.k8s.projectcontext.name)'],
  ];
  for (const [name, query, expected] of cases) {
    it(name, () => {
      assert.equal(query, expected);
      const full = query.startsWith('{ }') ? query.replace('{ }', hookSpans('task')) : query;
      assert.deepEqual(syntaxErrors('traceql', full), [], full);
    });
  }
});
