// TraceQL over the plan spans the PostSync hook emits (DESIGN §7): attribute names come from the
// span contract in conventions (SPAN_ATTR), never spelled here.

import { HOOK_SERVICE_NAME, OTEL_SERVICE_NAME, SPAN_ATTR } from '../conventions/index.js';

type SpanAttr = (typeof SPAN_ATTR)[keyof typeof SPAN_ATTR];

export interface Condition {
  attr: SpanAttr;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** `span.<attr>` */
export const span = (attr: SpanAttr) => `span.${attr}`;

/** Spans of the hook with the given task.type and conditions: `{ resource.service.name = ... && ... }` */
export function hookSpans(taskType: string, conditions: readonly Condition[] = []): string {
  const parts = [
    `resource.${OTEL_SERVICE_NAME} = ${quote(HOOK_SERVICE_NAME)}`,
    `${span(SPAN_ATTR.taskType)} = ${quote(taskType)}`,
    ...conditions.map((c) => `${span(c.attr)} ${c.op} ${quote(c.value)}`),
  ];
  return `{ ${parts.join(' && ')} }`;
}

/** Spans of one context (or, with `=~`, of the contexts matching regexes). */
export function contextConditions(namespace: string, name: string, op: '=' | '=~' = '='): Condition[] {
  return [
    { attr: SPAN_ATTR.contextNamespace, op, value: namespace },
    { attr: SPAN_ATTR.contextName, op, value: name },
  ];
}

/** `<spanset> | select(span.a, span.b)`: the attributes shown as table columns. */
export const select = (spanset: string, attrs: readonly SpanAttr[]) => `${spanset} | select(${attrs.map(span).join(', ')})`;

/** `<spanset> | count_over_time() by (span.a)`: a TraceQL metrics series per value. */
export const countBy = (spanset: string, attr: SpanAttr) => `${spanset} | count_over_time() by (${span(attr)})`;

/** `<spanset> | min_over_time(span.a) by (span.b, span.c)` */
export const minBy = (spanset: string, value: SpanAttr, by: readonly SpanAttr[]) => `${spanset} | min_over_time(${span(value)}) by (${by.map(span).join(', ')})`;
