// PromQL text helpers: selectors, syntax checks with Prometheus' own Lezer grammar, and reading
// the label matchers out of a user's rule expression.

import { parser } from '@prometheus-io/lezer-promql';

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
export function promqlErrors(expr: string): number[] {
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
export function vectorSelectors(expr: string): Matcher[][] {
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
