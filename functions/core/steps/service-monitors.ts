// Step 2: one ServiceMonitor per measured Service (DESIGN §5.3). A Service already covered by
// a user's ServiceMonitor (or a workload by a user's PodMonitor) is reported as `exists`; a
// target nothing can scrape is `skipped` with the reason, and a Service that cannot be scraped
// (no labels, no port to choose: kube/scrape-port.ts) fails a declared objective (pipeline/requirements.ts).

import { compareText } from '../base/canonical.js';
import { MONITORING_API_VERSION, NAME_SUFFIX, ROLLOUT_POD_HASH_LABEL } from '../conventions/index.js';
import { artifactRef, generatedMetadata, taskId } from '../pipeline/generated-meta.js';
import type { Inventory, Entry } from '../pipeline/inventory.js';
import type { ContextModel, ContextResource, ContextTask, Step, StepOutput } from '../pipeline/model.js';
import type { PlanTask } from '../plan/plan.js';
import { durationSeconds } from '../base/numbers.js';
import { unmetRequirement, type Shortfall } from '../pipeline/requirements.js';
import { info, type Result } from '../base/results.js';
import { labelProblem, scrapePort, type PortChoice } from '../kube/scrape-port.js';
import { labelSelectorMatches, labelsOf, podLabels, type LabelSelector } from '../kube/workloads.js';

type Obj = Record<string, any>;

/** prometheus-operator's default scrape timeout; Prometheus rejects a timeout above the interval. */
const DEFAULT_SCRAPE_TIMEOUT_SECONDS = 10;

/** A user's ServiceMonitor selecting this Service, first by namespace/name. */
export function coveringServiceMonitor(inventory: Inventory, service: Entry): Entry | undefined {
  const labels = labelsOf(service.object);
  return inventory
    .monitorsSelecting('ServiceMonitor', service.namespace)
    .filter((m) => labelSelectorMatches((m.object.spec as Obj | undefined)?.selector as LabelSelector, labels))
    .sort((a, b) => compareText(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))[0];
}

/** A user's PodMonitor selecting the workload's pods. */
export function coveringPodMonitor(inventory: Inventory, workload: Entry): Entry | undefined {
  const labels = podLabels(workload.object);
  if (!Object.keys(labels).length) return undefined;
  return inventory
    .monitorsSelecting('PodMonitor', workload.namespace)
    .filter((m) => labelSelectorMatches((m.object.spec as Obj | undefined)?.selector as LabelSelector, labels))
    .sort((a, b) => compareText(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))[0];
}

/** The `job` label prometheus-operator gives the Service's targets under this monitor. */
export function jobLabelFor(service: Entry, monitor?: Entry): string {
  const jobLabel = (monitor?.object.spec as Obj | undefined)?.jobLabel;
  const labels = labelsOf(service.object);
  return typeof jobLabel === 'string' && labels[jobLabel] ? labels[jobLabel] : service.name;
}

function serviceMonitorTask(ctx: ContextModel, service: Entry, fields: Partial<PlanTask> & Pick<PlanTask, 'status'>): PlanTask {
  return {
    id: taskId('service_monitor', 'Service', service.namespace, service.name),
    type: 'service_monitor',
    title: `Scrape Service ${service.namespace}/${service.name}`,
    target: { kind: 'Service', namespace: service.namespace, name: service.name },
    priority: ctx.derived.priority,
    dependsOn: [],
    derivation: [],
    parameters: {},
    ...fields,
  };
}

/** A scrape that cannot be set up, as the plan's reason and as what the user is told. */
function shortfall(problem: { problem: string; fix: string }, via: string): Shortfall {
  return { what: `${problem.problem}${via}`, lacks: 'no ServiceMonitor and no SLO rules for that Service', fix: problem.fix };
}

export const serviceMonitors: Step = {
  name: 'service-monitors',
  run(state): StepOutput {
    const generated: ContextResource[] = [];
    const tasks: ContextTask[] = [];
    const results: Result[] = [];
    /** Service key → context that already planned its scrape. */
    const planned = new Map<string, string>();
    for (const ctx of state.contexts) {
      if (ctx.derived.sliOptOut) continue; // the plan's derivation says so; nothing is scraped
      const intervalRule = ctx.derived.rules.find((r) => r.field === 'observability.metricsInterval');
      const interval = ctx.derived.metricsInterval;
      const wantedPort = ctx.spec.observability?.sli?.port;
      const at = (index: number) => ({ resource: ctx.entry.object, origin: ctx.entry.origin, field: `spec.targets[${index}]` });
      /** Services that are targets themselves: results about them name their own spec.targets[i]. */
      const ownIndex = new Map(ctx.targets.filter((t) => t.kind === 'Service').map((t) => [`${t.namespace}/${t.name}`, t.index]));
      // Services of Rollout pods: their series carry the pod template hash, for canary analysis.
      const rolloutServices = new Set(ctx.targets.filter((t) => t.kind === 'Rollout').flatMap((t) => t.services.map((s) => `${s.namespace}/${s.name}`)));
      for (const target of ctx.targets) {
        if (target.services.length === 0) {
          const podMonitor = target.kind === 'Service' ? undefined : coveringPodMonitor(state.inventory, target.entry);
          const base = {
            id: taskId('service_monitor', target.kind, target.namespace, target.name),
            type: 'service_monitor' as const,
            title: `Scrape ${target.kind} ${target.namespace}/${target.name}`,
            target: { kind: target.kind, namespace: target.namespace, name: target.name },
            priority: ctx.derived.priority,
            dependsOn: [],
            derivation: [],
          };
          if (podMonitor) {
            const jobLabel = (podMonitor.object.spec as Obj)?.jobLabel;
            const job = typeof jobLabel === 'string' && podLabels(target.entry.object)[jobLabel] ? podLabels(target.entry.object)[jobLabel]! : `${podMonitor.namespace}/${podMonitor.name}`;
            tasks.push({
              contextKey: ctx.key,
              task: { ...base, status: 'exists', reason: `PodMonitor ${podMonitor.namespace}/${podMonitor.name} already scrapes its pods`, artifact: artifactRef(String(podMonitor.object.apiVersion), 'PodMonitor', podMonitor.namespace, podMonitor.name), parameters: { job, service: target.name } },
            });
          } else {
            tasks.push({
              contextKey: ctx.key,
              task: { ...base, status: 'skipped', reason: `no Service in namespace ${target.namespace} selects the pods of ${target.kind} ${target.name}, and no PodMonitor scrapes them`, parameters: {} },
            });
          }
          continue;
        }
        const choices = new Map(target.services.map((s) => [s, scrapePort(s, wantedPort)]));
        const byName = (s: Entry) => { const c = choices.get(s)!; return 'port' in c && c.how !== 'only-port'; };
        // Of the Services selecting a workload's pods, those with a port named for metrics serve them.
        const metricsServices = target.kind === 'Service' ? [] : target.services.filter(byName);
        for (const service of target.services) {
          const key = `${service.namespace}/${service.name}`;
          const owner = planned.get(key);
          if (owner === ctx.key) continue;
          const existing = coveringServiceMonitor(state.inventory, service);
          if (owner !== undefined) {
            tasks.push({ contextKey: ctx.key, task: serviceMonitorTask(ctx, service, { status: 'exists', reason: `planned by ProjectContext ${owner}`, parameters: { job: jobLabelFor(service, existing) } }) });
            continue;
          }
          planned.set(key, ctx.key);
          if (existing) {
            tasks.push({
              contextKey: ctx.key,
              task: serviceMonitorTask(ctx, service, {
                status: 'exists',
                reason: `ServiceMonitor ${existing.namespace}/${existing.name} already selects it`,
                artifact: artifactRef(String(existing.object.apiVersion), 'ServiceMonitor', existing.namespace, existing.name),
                parameters: { job: jobLabelFor(service, existing) },
              }),
            });
            continue;
          }
          const own = ownIndex.get(key);
          const via = own === undefined ? ` (it selects the pods of ${target.kind} ${target.namespace}/${target.name})` : '';
          if (own === undefined && metricsServices.length && !byName(service)) {
            const reason = `not scraped: Service ${metricsServices.map((m) => `${m.namespace}/${m.name}`).join(', ')} also selects the pods of ${target.kind} ${target.namespace}/${target.name} and has a port named for metrics`;
            tasks.push({ contextKey: ctx.key, task: serviceMonitorTask(ctx, service, { status: 'skipped', reason }) });
            results.push(info(`Service ${key} ${reason.replace('not scraped: ', 'is not scraped: ')}`, at(target.index)));
            continue;
          }
          const choice = choices.get(service)!;
          const problem = labelProblem(service) ?? ('problem' in choice ? choice : undefined);
          if (problem) {
            const missing = shortfall(problem, via);
            results.push(unmetRequirement(ctx, state.config, missing, at(own ?? target.index)));
            tasks.push({ contextKey: ctx.key, task: serviceMonitorTask(ctx, service, { status: 'skipped', reason: `${missing.what}. Fix: ${missing.fix}` }) });
            continue;
          }
          const { port, note } = choice as Extract<PortChoice, { port: string }>;
          if (note) results.push(info(note, at(own ?? target.index)));
          const labels = labelsOf(service.object);
          const name = state.names.allocate('ServiceMonitor', service.namespace, [service.name, NAME_SUFFIX.serviceMonitor], ctx.key);
          const endpoint: Obj = { port, interval };
          if ((durationSeconds(interval) ?? DEFAULT_SCRAPE_TIMEOUT_SECONDS) < DEFAULT_SCRAPE_TIMEOUT_SECONDS) endpoint.scrapeTimeout = interval;
          generated.push({
            contextKey: ctx.key,
            object: {
              apiVersion: MONITORING_API_VERSION,
              kind: 'ServiceMonitor',
              metadata: generatedMetadata(ctx, 'service_monitor', name, service, { labels: state.config.selectorLabels }),
              spec: { selector: { matchLabels: { ...labels } }, endpoints: [endpoint], ...(rolloutServices.has(key) ? { podTargetLabels: [ROLLOUT_POD_HASH_LABEL] } : {}) },
            },
          });
          tasks.push({
            contextKey: ctx.key,
            task: serviceMonitorTask(ctx, service, {
              status: 'generated',
              artifact: artifactRef(MONITORING_API_VERSION, 'ServiceMonitor', service.namespace, name),
              derivation: [...(intervalRule ? [intervalRule.rule] : []), ...(note ? [note] : [])],
              parameters: { interval, port, job: service.name },
            }),
          });
        }
      }
    }
    return { generated, tasks, results };
  },
};
