// Step 5 (before the plan): an Argo Rollouts AnalysisTemplate per Rollout target of a context
// (docs/delivery.md), measuring the canary with the context's SLIs. It reads the service a scrape
// task measures: the Rollout's canaryService when it is one of them, else the first by name. The
// Rollout refers to the template itself (strategy.canary.analysis or an analysis step) and passes
// canary-hash with podTemplateHashValue: Latest; the ServiceMonitors of its Services carry that
// pod label (service-monitors.ts), so the canary's series can be told apart.

import { compareText } from '../base/canonical.js';
import { NAME_SUFFIX, ROLLOUTS_API_VERSION } from '../conventions/index.js';
import { analysisMetrics, analysisTemplateSpec, type AnalysisInput } from '../delivery/analysis-template.js';
import { artifactRef, generatedMetadata, taskId } from '../pipeline/generated-meta.js';
import { tasksOf, type ContextModel, type ContextResource, type ContextTask, type ResolvedTarget, type Step, type StepOutput } from '../pipeline/model.js';
import type { PlanTask } from '../plan/plan.js';
import { clean } from '../base/numbers.js';
import { latencyHistogramOf } from '../slo/sli.js';
import { ANALYSIS } from '../tables/analysis.js';
import { LATENCY_OBJECTIVE_RATIO } from '../tables/latency-slo.js';
import { latencyInput, sliSource } from './prometheus-rules.js';

type Obj = Record<string, any>;

/** The Rollout's strategy.canary.canaryService, when it names one. */
const canaryServiceOf = (target: ResolvedTarget): string | undefined => {
  const name = (target.entry.object.spec as Obj | undefined)?.strategy?.canary?.canaryService;
  return typeof name === 'string' ? name : undefined;
};

function analysisTask(ctx: ContextModel, target: ResolvedTarget, fields: Partial<PlanTask> & Pick<PlanTask, 'status'>): PlanTask {
  return {
    id: taskId('analysis_template', target.kind, target.namespace, target.name),
    type: 'analysis_template',
    title: `Canary analysis for ${target.kind} ${target.namespace}/${target.name}`,
    target: { kind: target.kind, namespace: target.namespace, name: target.name },
    priority: ctx.derived.priority,
    dependsOn: [],
    derivation: [],
    parameters: {},
    ...fields,
  };
}

export const analysisTemplates: Step = {
  name: 'analysis-templates',
  run(state): StepOutput {
    const generated: ContextResource[] = [];
    const tasks: ContextTask[] = [];
    for (const ctx of state.contexts) {
      for (const target of ctx.targets.filter((t) => t.kind === 'Rollout')) {
        const scrapes = tasksOf(state, ctx.key)
          .filter((t) => t.type === 'service_monitor' && t.status !== 'skipped' && t.parameters.job && target.services.some((s) => s.namespace === t.target.namespace && s.name === t.target.name))
          .sort((a, b) => compareText(a.target.name, b.target.name));
        const canary = canaryServiceOf(target);
        const scrape = scrapes.find((t) => t.target.name === canary) ?? scrapes[0];
        if (!scrape) {
          tasks.push({ contextKey: ctx.key, task: analysisTask(ctx, target, { status: 'skipped', reason: `nothing scrapes a Service of Rollout ${target.namespace}/${target.name}: no SLI to analyse its canary with` }) });
          continue;
        }
        const d = ctx.derived;
        const sli = sliSource(ctx);
        const histogram = latencyHistogramOf(sli);
        const threshold = latencyInput(d)?.threshold;
        const input: AnalysisInput = {
          sli,
          namespace: scrape.target.namespace,
          job: scrape.parameters.job!,
          prometheusUrl: state.config.gate.prometheusUrl,
          slo: d.slo,
          availability: { percent: d.availability, budgetRatio: d.errorBudgetRatio },
          ...(histogram && threshold ? { latency: { histogram, threshold, budgetRatio: clean(1 - LATENCY_OBJECTIVE_RATIO) } } : {}),
        };
        const name = state.names.allocate('AnalysisTemplate', target.namespace, [target.name, NAME_SUFFIX.analysis], ctx.key);
        generated.push({
          contextKey: ctx.key,
          object: {
            apiVersion: ROLLOUTS_API_VERSION,
            kind: 'AnalysisTemplate',
            metadata: generatedMetadata(ctx, 'analysis_template', name, target.entry),
            spec: analysisTemplateSpec(input),
          },
        });
        const metrics = analysisMetrics(input);
        tasks.push({
          contextKey: ctx.key,
          task: analysisTask(ctx, target, {
            status: 'generated',
            artifact: artifactRef(ROLLOUTS_API_VERSION, 'AnalysisTemplate', target.namespace, name),
            dependsOn: [scrape.id],
            derivation: metrics.map((m) => m.words),
            parameters: {
              job: input.job,
              interval: ANALYSIS.interval,
              ...Object.fromEntries(metrics.flatMap((m) => [[`${m.name}.success`, String(m.success)], [`${m.name}.failure`, String(m.failure)]])),
            },
          }),
        });
      }
    }
    return { generated, tasks };
  },
};
