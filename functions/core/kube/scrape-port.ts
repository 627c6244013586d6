// Which port of a Service a generated ServiceMonitor scrapes, and what to tell the user when
// none can be chosen (docs/generated.md, "Which port is scraped"). In order:
// 1. observability.sli.port, which must exist;
// 2. a port named metrics or http-metrics (the convention), silently;
// 3. a port with another common metrics name (prometheus, prom, telemetry, monitoring), said in an info result;
// 4. the Service's only port, if it has a name (a ServiceMonitor endpoint names its port), said in an info result.
// Several ports without a metrics name, one port without a name, or none: no choice, and the
// problem comes with its fix.

import { COMMON_METRICS_PORT_NAMES, METRICS_PORT_NAMES } from '../conventions/index.js';
import type { Entry } from '../pipeline/inventory.js';
import { labelsOf } from './workloads.js';

type Obj = Record<string, any>;

export type PortChoice =
  | {
      port: string;
      /** explicit: sli.port; conventional: metrics, http-metrics; common-name: another metrics name; only-port: the Service's one port. */
      how: 'explicit' | 'conventional' | 'common-name' | 'only-port';
      /** For common-name and only-port: the sentence that says which port was taken, and why. */
      note?: string;
    }
  | { problem: string; fix: string };

const nsName = (s: Entry) => `${s.namespace}/${s.name}`;
const portsOf = (s: Entry): Obj[] => (Array.isArray((s.object.spec as Obj | undefined)?.ports) ? (s.object.spec as Obj).ports.filter((p: unknown) => p && typeof p === 'object') : []);
const portText = (p: Obj, i: number) => (typeof p.name === 'string' && p.name ? p.name : `${p.port ?? `#${i}`} (unnamed)`);

/** A ServiceMonitor selects Services by label: without any, nothing can select this one. */
export function labelProblem(service: Entry): { problem: string; fix: string } | undefined {
  if (Object.keys(labelsOf(service.object)).length) return undefined;
  return {
    problem: `Service ${nsName(service)} has no labels, and a ServiceMonitor selects Services by label`,
    fix: `add one to its metadata.labels, e.g. app.kubernetes.io/name: ${service.name}`,
  };
}

export function scrapePort(service: Entry, wanted: string | undefined): PortChoice {
  const ports = portsOf(service);
  const names = ports.map((p) => (typeof p.name === 'string' ? p.name : '')).filter(Boolean);
  const listed = ports.map(portText).join(', ');
  if (wanted !== undefined) {
    if (names.includes(wanted)) return { port: wanted, how: 'explicit' };
    return {
      problem: `Service ${nsName(service)} has no port named ${wanted}, the spec.observability.sli.port (its ports: ${listed || 'none'})`,
      fix: names.length ? `set spec.observability.sli.port to one of ${names.join(', ')}, or name the Service's metrics port ${wanted}` : `give Service ${nsName(service)} a port named ${wanted}`,
    };
  }
  const conventional = METRICS_PORT_NAMES.find((n) => names.includes(n));
  if (conventional) return { port: conventional, how: 'conventional' };
  const common = COMMON_METRICS_PORT_NAMES.find((n) => names.includes(n));
  if (common) return { port: common, how: 'common-name', note: `port ${common} of Service ${nsName(service)} is scraped: its name is a common name for a metrics port (set spec.observability.sli.port to choose another)` };
  if (!ports.length) return { problem: `Service ${nsName(service)} has no ports`, fix: `add the port that serves its /metrics to Service ${nsName(service)}` };
  if (ports.length === 1) {
    if (names.length) return { port: names[0]!, how: 'only-port', note: `port ${names[0]} of Service ${nsName(service)} is scraped: it is the Service's only port (set spec.observability.sli.port to choose another)` };
    return {
      problem: `the only port of Service ${nsName(service)}, ${listed}, has no name, and a ServiceMonitor names the port it scrapes`,
      fix: `name it, e.g. spec.ports[0].name: http in Service ${nsName(service)}`,
    };
  }
  return {
    problem: `Service ${nsName(service)} has several ports (${listed}) and none is named like a metrics port (${[...METRICS_PORT_NAMES, ...COMMON_METRICS_PORT_NAMES].join(', ')})`,
    fix: `set spec.observability.sli.port to the one that serves /metrics, or name that port metrics`,
  };
}
