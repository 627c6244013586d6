// Step 4: a Grafana dashboard ConfigMap per context (DESIGN §5.5), for the kube-prometheus-stack
// Grafana sidecar: labelled grafana_dashboard "1" (configurable) with a folder annotation.

import { DASHBOARD_TAG_PREFIX, NAME_SUFFIX, PROJECT_CONTEXT_KIND } from '../conventions/index.js';
import { buildContextDashboard, type MeasuredService } from '../dashboards/context-dashboard.js';
import { artifactRef, generatedMetadata, taskId } from '../pipeline/generated-meta.js';
import { tasksOf, type ContextModel, type ContextResource, type ContextTask, type Step, type StepOutput } from '../pipeline/model.js';
import { inlineCode, markdownLink, markdownText } from '../base/markdown.js';
import { isHttpUrl } from '../validate/urls.js';
import { knownRiskLines } from './context-text.js';
import { latencyInput, sliSource } from './prometheus-rules.js';

const link = (label: string, value: string | undefined) =>
  value === undefined ? undefined : isHttpUrl(value) ? markdownLink(label, value) : `${label}: ${inlineCode(value)}`;

/** Distinct services sorted by namespace, then job. */
function uniqueServices(services: MeasuredService[]): MeasuredService[] {
  const byKey = new Map(services.map((m) => [`${m.namespace}/${m.job}`, m]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

export function contextMarkdown(ctx: ContextModel): string {
  const s = ctx.spec;
  const d = ctx.derived;
  const lines: string[] = [];
  lines.push(`**Project** ${markdownText(s.project.id)}${s.project.epic ? ` · epic ${markdownText(s.project.epic)}` : ''}`);
  const who = [
    s.business?.owner ? `**Owner** ${markdownText(s.business.owner)}` : undefined,
    `**Criticality** ${d.criticality}`,
    s.business?.value ? `**Value** ${s.business.value}` : undefined,
    s.business?.costCenter ? `**Cost center** ${markdownText(s.business.costCenter)}` : undefined,
  ].filter(Boolean);
  lines.push('', who.join(' · '));
  const threshold = latencyInput(d)?.threshold;
  const measured = threshold && threshold.seconds !== d.latencyP99?.seconds ? ` (measured at the ${threshold.text} bucket bound)` : '';
  lines.push('', `**Objective** ${d.availability}% availability over ${d.slo.period}${d.latencyP99 ? ` · P99 latency ≤ ${d.latencyP99.text}${measured}` : ''}`);
  const links = [link('Design doc', s.design?.doc), link('ADR', s.design?.adr), link('API contract', s.design?.apiContract), link('Runbook', d.runbookUrl)].filter(Boolean);
  if (links.length) lines.push('', `**Links** ${links.join(' · ')}`);
  if (s.observability?.alertChannels?.length) lines.push('', `**Alert channels** ${s.observability.alertChannels.map(markdownText).join(', ')}`);
  const risks = knownRiskLines(ctx);
  if (risks.length) lines.push('', '**Known risks**', '', ...risks.map((r) => `- ${markdownText(r)}`));
  // No checksum here: it is on the ConfigMap; in the text it would change the dashboard on every edit.
  lines.push('', `_ProjectContext ${ctx.key}_`);
  return lines.join('\n');
}

/** Runbook, design doc and ADR when they are URLs, each once: links in the dashboard header. */
export function contextDocuments(ctx: ContextModel): Array<{ title: string; url: string }> {
  const candidates: Array<[string, string | undefined]> = [
    ['Runbook', ctx.derived.runbookUrl],
    ['Design doc', ctx.spec.design?.doc],
    ['ADR', ctx.spec.design?.adr],
  ];
  const seen = new Set<string>();
  return candidates.filter((c): c is [string, string] => isHttpUrl(c[1]) && !seen.has(c[1]) && !!seen.add(c[1])).map(([title, url]) => ({ title, url }));
}

export const dashboards: Step = {
  name: 'dashboards',
  run(state): StepOutput {
    const generated: ContextResource[] = [];
    const tasks: ContextTask[] = [];
    for (const ctx of state.contexts) {
      if (ctx.derived.sliOptOut) continue; // no records to plot, by choice (the plan's derivation says so)
      const ruleTasks = tasksOf(state, ctx.key).filter((t) => t.type === 'prometheus_rule');
      // Only services whose rules we generate have the records the dashboard plots.
      const measured = ruleTasks.filter((t) => t.status === 'generated');
      const base = {
        id: taskId('dashboard', PROJECT_CONTEXT_KIND, ctx.namespace, ctx.name),
        type: 'dashboard' as const,
        title: `Grafana dashboard for ProjectContext ${ctx.key}`,
        target: { kind: PROJECT_CONTEXT_KIND, namespace: ctx.namespace, name: ctx.name },
        priority: ctx.derived.priority,
        dependsOn: ruleTasks.map((t) => t.id),
      };
      if (!measured.length) {
        const reason = ruleTasks.some((t) => t.status === 'exists')
          ? 'the SLO rules of every measured service are the user\'s own: there are no ContextCore records to plot'
          : 'no service of the context has SLO rules to plot';
        tasks.push({ contextKey: ctx.key, task: { ...base, status: 'skipped', reason, derivation: [], parameters: {} } });
        continue;
      }
      const placementRule = ctx.derived.rules.find((r) => r.field === 'observability.dashboardPlacement');
      const name = state.names.allocate('ConfigMap', ctx.namespace, [ctx.name, NAME_SUFFIX.dashboard], ctx.key);
      const services = uniqueServices(measured.map((t) => ({ namespace: t.target.namespace, job: t.parameters.job! })));
      const jobs = [...new Set(services.map((m) => m.job))];
      const s = ctx.spec;
      // DASHBOARD_TAG is added by dashboard() to every ContextCore dashboard.
      const tags = [
        `${DASHBOARD_TAG_PREFIX.criticality}${ctx.derived.criticality}`,
        ...(s.business?.value ? [`${DASHBOARD_TAG_PREFIX.value}${s.business.value}`] : []),
        ...(s.business?.owner ? [`${DASHBOARD_TAG_PREFIX.team}${s.business.owner}`] : []),
        `${DASHBOARD_TAG_PREFIX.project}${s.project.id}`,
      ];
      const dashboard = buildContextDashboard({
        uid: ctx.dashboardUid,
        title: `${s.project.id} · ${ctx.name} (${ctx.namespace})`,
        context: ctx.key,
        contextName: ctx.name,
        contextNamespace: ctx.namespace,
        services,
        sli: sliSource(ctx),
        objectiveRatio: ctx.derived.objectiveRatio,
        errorBudgetRatio: ctx.derived.errorBudgetRatio,
        availability: ctx.derived.availability,
        slo: ctx.derived.slo,
        ...(ctx.derived.latencyP99 ? { latency: latencyInput(ctx.derived)! } : {}),
        tags,
        contextMarkdown: contextMarkdown(ctx),
        documents: contextDocuments(ctx),
      });
      generated.push({
        contextKey: ctx.key,
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: generatedMetadata(ctx, 'dashboard', name, ctx.entry, {
            labels: state.config.dashboardLabel,
            annotations: { [state.config.folderAnnotation]: ctx.derived.folder },
          }),
          data: { [`${ctx.dashboardUid}.json`]: `${JSON.stringify(dashboard)}\n` },
        },
      });
      tasks.push({
        contextKey: ctx.key,
        task: {
          ...base,
          status: 'generated',
          artifact: artifactRef('v1', 'ConfigMap', ctx.namespace, name),
          derivation: placementRule ? [placementRule.rule] : [],
          parameters: { uid: ctx.dashboardUid, folder: ctx.derived.folder, services: jobs.join(',') },
        },
      });
    }
    return { generated, tasks };
  },
};
