// What a reviewer recognises in a rendered resource, read from its structure: the SLOs and
// alerts of a PrometheusRule (objective, budget, burn thresholds, `for`, severity, priority),
// scrape endpoints, the sampling of each container, context annotations, the dashboard's folder,
// the error-budget gate's policy and the canary analysis' thresholds.
// Each subject is a list of named facts in words; highlights.ts compares them.

import {
  ALERT,
  ALERT_ANNOTATIONS,
  ANNOTATION_SOURCE,
  compareDurations,
  compareText,
  ENV_TRACES_SAMPLER,
  ENV_TRACES_SAMPLER_ARG,
  formatLatency,
  formatNumber,
  formatPercent,
  isWorkloadKind,
  LABEL_COMPONENT,
  PLAN_DATA_KEY,
  podTemplate,
  policyWords,
  PROM_LABELS,
  RECORD,
  SLO_NAME_AVAILABILITY,
  SLO_NAME_LATENCY,
  TARGET_ANNOTATIONS,
  templateLiteralText,
  type KubeObject,
} from '../core/index.js';
import { DIFF_BOOKKEEPING_ANNOTATIONS } from './conventions.js';
import { KRM_ANNOTATION_PREFIXES } from '../project-context-expander/conventions.js';
import { numberRepeats, panelKey } from './list-identity.js';
import { comparisons, numbers, type Comparison } from './promql-comparisons.js';

type Obj = Record<string, any>;

export interface Fact {
  name: string;
  value: string;
  /** Said only when it changes, not in what an added or removed subject lists (the SLO period every rule has). */
  changesOnly?: boolean;
}

export interface Subject {
  key: string;
  title: string;
  facts: Fact[];
  /** Facts of other subjects that explain changes of this one: [subject key, fact name]. */
  because?: Array<[string, string]>;
}

const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((i) => i && typeof i === 'object') : []);

const OBJECTIVE = 'objective';
const PERIOD = 'SLO period';
const BUCKET_BOUND = 'bucket bound';
const sloKey = (slo: string) => `slo/${slo}`;

/** Subjects by key, in first-seen order, facts appended. */
class Subjects {
  private readonly byKey = new Map<string, Subject>();
  add(key: string, title: string, facts: Fact[], because?: Subject['because']): void {
    const s = this.byKey.get(key) ?? this.byKey.set(key, { key, title, facts: [] }).get(key)!;
    // The burn-rate alerts of one class (one per window pair) share their severity, priority and team.
    s.facts.push(...facts.filter((f) => !s.facts.some((g) => g.name === f.name && g.value === f.value)));
    if (because) s.because = because;
  }
  all(): Subject[] {
    return [...this.byKey.values()].filter((s) => s.facts.length);
  }
}

// --- PrometheusRule

const ERROR_RATIO_PREFIX = RECORD.errorRatio('');

/** What an alert's thresholds are read with: its SLO, and the latency SLO's bucket bound when the rule has one. */
interface RuleContext {
  slo: string;
  bound?: string;
}

/**
 * Burn-rate thresholds by window pair: `threshold over 1h and 5m` → `14.4 × 0.05% = 0.72% errors`,
 * or for the latency SLO `14.4 × 1% = 14.4% of requests slower than 500ms`.
 */
function burnThresholds(found: readonly Comparison[], rule: RuleContext): Fact[] {
  const bad = rule.slo === SLO_NAME_LATENCY ? `of requests slower than ${rule.bound ?? 'the bucket bound'}` : 'errors';
  const byFactors = new Map<string, { burn: number; budget: number; windows: string[] }>();
  for (const c of found) {
    if (!c.left.startsWith(ERROR_RATIO_PREFIX) || c.factors.length !== 2) continue;
    const [burn, budget] = c.factors as [number, number];
    const k = `${burn}*${budget}`;
    const entry = byFactors.get(k) ?? byFactors.set(k, { burn, budget, windows: [] }).get(k)!;
    entry.windows.push(c.left.slice(ERROR_RATIO_PREFIX.length));
  }
  return [...byFactors.values()].map(({ burn, budget, windows }) => ({
    name: `threshold over ${[...windows].sort((a, b) => compareDurations(b, a)).join(' and ')}`,
    value: `${formatNumber(burn)} × ${formatPercent(budget)} = ${formatPercent(burn * budget)} ${bad}`,
  }));
}

/** Any other alert: its comparisons as written. */
const comparisonText = (c: Comparison) => `${c.left} ${c.op} ${[...c.factors.map(formatNumber), ...(c.rightMetric ? [c.rightMetric] : [])].join(' × ')}`;
const genericThresholds = (found: readonly Comparison[]): Fact[] => found.map((c, i) => ({ name: found.length > 1 ? `threshold ${i + 1}` : 'threshold', value: comparisonText(c) }));

const AUTH_RATIO_PREFIX = RECORD.authFailureRatio('');

/** `auth failure ratio over 5m above 3 × its 1d baseline and above 5%` */
function authThresholds(found: readonly Comparison[]): Fact[] {
  const own = found.filter((c) => c.left.startsWith(AUTH_RATIO_PREFIX) && c.factors.length === 1);
  if (!own.length) return genericThresholds(found);
  const window = (metric: string) => metric.slice(AUTH_RATIO_PREFIX.length);
  const bounds = own.map((c) =>
    c.rightMetric?.startsWith(AUTH_RATIO_PREFIX) ? `${formatNumber(c.factors[0]!)} × its ${window(c.rightMetric)} baseline` : formatPercent(c.factors[0]!),
  );
  return [{ name: 'threshold', value: `auth failure ratio over ${window(own[0]!.left)} above ${bounds.join(' and above ')}` }];
}

/** Threshold facts per alert name. */
const THRESHOLDS: Record<string, (found: readonly Comparison[], rule: RuleContext) => Fact[]> = {
  [ALERT.budgetBurn]: burnThresholds,
  [ALERT.authAnomaly]: authThresholds,
  [ALERT.latencyBucketMissing]: (_found, rule) => (rule.bound ? [{ name: BUCKET_BOUND, value: rule.bound }] : []),
};

/** Our alerts with one variant: their key stays when their class changes, so that reads as a change, not a swap. */
const SINGLE_VARIANT_ALERTS: readonly string[] = [ALERT.latencyBucketMissing, ALERT.authAnomaly];

/** Annotations on every alert that carry the context (not summary or description, which restate numbers). */
const CONTEXT_ALERT_ANNOTATIONS = Object.values(ALERT_ANNOTATIONS).filter((k) => k !== ALERT_ANNOTATIONS.summary && k !== ALERT_ANNOTATIONS.description);

/** Record → the SLO fact it carries, as text. */
const SLO_RECORDS: Record<string, (value: number) => Fact> = {
  [RECORD.objective]: (v) => ({ name: OBJECTIVE, value: formatPercent(v) }),
  [RECORD.errorBudget]: (v) => ({ name: 'error budget', value: formatPercent(v) }),
  [RECORD.latencyTarget]: (v) => ({ name: 'P99 latency target', value: formatLatency(v) }),
  [RECORD.latencyThreshold]: (v) => ({ name: BUCKET_BOUND, value: formatLatency(v) }),
};

/** The latency SLO's bucket bound, from its record. */
function latencyBound(groups: readonly Obj[]): string | undefined {
  const rule = groups.flatMap((g) => list(g.rules)).find((r) => r.record === RECORD.latencyThreshold);
  const [seconds] = typeof rule?.expr === 'string' ? numbers(rule.expr) : [];
  return seconds === undefined ? undefined : formatLatency(seconds);
}

function ruleSubjects(obj: KubeObject): Subject[] {
  const out = new Subjects();
  const context = new Map<string, string>();
  const groups = list((obj.spec as Obj | undefined)?.groups);
  const bound = latencyBound(groups);
  for (const group of groups) {
    for (const rule of list(group.rules)) {
      const labels: Obj = rule.labels ?? {};
      const expr = typeof rule.expr === 'string' ? rule.expr : String(rule.expr ?? '');
      const slo = String(labels[PROM_LABELS.slo] ?? SLO_NAME_AVAILABILITY);
      const sloFact = typeof rule.record === 'string' ? SLO_RECORDS[rule.record] : undefined;
      const [value] = sloFact ? numbers(expr) : [];
      if (sloFact && value !== undefined) out.add(sloKey(slo), `${slo} SLO`, [sloFact(value)]);
      // The period's SLI: the one ratio averaged over the whole period, named after it.
      if (typeof rule.record === 'string' && rule.record.startsWith(ERROR_RATIO_PREFIX) && expr.startsWith('sum_over_time(')) {
        out.add(sloKey(slo), `${slo} SLO`, [{ name: PERIOD, value: rule.record.slice(ERROR_RATIO_PREFIX.length), changesOnly: true }]);
      }
      if (typeof rule.alert !== 'string') continue;
      const alertClass = labels[PROM_LABELS.alertClass] ?? labels[PROM_LABELS.severity];
      const found = comparisons(expr);
      const ruleContext: RuleContext = slo === SLO_NAME_LATENCY && bound ? { slo, bound } : { slo };
      const facts = (THRESHOLDS[rule.alert] ?? genericThresholds)(found, ruleContext);
      if (typeof rule.for === 'string') facts.push({ name: 'for', value: rule.for });
      for (const l of [PROM_LABELS.severity, PROM_LABELS.priority, PROM_LABELS.team]) if (labels[l] !== undefined) facts.push({ name: l, value: String(labels[l]) });
      const burn = rule.alert === ALERT.budgetBurn;
      const because: Subject['because'] = burn ? [[sloKey(slo), OBJECTIVE], [sloKey(slo), PERIOD], ...(slo === SLO_NAME_LATENCY ? [[sloKey(slo), BUCKET_BOUND] as [string, string]] : [])] : undefined;
      // The class tells apart the page and ticket variants of the burn alert.
      const variant = SINGLE_VARIANT_ALERTS.includes(rule.alert) ? '' : `/${String(alertClass ?? '')}`;
      const title = `${alertClass ? `${String(alertClass)} ` : ''}alert ${rule.alert}${burn ? ` (${slo} SLO)` : ''}`;
      out.add(`alert/${String(group.name)}/${rule.alert}${variant}`, title, facts, because);
      for (const k of CONTEXT_ALERT_ANNOTATIONS) {
        const v = rule.annotations?.[k];
        // As on-call reads it: our escaping of `{{` in user text undone.
        if (typeof v === 'string' && !context.has(k)) context.set(k, templateLiteralText(v));
      }
    }
  }
  out.add('alert-context', 'context on every alert', CONTEXT_ALERT_ANNOTATIONS.filter((k) => context.has(k)).map((k) => ({ name: k, value: context.get(k)! })));
  return out.all();
}

// --- ServiceMonitor, workloads, dashboards

const ENDPOINT_FIELDS = ['interval', 'scrapeTimeout', 'path'];

function scrapeSubjects(obj: KubeObject): Subject[] {
  return list((obj.spec as Obj | undefined)?.endpoints).map((e, i) => {
    const port = String(e.port ?? e.targetPort ?? i);
    return { key: `endpoint/${port}`, title: `scrape endpoint ${port}`, facts: ENDPOINT_FIELDS.filter((f) => e[f] !== undefined).map((f) => ({ name: f === 'interval' ? 'scrape interval' : f, value: String(e[f]) })) };
  });
}

function contextAnnotationSubjects(obj: KubeObject): Subject[] {
  const a: Obj = obj.metadata?.annotations ?? {};
  const facts = Object.values(TARGET_ANNOTATIONS).filter((k) => typeof a[k] === 'string').map((k) => ({ name: k, value: a[k] as string }));
  return facts.length ? [{ key: 'context', title: 'context annotations', facts }] : [];
}

const SAMPLING_ENV: Array<[string, string]> = [
  [ENV_TRACES_SAMPLER_ARG, 'trace sampling'],
  [ENV_TRACES_SAMPLER, 'sampler'],
];

function containerSubjects(obj: KubeObject): Subject[] {
  const spec = podTemplate(obj)?.spec;
  return [...list(spec?.initContainers), ...list(spec?.containers)].map((c) => {
    const env = list(c.env);
    const facts = SAMPLING_ENV.flatMap(([name, words]) => {
      const v = env.find((e) => e.name === name)?.value;
      return typeof v === 'string' ? [{ name: words, value: v }] : [];
    });
    return { key: `container/${String(c.name)}`, title: `container ${String(c.name)}`, facts };
  });
}

function dashboardSubjects(obj: KubeObject): Subject[] {
  if (obj.metadata?.labels?.[LABEL_COMPONENT] !== 'dashboard') return [];
  const facts: Fact[] = [];
  // The folder annotation's key is configurable; it is the one annotation we add besides our own.
  for (const [k, v] of Object.entries(obj.metadata?.annotations ?? {}).sort(([a], [b]) => compareText(a, b))) {
    if (k !== ANNOTATION_SOURCE && !DIFF_BOOKKEEPING_ANNOTATIONS.includes(k) && !KRM_ANNOTATION_PREFIXES.some((p) => k.startsWith(p))) facts.push({ name: `folder (${k})`, value: String(v) });
  }
  const panels: Subject[] = [];
  for (const text of Object.values((obj as Obj).data ?? {}).sort()) {
    try {
      const d = JSON.parse(String(text)) as Obj;
      if (typeof d.title === 'string') facts.push({ name: 'title', value: d.title });
      if (Array.isArray(d.panels)) facts.push({ name: 'panels', value: String(d.panels.length) });
      panels.push(...list(d.panels).map(panelSubject));
    } catch {
      // not a dashboard JSON: nothing to say in words, the field changes show it
    }
  }
  return [...(facts.length ? [{ key: 'dashboard', title: 'Grafana dashboard', facts }] : []), ...panels];
}

/** `red, green from 0.999`: a panel's threshold steps as a reviewer reads them. */
const stepsText = (steps: Obj[]) => steps.map((st) => (typeof st.value === 'number' ? `${String(st.color)} from ${formatNumber(st.value)}` : String(st.color))).join(', ');

/**
 * One panel, keyed as list-identity.ts keys it (its title with the numbers masked): its title,
 * each query and its thresholds, so a changed objective reads as the panels it changes.
 */
function panelSubject(p: Obj): Subject {
  const title = String(p.title ?? '');
  const facts: Fact[] = [{ name: 'title', value: title }];
  for (const t of list(p.targets)) {
    const query = typeof t.expr === 'string' ? t.expr : typeof t.query === 'string' ? t.query : undefined;
    if (query !== undefined) facts.push({ name: `query ${String(t.refId ?? '')}`.trim(), value: query });
  }
  const steps = list(p.fieldConfig?.defaults?.thresholds?.steps);
  if (steps.length) facts.push({ name: 'thresholds', value: stepsText(steps) });
  return { key: `panel/${panelKey(title)}`, title: `panel ${title}`, facts };
}

/** The plan in words: each derived value, and each task's status (what the PostSync hook will verify). */
function planSubjects(obj: KubeObject): Subject[] {
  if (obj.metadata?.labels?.[LABEL_COMPONENT] !== 'plan') return [];
  let plan: Obj;
  try {
    plan = JSON.parse(String((obj as Obj).data?.[PLAN_DATA_KEY])) as Obj;
  } catch {
    return [];
  }
  // A field derived twice (criticality, then a risk) is numbered, as its list items are.
  const derived = list(plan.derivations);
  const names = numberRepeats(derived.map((d) => String(d.field)));
  const derivations = derived.map((d, i) => ({ name: names[i]!, value: String(d.value) }));
  const tasks = list(plan.stories)
    .flatMap((story) => list(story.tasks))
    .map((t) => ({ name: String(t.id), value: `${String(t.status)}${t.reason ? ` (${String(t.reason)})` : ''}` }));
  return [
    { key: 'derivations', title: 'derived values (plan)', facts: derivations },
    { key: 'tasks', title: 'planned artifacts (plan)', facts: tasks },
    ...gateSubjects(plan),
  ];
}

// --- Delivery: the gate's policy (in the plan) and the canary analysis' thresholds, in words.

const FALLBACK_WORDS: Record<string, string> = { allow: 'allow (fail open)', block: 'block (fail closed)' };

/** The error-budget gate as the plan carries it (plan.delivery.gate). */
function gateSubjects(plan: Obj): Subject[] {
  const gate = plan.delivery?.gate;
  if (!gate || typeof gate !== 'object') return [];
  const p: Obj = gate.policy ?? {};
  const facts: Fact[] = [
    { name: `policy for ${String(gate.criticality)}`, value: policyWords({ pageAlert: p.pageAlert, budgetSpent: p.budgetSpent }) },
    { name: 'when Prometheus is unreachable', value: FALLBACK_WORDS[String(p.onUnreachable)] ?? String(p.onUnreachable) },
    { name: 'on a query error', value: FALLBACK_WORDS[String(p.onQueryError)] ?? String(p.onQueryError) },
    { name: 'without data', value: FALLBACK_WORDS[String(p.onNoData)] ?? String(p.onNoData) },
    { name: 'override', value: typeof gate.override === 'string' ? `"${gate.override}"` : 'none' },
    { name: 'reads', value: list(gate.checks).map((c) => `${String(c.slo)} of ${String(c.service)}`).join(', ') || 'nothing' },
  ];
  return [{ key: 'gate', title: 'error-budget gate before each sync (plan)', facts }];
}

/** What the generated metrics measure, by name. */
const ANALYSIS_SLI: Record<string, string> = { [SLO_NAME_AVAILABILITY]: 'error ratio', [SLO_NAME_LATENCY]: 'share of slow requests' };

/** `len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.001` → the bound, as a percentage. */
function conditionBound(condition: unknown, sli: string): string | undefined {
  const m = typeof condition === 'string' ? /result\[0\]\s*(<=|<|>=|>)\s*([0-9.eE+-]+)\s*$/.exec(condition) : null;
  return m ? `${sli} ${m[1] === '<=' || m[1] === '<' ? 'at most' : 'above'} ${formatPercent(Number(m[2]))}` : undefined;
}

/** Each metric of an Argo Rollouts AnalysisTemplate: when a measurement succeeds or fails, and how often it is taken. */
function analysisSubjects(obj: KubeObject): Subject[] {
  return list((obj.spec as Obj | undefined)?.metrics).map((m) => {
    const facts: Fact[] = [];
    const sli = ANALYSIS_SLI[String(m.name)] ?? 'result';
    const success = conditionBound(m.successCondition, sli);
    const failure = conditionBound(m.failureCondition, sli);
    facts.push({ name: 'successful while', value: success ?? String(m.successCondition ?? 'always') });
    if (m.failureCondition !== undefined) facts.push({ name: 'failed when', value: failure ?? String(m.failureCondition) });
    for (const f of ['interval', 'initialDelay', 'count', 'failureLimit', 'inconclusiveLimit']) if (m[f] !== undefined) facts.push({ name: f, value: String(m[f]) });
    return { key: `analysis/${String(m.name)}`, title: `canary analysis of ${String(m.name)}`, facts };
  });
}

/** Subject extractors by kind; a kind not listed has no highlights, only field changes. */
const EXTRACTORS: Record<string, Array<(obj: KubeObject) => Subject[]>> = {
  PrometheusRule: [ruleSubjects],
  ServiceMonitor: [scrapeSubjects],
  Service: [contextAnnotationSubjects],
  ConfigMap: [dashboardSubjects, planSubjects],
  AnalysisTemplate: [analysisSubjects],
};

export function subjectsOf(obj: KubeObject): Subject[] {
  const kind = String(obj.kind ?? '');
  const extractors = EXTRACTORS[kind] ?? (isWorkloadKind(kind) ? [contextAnnotationSubjects, containerSubjects] : []);
  return extractors.flatMap((x) => x(obj));
}
