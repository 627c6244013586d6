// Reading dashboards back for tests: their panels, queries and variables, the series and labels
// a PromQL expression refers to (Prometheus' own Lezer grammar), the attributes a TraceQL query
// refers to (Grafana's), and the series the generated rules of a render produce.

import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import type { ExpandOutput } from '../functions/core/index.js';

type Obj = Record<string, any>;
type SyntaxNode = ReturnType<typeof promqlParser.parse>['topNode'];

/** Every panel, rows' nested panels included. */
export function panelsOf(dashboard: Obj): Obj[] {
  return (dashboard.panels ?? []).flatMap((p: Obj) => [p, ...(p.panels ?? [])]);
}

export interface Query {
  /** Panel title or `variable <name>`. */
  where: string;
  language: 'promql' | 'traceql';
  text: string;
}

const LABEL_VALUES = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/;

/** PromQL and TraceQL of every panel target and query variable (label_values(series, label) → its series). */
export function queriesOf(dashboard: Obj): Query[] {
  const out: Query[] = [];
  for (const p of panelsOf(dashboard)) {
    for (const t of p.targets ?? []) {
      if (t.queryType === 'traceql') out.push({ where: p.title, language: 'traceql', text: t.query });
      else out.push({ where: p.title, language: 'promql', text: t.expr });
    }
  }
  for (const v of dashboard.templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const m = LABEL_VALUES.exec(v.query);
    out.push({ where: `variable ${v.name}`, language: 'promql', text: m ? `group by (${m[2]}) (${m[1]})` : v.query });
  }
  return out;
}

/** Offsets of syntax errors; empty when the query parses. */
export function syntaxErrors(language: Query['language'], text: string): number[] {
  const errors: number[] = [];
  if (!text.trim()) return [0];
  (language === 'promql' ? promqlParser : traceqlParser).parse(text).iterate({
    enter: (n) => void (n.type.isError && errors.push(n.from)),
  });
  return errors;
}

export interface SelectorRef {
  metric: string | undefined;
  labels: string[];
}

/** Vector selectors (metric and matcher label names) and grouping labels (by, without, on, ignoring, group_left/right). */
export function promqlRefs(expr: string): { selectors: SelectorRef[]; grouping: string[] } {
  const text = (n: SyntaxNode | null) => (n ? expr.slice(n.from, n.to) : undefined);
  const selectors: SelectorRef[] = [];
  const grouping: string[] = [];
  promqlParser.parse(expr).iterate({
    enter(ref) {
      const node = ref.node;
      if (node.name === 'VectorSelector') {
        const matchers = node.getChild('LabelMatchers');
        const labels = matchers ? matchers.getChildren('UnquotedLabelMatcher').map((m) => text(m.getChild('LabelName'))!) : [];
        if (matchers && matchers.getChildren('QuotedLabelMatcher').length) labels.push('<quoted>');
        selectors.push({ metric: text(node.getChild('Identifier')), labels });
      } else if (node.name === 'GroupingLabels') {
        grouping.push(...node.getChildren('LabelName').map((l) => text(l)!));
      }
    },
  });
  return { selectors, grouping };
}

/** `span.<attr>` / `resource.<attr>` names a TraceQL query refers to, as written. */
export function traceqlAttributes(query: string): string[] {
  const attrs: string[] = [];
  traceqlParser.parse(query).iterate({
    enter(ref) {
      if (ref.name === 'AttributeField') attrs.push(query.slice(ref.from, ref.to).trim());
    },
  });
  return attrs;
}

/** Grafana variables a text refers to: $name, ${name}, ${name:format}, [[name]]. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$\{([a-zA-Z0-9_.]+)(?::[^}]*)?\}|\$([a-zA-Z0-9_]+)|\[\[([a-zA-Z0-9_]+)\]\]/g)].map((m) => (m[1] ?? m[2] ?? m[3])!.split('.')[0]!);
}

/** Series that exist once the rules of a render are loaded: record name → its label names. */
export function recordsOf(out: ExpandOutput): Map<string, Set<string>> {
  const records = new Map<string, Set<string>>();
  for (const g of out.generated) {
    const o = out.resources[g.index] as Obj;
    if (o.kind !== 'PrometheusRule') continue;
    for (const group of o.spec.groups) {
      for (const r of group.rules) {
        if (!r.record) continue;
        const labels = records.get(r.record) ?? new Set<string>();
        for (const l of Object.keys(r.labels ?? {})) labels.add(l);
        records.set(r.record, labels);
      }
    }
  }
  return records;
}

/** Dashboards carried by the generated dashboard ConfigMaps of a render. */
export function dashboardsOf(out: ExpandOutput): Obj[] {
  return out.generated
    .map((g) => out.resources[g.index] as Obj)
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.['contextcore.io/artifact'] === 'dashboard')
    .flatMap((cm) => Object.values(cm.data as Record<string, string>).map((json) => JSON.parse(json) as Obj));
}

/** Metrics a series may be and the labels it carries; `undefined` labels: any (user-written queries). */
export type Catalogue = Map<string, Set<string> | undefined>;

/**
 * Problems of one PromQL expression against the series that exist: an unknown metric, a matcher
 * on a label the series does not carry, a grouping label none of its series carries.
 */
export function seriesProblems(expr: string, catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const { selectors, grouping } = promqlRefs(expr);
  const known = new Set<string>();
  let anyLabel = false;
  for (const s of selectors) {
    if (!s.metric) {
      problems.push('a selector without a metric name');
      continue;
    }
    if (!catalogue.has(s.metric)) {
      problems.push(`${s.metric} is neither a generated record nor a metric of the SLI`);
      continue;
    }
    const labels = catalogue.get(s.metric);
    if (!labels) {
      anyLabel = true;
      continue;
    }
    for (const l of labels) known.add(l);
    for (const l of s.labels) if (!labels.has(l)) problems.push(`${s.metric} has no label ${l}`);
  }
  if (!anyLabel) for (const l of grouping) if (!known.has(l)) problems.push(`no series of the expression has the label ${l} it groups or matches on`);
  return problems;
}
