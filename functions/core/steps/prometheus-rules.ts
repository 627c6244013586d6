// Step 3: one PrometheusRule per measured service of a context (DESIGN §5.4), unless a user's
// PrometheusRule already alerts on that service's requests (then `exists`).

import { compareText } from '../base/canonical.js';
import { ALERT_ANNOTATIONS, ALERT_CHANNEL_DELIMITER, INFO_LABELS, MONITORING_API_VERSION, NAME_SUFFIX, PROM_LABELS } from '../conventions/index.js';
import { artifactRef, generatedMetadata, taskId, templateLiteral } from '../pipeline/generated-meta.js';
import type { Inventory, Entry } from '../pipeline/inventory.js';
import { tasksOf, type ContextModel, type ContextResource, type ContextTask, type Step, type StepOutput } from '../pipeline/model.js';
import type { PlanTask } from '../plan/plan.js';
import { formatNumber, formatPercent, formatRounded } from '../base/numbers.js';
import { requirePromql, vectorSelectors, type PromqlParser } from '../promql/syntax.js';
import { unmetRequirement } from '../pipeline/requirements.js';
import type { EffectiveConfig } from '../pipeline/config.js';
import { warning, type Result } from '../base/results.js';
import type { Derived } from '../pipeline/derive.js';
import { thresholdReason } from '../slo/latency-threshold.js';
import { buildSloGroups } from '../slo/rules.js';
import { availabilityToReach, periodsToReach, unreachableTiers } from '../slo/windows.js';
import { latencyHistogramOf } from '../slo/sli.js';
import type { BurnRateWindow, SliSource, SloRuleInput } from '../slo/model.js';
import { SLI_PRESETS } from '../tables/sli-presets.js';
import { knownRiskLines } from './context-text.js';

type Obj = Record<string, any>;

/** Risks in one line for the known_risks annotation. */
export function knownRisks(ctx: ContextModel): string | undefined {
  const lines = knownRiskLines(ctx);
  return lines.length ? lines.join('; ') : undefined;
}

export function dashboardUrl(baseUrl: string | undefined, uid: string): string | undefined {
  return baseUrl ? `${baseUrl}/d/${uid}` : undefined;
}

/** What on-call sees on every alert of the context, in ALERT_ANNOTATIONS order. */
export function alertContextAnnotations(ctx: ContextModel, dashboard: string | undefined): Record<string, string> {
  const s = ctx.spec;
  const values: Array<[string, string | undefined]> = [
    [ALERT_ANNOTATIONS.runbookUrl, ctx.derived.runbookUrl],
    [ALERT_ANNOTATIONS.designDoc, s.design?.doc],
    [ALERT_ANNOTATIONS.adr, s.design?.adr],
    [ALERT_ANNOTATIONS.owner, s.business?.owner],
    [ALERT_ANNOTATIONS.criticality, ctx.derived.criticality],
    [ALERT_ANNOTATIONS.value, s.business?.value],
    [ALERT_ANNOTATIONS.risks, knownRisks(ctx)],
    [ALERT_ANNOTATIONS.dashboardUrl, dashboard],
    [ALERT_ANNOTATIONS.alertChannels, s.observability?.alertChannels?.join(',') || undefined],
  ];
  return Object.fromEntries(values.filter(([, v]) => v !== undefined).map(([k, v]) => [k, templateLiteral(v!)]));
}

/** `,a,b,`: each channel between delimiters, so one route matches one channel with `=~".*,a,.*"`. */
export const channelsLabel = (channels: readonly string[]) => `${ALERT_CHANNEL_DELIMITER}${channels.join(ALERT_CHANNEL_DELIMITER)}${ALERT_CHANNEL_DELIMITER}`;

/** Labels of the context's info series: what the portfolio dashboard groups and links by. */
export function contextInfoLabels(ctx: ContextModel): Record<string, string> {
  const s = ctx.spec;
  const values: Array<[string, string | undefined]> = [
    [INFO_LABELS.criticality, ctx.derived.criticality],
    [INFO_LABELS.businessValue, s.business?.value],
    [INFO_LABELS.owner, s.business?.owner],
    [INFO_LABELS.projectId, s.project.id],
    [INFO_LABELS.dashboardUid, ctx.dashboardUid],
  ];
  return Object.fromEntries(values.filter((e): e is [string, string] => e[1] !== undefined));
}

export function sliSource(ctx: ContextModel): SliSource {
  const sli = ctx.spec.observability?.sli;
  if (ctx.derived.preset === 'custom' && sli?.errorQuery && sli.totalQuery) {
    const custom: NonNullable<SliSource['custom']> = { errorQuery: sli.errorQuery, totalQuery: sli.totalQuery };
    if (sli.latencyHistogram) custom.latencyHistogram = sli.latencyHistogram;
    return { preset: 'custom', custom };
  }
  return { preset: ctx.derived.preset === 'custom' ? 'otel' : ctx.derived.preset };
}

/**
 * A user's PrometheusRule in the namespace that already has alerts and whose rules select the
 * service's job with one of the SLI's metrics (any metric for custom SLIs).
 */
export function coveringPrometheusRule(inventory: Inventory, namespace: string, job: string, sli: SliSource, promql: PromqlParser | undefined): Entry | undefined {
  const metrics = new Set<string>();
  if (sli.preset !== 'custom') {
    const p = SLI_PRESETS[sli.preset];
    metrics.add(p.requests);
    for (const suffix of ['_bucket', '_count', '_sum']) metrics.add(p.latencyHistogram + suffix);
  }
  for (const rule of [...inventory.inNamespace('PrometheusRule', namespace)].sort((a, b) => compareText(a.name, b.name))) {
    const groups: Obj[] = Array.isArray((rule.object.spec as Obj | undefined)?.groups) ? (rule.object.spec as Obj).groups : [];
    const rules: Obj[] = groups.flatMap((g) => (Array.isArray(g?.rules) ? g.rules : []));
    if (!rules.some((r) => typeof r?.alert === 'string')) continue;
    const selects = rules.some(
      (r) =>
        typeof r?.expr === 'string' &&
        vectorSelectors(requirePromql(promql), r.expr).some((ms) => {
          const name = ms.find((m) => m.name === '__name__')?.value;
          const jobOk = ms.some((m) => m.name === PROM_LABELS.job && m.op === '=' && m.value === job);
          const nsOk = ms.every((m) => m.name !== PROM_LABELS.namespace || m.op !== '=' || m.value === namespace);
          return jobOk && nsOk && (metrics.size === 0 || (name !== undefined && metrics.has(name)));
        }),
    );
    if (selects) return rule;
  }
  return undefined;
}

/** The latency target and, when a bucket can measure it, the bound the latency SLO uses. */
export function latencyInput(d: Derived): SloRuleInput['latency'] {
  if (!d.latencyP99) return undefined;
  const t = d.latencyThreshold;
  return { target: d.latencyP99, ...(t && t.source !== 'beyond-buckets' ? { threshold: { seconds: t.seconds, text: t.text } } : {}) };
}

/** What the user must know about the latency SLO: no histogram, no bucket large enough, or a target measured at another bound. */
function latencyWarnings(ctx: ContextModel, sli: SliSource): Result[] {
  const d = ctx.derived;
  if (!d.latencyP99) return [];
  const at = (field: string) => ({ resource: ctx.entry.object, origin: ctx.entry.origin, field });
  if (!latencyHistogramOf(sli)) return [warning('no latency SLO: the custom SLI names no latencyHistogram', at('spec.observability.sli.latencyHistogram'))];
  const t = d.latencyThreshold;
  if (t?.source === 'beyond-buckets' || t?.source === 'next-boundary') return [warning(thresholdReason(d.latencyP99.text, d.preset, t), at('spec.requirements.latencyP99'))];
  return [];
}

/**
 * Burn-rate alerts of the availability SLO that can never fire (the objective is too low for the
 * factor): a warning each while another alert of its class can fire, and an unmet requirement
 * when none can, since then the context has no alert of that class at all. The fix names the
 * field the objective was declared by and the periods, if any, over which the factor is low enough.
 */
export function unreachableAlerts(ctx: ContextModel, config: EffectiveConfig): Result[] {
  const d = ctx.derived;
  const tiers = d.slo.tiers.filter((t) => d.alertClasses.includes(t.alertClass));
  const dead = unreachableTiers(tiers, d.errorBudgetRatio);
  if (!dead.length) return [];
  const req = ctx.spec.requirements;
  const byBudget = req?.availability === undefined && req?.errorBudget !== undefined;
  const at = { resource: ctx.entry.object, origin: ctx.entry.origin, field: byBudget ? 'spec.requirements.errorBudget' : 'spec.requirements.availability' };
  const budget = `${formatPercent(d.errorBudgetRatio)} error budget`;
  const why = (t: BurnRateWindow) =>
    `the ${t.alertClass} alert over ${t.long}/${t.short} can never fire: it waits for an error ratio above ${formatRounded(t.burnRate)}× the ${budget} over ${d.slo.period}, ${formatRounded(t.burnRate * d.errorBudgetRatio * 100)}% of requests, and at most 100% can fail`;
  // Rounded away from the bound, so that the value said is one that reaches it.
  const objective = (t: BurnRateWindow) =>
    byBudget ? `an errorBudget below ${formatNumber(Math.floor(100000 / t.burnRate) / 1000)}%` : `an availability above ${formatNumber(Math.ceil(availabilityToReach(t) * 1000) / 1000)}%`;
  const fix = (t: BurnRateWindow, reaching: readonly BurnRateWindow[]) => {
    const periods = periodsToReach(reaching.map((r) => r.tier), d.errorBudgetRatio);
    return periods.length ? `${objective(t)}, or a requirements.period of ${periods.join(' or ')}` : objective(t);
  };
  const results: Result[] = [];
  for (const alertClass of d.alertClasses) {
    const own = tiers.filter((t) => t.alertClass === alertClass);
    const cannot = dead.filter((t) => t.alertClass === alertClass);
    if (!cannot.length) continue;
    if (cannot.length < own.length) {
      const live = own.filter((t) => !cannot.includes(t)).map((t) => `${t.long}/${t.short}`).join(', ');
      results.push(...cannot.map((t) => warning(`${why(t)}; the ${alertClass} alerts over ${live} still can. Fix: ${fix(t, [t])}`, at)));
      continue;
    }
    // The slowest tier of the class is the first to become reachable as the objective rises.
    const slowest = cannot.reduce((a, b) => (b.burnRate < a.burnRate ? b : a));
    results.push(unmetRequirement(ctx, config, { what: cannot.map(why).join('; '), lacks: `no ${alertClass} alert that can fire`, fix: fix(slowest, cannot) }, at));
  }
  return results;
}

function ruleTask(ctx: ContextModel, service: { kind: string; namespace: string; name: string }, fields: Partial<PlanTask> & Pick<PlanTask, 'status'>): PlanTask {
  return {
    id: taskId('prometheus_rule', service.kind, service.namespace, service.name),
    type: 'prometheus_rule',
    title: `SLO rules and alerts for ${service.kind} ${service.namespace}/${service.name}`,
    target: { ...service },
    priority: ctx.derived.priority,
    dependsOn: [],
    derivation: [],
    parameters: {},
    ...fields,
  };
}

export const prometheusRules: Step = {
  name: 'prometheus-rules',
  run(state): StepOutput {
    const generated: ContextResource[] = [];
    const tasks: ContextTask[] = [];
    const results: Result[] = [];
    for (const ctx of state.contexts) {
      if (ctx.derived.sliOptOut) continue;
      const sli = sliSource(ctx);
      const d = ctx.derived;
      const derivation = d.rules
        .filter((r) => ['requirements.availability', 'requirements.errorBudget', 'requirements.period', 'requirements.latencyP99', 'slo.latencyThreshold', 'alerts.classes', 'alerts.authAnomaly', 'alerts.runbookUrl', 'observability.sli.preset'].includes(r.field))
        .map((r) => r.rule);
      const scrapeTasks = tasksOf(state, ctx.key).filter((t) => t.type === 'service_monitor');
      const before = tasks.length;
      for (const scrape of scrapeTasks) {
        const target = scrape.target;
        if (scrape.status === 'skipped') {
          tasks.push({ contextKey: ctx.key, task: ruleTask(ctx, target, { status: 'skipped', reason: `depends on ${scrape.id}, which was skipped: nothing scrapes the metrics an SLO needs`, dependsOn: [scrape.id] }) });
          continue;
        }
        const job = scrape.parameters.job!;
        const namespace = target.namespace;
        const existing = coveringPrometheusRule(state.inventory, namespace, job, sli, state.promql);
        if (existing) {
          tasks.push({
            contextKey: ctx.key,
            task: ruleTask(ctx, target, {
              status: 'exists',
              reason: `PrometheusRule ${existing.namespace}/${existing.name} already alerts on job="${job}"`,
              artifact: artifactRef(String(existing.object.apiVersion), 'PrometheusRule', existing.namespace, existing.name),
              dependsOn: [scrape.id],
              parameters: { job },
            }),
          });
          continue;
        }
        const service = state.inventory.get(target.kind, namespace, target.name);
        const placement = service ?? { namespace, explicitNamespace: ctx.entry.explicitNamespace };
        const name = state.names.allocate('PrometheusRule', namespace, [target.name, NAME_SUFFIX.prometheusRule], ctx.key);
        const alertLabels: Record<string, string> = { [PROM_LABELS.priority]: d.priority, [PROM_LABELS.context]: ctx.key };
        if (ctx.spec.business?.owner) alertLabels[PROM_LABELS.team] = ctx.spec.business.owner;
        const channels = ctx.spec.observability?.alertChannels ?? [];
        if (channels.length) alertLabels[PROM_LABELS.alertChannels] = channelsLabel(channels);
        const input = {
          namespace,
          job,
          context: ctx.key,
          sli,
          objectiveRatio: d.objectiveRatio,
          errorBudgetRatio: d.errorBudgetRatio,
          availability: d.availability,
          alertClasses: d.alertClasses,
          authAnomaly: d.authAnomaly,
          alertLabels,
          contextAnnotations: alertContextAnnotations(ctx, dashboardUrl(state.config.grafanaBaseUrl, ctx.dashboardUid)),
          contextInfo: contextInfoLabels(ctx),
          ...(d.latencyP99 ? { latency: latencyInput(d) } : {}),
        };
        generated.push({
          contextKey: ctx.key,
          object: {
            apiVersion: MONITORING_API_VERSION,
            kind: 'PrometheusRule',
            metadata: generatedMetadata(ctx, 'prometheus_rule', name, placement, { labels: state.config.selectorLabels }),
            spec: { groups: buildSloGroups(input, d.slo) },
          },
        });
        const parameters: Record<string, string> = {
          job,
          objective: d.availability,
          errorBudget: formatNumber(d.errorBudgetRatio * 100),
          alertClasses: d.alertClasses.join('+'),
          priority: d.priority,
          preset: sli.preset,
        };
        // Like latencyP99, only when declared: the default period's plan stays as it was.
        if (ctx.spec.requirements?.period !== undefined) parameters.period = d.slo.period;
        if (d.latencyP99) parameters.latencyP99 = d.latencyP99.text;
        const threshold = latencyInput(d)?.threshold;
        if (threshold) parameters.latencyThreshold = threshold.text;
        tasks.push({
          contextKey: ctx.key,
          task: ruleTask(ctx, target, {
            status: 'generated',
            artifact: artifactRef(MONITORING_API_VERSION, 'PrometheusRule', namespace, name),
            dependsOn: [scrape.id],
            derivation,
            parameters,
          }),
        });
      }
      const own = tasks.slice(before).map((t) => t.task);
      if (own.some((t) => t.status === 'generated')) {
        results.push(...unreachableAlerts(ctx, state.config), ...latencyWarnings(ctx, sli));
        if (d.authAnomaly && sli.preset === 'custom') {
          results.push(warning('no auth-anomaly alert for the security risk: a custom SLI has no status code label to count 401/403 by', { resource: ctx.entry.object, origin: ctx.entry.origin, field: 'spec.risks' }));
        }
      }
      // A Service that could not be scraped has had its say (service-monitors.ts); here: no Service at all.
      const serviceSkipped = scrapeTasks.some((t) => t.status === 'skipped' && t.target.kind === 'Service');
      if (!own.some((t) => t.status !== 'skipped') && !serviceSkipped) {
        const targets = ctx.targets.map((t) => `${t.kind} ${t.namespace}/${t.name}`).join(', ');
        const shortfall = {
          what: `no Service in the render is a target of this ProjectContext or selects the pods of one (${targets}), and no PodMonitor scrapes them`,
          lacks: 'no SLO rules',
          fix: 'render the Service that serves their requests together with them, as a target or selecting their pods',
        };
        results.push(unmetRequirement(ctx, state.config, shortfall, { resource: ctx.entry.object, origin: ctx.entry.origin, field: 'spec.targets' }));
      }
    }
    return { generated, tasks, results };
  },
};
