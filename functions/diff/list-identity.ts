// How list items are told apart, so that adding one item does not shift every other one:
// rules by alert or record name and their class label, containers and env vars by name, panels
// by title (numbers masked), plan tasks by id. The first rule that names every item of a list uniquely wins;
// a list no rule names is compared by position.

import { isMapping, PROM_LABELS } from '../core/index.js';

type Obj = Record<string, unknown>;

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const label = (item: Obj, name: string) => text((item.labels as Obj | undefined)?.[name]);

/** A panel's title with every number (and its unit) masked: `Within 250ms (30d)` → `Within # (#)`. */
export const panelKey = (title: string) => title.replace(/\d+(?:\.\d+)?(?:ms|s|m|h|d|%)?/g, '#');

/** `name{qualifier}`, or just the name when there is no qualifier. */
const qualified = (name: string, qualifier: string | undefined) => (qualifier ? `${name}{${qualifier}}` : name);

export interface ListIdentity {
  /** What the rule is for, for tests and documentation. */
  what: string;
  id(item: Obj): string | undefined;
}

export const LIST_IDENTITIES: readonly ListIdentity[] = [
  {
    what: 'Prometheus rules: alert name, alert class (or severity) and long window (burn-rate alerts); record name and SLO label',
    id: (r) =>
      text(r.alert) ? qualified(r.alert as string, [label(r, PROM_LABELS.alertClass) ?? label(r, PROM_LABELS.severity), label(r, PROM_LABELS.burnLongWindow)].filter(Boolean).join(' ') || undefined)
      : text(r.record) ? qualified(r.record as string, label(r, PROM_LABELS.slo))
      : undefined,
  },
  { what: 'ProjectContext targets and other references: kind and name', id: (t) => (text(t.kind) && text(t.name) ? `${t.kind as string}/${t.name as string}` : undefined) },
  { what: 'containers, env vars, ports, volumes, rule groups: name', id: (i) => text(i.name) },
  { what: 'plan stories and tasks: id', id: (t) => text(t.id) },
  { what: 'Grafana panels: title, its numbers masked (a threshold in a title changes the panel, it is not another panel)', id: (p) => (p.gridPos !== undefined && text(p.title) ? panelKey(p.title as string) : undefined) },
  { what: 'Grafana panels and links: title', id: (p) => text(p.title) },
  { what: 'Grafana queries: refId', id: (q) => text(q.refId) },
  { what: 'ServiceMonitor endpoints: port', id: (e) => text(e.port) ?? text(e.targetPort) },
  { what: 'plan derivations: field', id: (d) => text(d.field) },
];

/**
 * The ids of a list's items: by the first rule that names them all uniquely, else by the first
 * that names them all, repeated ids numbered in list order (`Error ratio #2`); undefined when no
 * rule names every item.
 */
export function listIds(items: readonly unknown[]): string[] | undefined {
  if (!items.length || !items.every(isMapping)) return undefined;
  const named = LIST_IDENTITIES.map((rule) => items.map((i) => rule.id(i as Obj))).filter((ids): ids is string[] => ids.every((id) => id !== undefined));
  const unique = named.find((ids) => new Set(ids).size === ids.length);
  if (unique || !named.length) return unique;
  return numberRepeats(named[0]!);
}

/** Names made unique in order of appearance: `x`, `x #2`, `x #3`… */
export function numberRepeats(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  });
}
