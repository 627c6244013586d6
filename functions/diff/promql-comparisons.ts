// The thresholds of an alert, read with Prometheus' own PromQL grammar rather than by pattern
// matching on text: every `left > right` comparison, what its left side measures and the
// numbers its right side multiplies (`ratio_rate1h{…} > (14.4 * 0.0005)` → 14.4 and 0.0005).

import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export interface Comparison {
  /** Metric name of the left side, or its outermost function (`histogram_quantile`). */
  left: string;
  op: string;
  /** Number literals multiplied on the right side, in order. */
  factors: number[];
  /** Metric the right side multiplies, if any (`3 * ratio_rate1d{…}` → the 1d record). */
  rightMetric?: string;
}

const COMPARISON_OPS = new Set(['Gtr', 'Gte', 'Lss', 'Lte']);

function unwrap(node: SyntaxNode | null): SyntaxNode | null {
  while (node && node.name === 'ParenExpr') node = node.firstChild;
  return node;
}

/** Metric name or function name that a side of a comparison measures. */
function measured(node: SyntaxNode | null, text: string): string | undefined {
  node = unwrap(node);
  if (!node) return undefined;
  if (node.name === 'VectorSelector') {
    const id = node.getChild('Identifier');
    return id ? text.slice(id.from, id.to) : undefined;
  }
  if (node.name === 'FunctionCall') {
    const fn = node.firstChild;
    return fn ? text.slice(fn.from, fn.to) : undefined;
  }
  return undefined;
}

/** Numbers and at most one metric joined by `*`. */
function product(node: SyntaxNode | null, text: string, into: { factors: number[]; metric?: string }): boolean {
  node = unwrap(node);
  if (!node) return false;
  if (node.name === 'NumberDurationLiteral' || node.name === 'NumberLiteral') {
    const n = Number(text.slice(node.from, node.to));
    if (Number.isNaN(n)) return false;
    into.factors.push(n);
    return true;
  }
  if (node.name === 'VectorSelector' && into.metric === undefined) {
    into.metric = measured(node, text);
    return into.metric !== undefined;
  }
  if (node.name === 'BinaryExpr' && node.getChild('Mul')) {
    const left = node.firstChild;
    const right = node.lastChild;
    return product(left, text, into) && product(right, text, into);
  }
  return false;
}

export function comparisons(expr: string): Comparison[] {
  const out: Comparison[] = [];
  parser.parse(expr).iterate({
    enter(ref) {
      if (ref.name !== 'BinaryExpr') return;
      const node = ref.node;
      let op: SyntaxNode | null = node.firstChild?.nextSibling ?? null;
      while (op && op.name === 'BoolModifier') op = op.nextSibling;
      if (!op || !COMPARISON_OPS.has(op.name)) return;
      const left = measured(node.firstChild, expr);
      const right: { factors: number[]; metric?: string } = { factors: [] };
      if (left === undefined || !product(node.lastChild, expr, right) || !right.factors.length) return;
      const c: Comparison = { left, op: expr.slice(op.from, op.to), factors: right.factors };
      if (right.metric) c.rightMetric = right.metric;
      out.push(c);
    },
  });
  return out;
}

/** Every number literal of an expression (`vector(0.9995)` → [0.9995]). */
export function numbers(expr: string): number[] {
  const out: number[] = [];
  parser.parse(expr).iterate({
    enter(ref) {
      if (ref.name === 'NumberDurationLiteral' || ref.name === 'NumberLiteral') {
        const n = Number(expr.slice(ref.from, ref.to));
        if (!Number.isNaN(n)) out.push(n);
      }
    },
  });
  return out;
}
