// Apps whose Service is the one a new user writes (issue 20): one port named http, several ports,
// one unnamed port, no labels. Each with a ProjectContext that declares an objective, so the
// Service's SLO is produced or the build fails with the fix. The orchestrator tests run them
// through kubectl kustomize, kpt and the Argo CD plugin and check the exit code and what a person
// sees.

import type { KubeObject } from '../functions/core/index.js';
import { deployment, projectContext, service } from './fixtures.js';

type Obj = Record<string, any>;

export interface ScrapeApp {
  name: string;
  /** The Deployment web, its Service web and the ProjectContext targeting both (the Service is spec.targets[1]). */
  resources: KubeObject[];
  /** 0: rendered, with a ServiceMonitor on `port`; 1: refused with a message matching every `says`. */
  exit: 0 | 1;
  port?: string;
  says: RegExp[];
}

function app(ports: Obj[], labels: Record<string, string> | undefined): KubeObject[] {
  const svc = service({ name: 'web', ports, selector: { app: 'web' } }) as Obj;
  if (labels) svc.metadata.labels = labels;
  else delete svc.metadata.labels;
  return [
    projectContext({ requirements: { availability: '99.9', latencyP99: '300ms' }, targets: [{ kind: 'Deployment', name: 'web' }, { kind: 'Service', name: 'web' }] }, { name: 'web' }),
    deployment({ name: 'web', labels: { app: 'web' } }),
    svc as KubeObject,
  ];
}

const WHERE = /ProjectContext shop\/web: spec\.targets\[1\]: /;
const DECLARED = /the objective this ProjectContext declares \(requirements\.availability=99\.9, requirements\.latencyP99=300ms\) gets no ServiceMonitor and no SLO rules/;

export const SCRAPE_APPS: readonly ScrapeApp[] = [
  { name: 'one-port', resources: app([{ name: 'http', port: 80 }], { app: 'web' }), exit: 0, port: 'http', says: [] },
  {
    name: 'many-port',
    resources: app([{ name: 'http', port: 80 }, { name: 'grpc', port: 9000 }], { app: 'web' }),
    exit: 1,
    says: [WHERE, /Service shop\/web has several ports \(http, grpc\) and none is named like a metrics port/, DECLARED, /Fix: set spec\.observability\.sli\.port to the one that serves \/metrics/],
  },
  {
    name: 'unnamed-port',
    resources: app([{ port: 80 }], { app: 'web' }),
    exit: 1,
    says: [WHERE, /the only port of Service shop\/web, 80 \(unnamed\), has no name/, DECLARED, /Fix: name it, e\.g\. spec\.ports\[0\]\.name: http in Service shop\/web/],
  },
  {
    name: 'label-less',
    resources: app([{ name: 'metrics', port: 9090 }], undefined),
    exit: 1,
    says: [WHERE, /Service shop\/web has no labels, and a ServiceMonitor selects Services by label/, DECLARED, /Fix: add one to its metadata\.labels, e\.g\. app\.kubernetes\.io\/name: web/],
  },
];
