// PromQL text helpers: selectors, syntax checks with Prometheus' own Lezer grammar, and reading
// the label matchers out of a user's rule expression. The grammar is handed in (ExpandOptions.promql)
// rather than imported: loading it is ~7% of a cold start, and only custom SLI queries and
// user PrometheusRules need it (see needsPromql and load.ts).

import type { LRParser } from '@lezer/lr';
import { isMapping } from '../base/mapping.js';

/** Prometheus' Lezer grammar for PromQL (@prometheus-io/lezer-promql's `parser`). */
export type PromqlParser = Pick<LRParser, 'parse'>;

/**
 * Whether expanding these resources reads PromQL: a ProjectContext with its own SLI queries, or
 * a PrometheusRule (its alerts may already cover a service). Over-approximate: any such resource.
 */
export function needsPromql(resources: readonly unknown[]): boolean {
  return resources.some((o) => {
    if (!isMapping(o)) return false;
    if (o.kind === 'PrometheusRule') return true;
    const sli = isMapping(o.spec) && isMapping(o.spec.observability) ? o.spec.observability.sli : undefined;
    return isMapping(sli) && (sli.errorQuery !== undefined || sli.totalQuery !== undefined);
  });
}

/** The parser, or a crash: a front end that expands without it has a bug (see needsPromql). */
export function requirePromql(parser: PromqlParser | undefined): PromqlParser {
  if (!parser) throw new Error('expand() reads PromQL for this input but was given no parser: the front end must pass promqlFor(resources)');
  return parser;
}

export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** `namespace="ns", job="svc"` — matchers without braces, as {{selector}} expands. */
export function matchersText(matchers: readonly Matcher[]): string {
  return matchers.map((m) => `${m.name}${m.op}"${escape(m.value)}"`).join(', ');
}

/** `metric{a="b", c=~"d"}` */
export function selector(metric: string, matchers: readonly Matcher[]): string {
  return `${metric}{${matchersText(matchers)}}`;
}

/** Syntax errors of a PromQL expression (offsets), empty when it parses. */
export function promqlErrors(parser: PromqlParser, expr: string): number[] {
  const errors: number[] = [];
  if (!expr.trim()) return [0];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/"/g, '\\"')}"` : literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** The label matchers of every vector selector in an expression. */
export function vectorSelectors(parser: PromqlParser, expr: string): Matcher[][] {
  const out: Matcher[][] = [];
  let current: Matcher[] | undefined;
  let pending: Partial<Matcher> = {};
  parser.parse(expr).iterate({
    enter(node) {
      switch (node.name) {
        case 'VectorSelector':
          current = [];
          out.push(current);
          break;
        case 'Identifier':
          if (current && current.length === 0 && pending.name === undefined) {
            current.push({ name: '__name__', op: '=', value: expr.slice(node.from, node.to) });
          }
          break;
        case 'LabelName':
          pending = { name: expr.slice(node.from, node.to) };
          break;
        case 'EqlSingle':
        case 'Neq':
        case 'EqlRegex':
        case 'NeqRegex':
          pending.op = expr.slice(node.from, node.to) as Matcher['op'];
          break;
        case 'StringLiteral':
          if (current && pending.name !== undefined && pending.op) {
            current.push({ name: pending.name, op: pending.op, value: unquote(expr.slice(node.from, node.to)) });
            pending = {};
          }
          break;
      }
    },
  });
  return out;
}
