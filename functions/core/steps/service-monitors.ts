// Step 2: one ServiceMonitor per measured Service (DESIGN §5.3). A Service already covered by
// a user's ServiceMonitor (or a workload by a user's PodMonitor) is reported as `exists`; a
// target nothing can scrape is `skipped` with the reason.

import { compareText } from '../canonical.js';
import { METRICS_PORT_NAMES, MONITORING_API_VERSION, NAME_SUFFIX, ROLLOUT_POD_HASH_LABEL } from '../conventions.js';
import { artifactRef, generatedMetadata, taskId } from '../generated-meta.js';
import type { Inventory } from '../inventory.js';
import type { ContextModel, ContextResource, ContextTask, Entry, PlanTask, Step, StepOutput } from '../model.js';
import { durationSeconds } from '../numbers.js';
import { warning, type Result } from '../results.js';
import { labelSelectorMatches, labelsOf, podLabels, type LabelSelector } from '../workloads.js';

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

function metricsPort(service: Entry, wanted: string | undefined): { port?: string; names: string[] } {
  const ports: Obj[] = Array.isArray((service.object.spec as Obj | undefined)?.ports) ? (service.object.spec as Obj).ports : [];
  const names = ports.map((p) => p?.name).filter((n): n is string => typeof n === 'string');
  const candidates = wanted ? [wanted] : [...METRICS_PORT_NAMES];
  return { port: candidates.find((c) => names.includes(c)), names };
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

export const serviceMonitors: Step = {
  name: 'service-monitors',
  run(state): StepOutput {
    const generated: ContextResource[] = [];
    const tasks: ContextTask[] = [];
    const results: Result[] = [];
    /** Service key → context that already planned its scrape. */
    const planned = new Map<string, string>();
    for (const ctx of state.contexts) {
      const intervalRule = ctx.derived.rules.find((r) => r.field === 'observability.metricsInterval');
      const interval = ctx.derived.metricsInterval;
      const wantedPort = ctx.spec.observability?.sli?.port;
      const at = (field: string) => ({ resource: ctx.entry.object, origin: ctx.entry.origin, field });
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
          const labels = labelsOf(service.object);
          const { port, names } = metricsPort(service, wantedPort);
          let reason: string | undefined;
          if (!Object.keys(labels).length) reason = `Service ${key} has no labels, and a ServiceMonitor selects Services by label`;
          else if (!port)
            reason = `Service ${key} has no port named ${wantedPort ?? METRICS_PORT_NAMES.join(' or ')} (its ports: ${names.join(', ') || 'none named'})`;
          if (reason) {
            results.push(warning(`${reason}; no ServiceMonitor generated${wantedPort ? '' : ' (name the metrics port, or set spec.observability.sli.port)'}`, at(`spec.targets[${target.index}]`)));
            tasks.push({ contextKey: ctx.key, task: serviceMonitorTask(ctx, service, { status: 'skipped', reason }) });
            continue;
          }
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
              derivation: intervalRule ? [intervalRule.rule] : [],
              parameters: { interval, port: port!, job: service.name },
            }),
          });
        }
      }
    }
    return { generated, tasks, results };
  },
};
