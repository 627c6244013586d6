// Contexts that are not among the examples, one per SLI preset and shape, rendered once: the
// dashboards of each and the series its generated rules and its SLI make exist.

import type { ExpandOutput, KubeObject } from '../functions/core/index.js';
import { SLI_PRESETS } from '../functions/core/tables/sli-presets.js';
import { deployment, expandOk, projectContext, service } from './fixtures.js';
import { dashboardsOf, recordsOf, type Catalogue } from './dashboard-queries.js';

type Obj = Record<string, any>;

export interface DashboardCase {
  name: string;
  out: ExpandOutput;
  dashboard: Obj;
  /** Records of the rules plus the raw metrics of the SLI. */
  catalogue: Catalogue;
  /** Whether the SLI has a latency histogram. */
  latency: boolean;
  /** Whether the context has a latency SLO (a target and a histogram). */
  latencySlo: boolean;
  /** Measured services, as `<namespace>/<job>`. */
  services: string[];
}

/** The raw metrics of a preset and the labels the generated queries may use on them. */
export function presetCatalogue(preset: 'otel' | 'prometheus'): Catalogue {
  const p = SLI_PRESETS[preset];
  return new Map([
    [p.requests, new Set(['namespace', 'job', p.statusLabel])],
    [`${p.latencyHistogram}_bucket`, new Set(['namespace', 'job', 'le'])],
  ]);
}

const custom = (latencyHistogram?: string) => ({
  preset: 'custom',
  errorQuery: 'sum(rate(app_requests_total{ {{selector}}, outcome="error" }[{{window}}]))',
  totalQuery: 'sum(rate(app_requests_total{ {{selector}} }[{{window}}]))',
  ...(latencyHistogram ? { latencyHistogram } : {}),
});

/** The user's own metrics: any label may be used on them. */
const customCatalogue = (histogram?: string): Catalogue =>
  new Map<string, Set<string> | undefined>([['app_requests_total', undefined], ...(histogram ? ([[`${histogram}_bucket`, new Set(['namespace', 'job', 'le'])]] as const) : [])]);

const app = (name: string, namespace: string, services: string[]): KubeObject[] => [
  deployment({ name, namespace, labels: { app: name } }),
  ...services.map((s) => service({ name: s, namespace, labels: { app: name }, selector: { app: name } })),
];

const CASES: Array<{ name: string; resources: KubeObject[]; raw: Catalogue; latency: boolean; latencySlo: boolean; services: string[] }> = [
  {
    name: 'a critical otel service with a latency target, a security risk and linked documents',
    resources: [
      projectContext(
        {
          project: { id: 'payments-platform', epic: 'PAY-1' },
          business: { criticality: 'critical', owner: 'payments-team', value: 'revenue-primary', costCenter: 'CC-9' },
          requirements: { availability: '99.95', latencyP99: '250ms' },
          design: { doc: 'https://docs.example.com/payments', adr: 'ADR-7' },
          risks: [{ type: 'security', description: 'Card data', priority: 'P1', mitigation: 'tokenisation' }],
          targets: [{ kind: 'Deployment', name: 'payments' }],
          observability: { runbook: 'https://runbooks.example.com/payments', alertChannels: ['pay-oncall'] },
        },
        { name: 'payments', namespace: 'pay' },
      ),
      ...app('payments', 'pay', ['payments-api']),
    ],
    raw: presetCatalogue('otel'),
    latency: true,
    latencySlo: true,
    services: ['pay/payments-api'],
  },
  {
    name: 'two Services of one workload on the prometheus preset',
    resources: [
      projectContext(
        {
          project: { id: 'orders' },
          business: { criticality: 'medium', owner: 'orders-team', value: 'revenue-secondary' },
          requirements: { latencyP99: '1s' },
          targets: [{ kind: 'Deployment', name: 'orders' }],
          observability: { sli: { preset: 'prometheus' } },
        },
        { name: 'orders', namespace: 'orders' },
      ),
      ...app('orders', 'orders', ['orders-api', 'orders-admin']),
    ],
    raw: presetCatalogue('prometheus'),
    latency: true,
    latencySlo: true,
    services: ['orders/orders-admin', 'orders/orders-api'],
  },
  {
    name: 'a custom SLI with a latency histogram',
    resources: [
      projectContext(
        { project: { id: 'search' }, business: { criticality: 'low', owner: 'search-team', value: 'enabler' }, requirements: { latencyP99: '300ms' }, targets: [{ kind: 'Deployment', name: 'search' }], observability: { sli: custom('app_latency_seconds') } },
        { name: 'search', namespace: 'search' },
      ),
      ...app('search', 'search', ['search-api']),
    ],
    raw: customCatalogue('app_latency_seconds'),
    latency: true,
    latencySlo: true,
    services: ['search/search-api'],
  },
  {
    name: 'a custom SLI without a latency histogram',
    resources: [
      projectContext({ project: { id: 'batch' }, business: { criticality: 'high', value: 'internal' }, targets: [{ kind: 'Deployment', name: 'intake' }], observability: { sli: custom() } }, { name: 'intake', namespace: 'batch' }),
      ...app('intake', 'batch', ['intake-api']),
    ],
    raw: customCatalogue(),
    latency: false,
    latencySlo: false,
    services: ['batch/intake-api'],
  },
  {
    name: 'a Service target in another namespace than its context',
    resources: [
      projectContext(
        { project: { id: 'billing' }, business: { criticality: 'high', owner: 'billing-team', value: 'compliance' }, targets: [{ kind: 'Service', name: 'billing-api', namespace: 'billing' }] },
        { name: 'billing', namespace: 'team-a' },
      ),
      service({ name: 'billing-api', namespace: 'billing', labels: { app: 'billing' }, selector: { app: 'billing' } }),
    ],
    raw: presetCatalogue('otel'),
    latency: true,
    latencySlo: false,
    services: ['billing/billing-api'],
  },
];

function render(c: (typeof CASES)[number]): DashboardCase {
  const out = expandOk(c.resources);
  const dashboards = dashboardsOf(out);
  if (dashboards.length !== 1) throw new Error(`${c.name}: ${dashboards.length} dashboards`);
  const catalogue: Catalogue = new Map([...recordsOf(out), ...c.raw]);
  return { name: c.name, out, dashboard: dashboards[0]!, catalogue, latency: c.latency, latencySlo: c.latencySlo, services: c.services };
}

/** Every case rendered afresh, bypassing the cache (for determinism checks). */
export const renderDashboardCases = (): DashboardCase[] => CASES.map(render);

let rendered: DashboardCase[] | undefined;
/** Every case, rendered once and shared by the tests. */
export const dashboardCases = (): DashboardCase[] => (rendered ??= renderDashboardCases());
