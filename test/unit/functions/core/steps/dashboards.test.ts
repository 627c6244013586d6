import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { config, deployment, projectContext, service, expandOk } from '../../../../fixtures.js';
import { dashboardsOf, panelsOf } from '../../../../dashboard-queries.js';
import { isHttpUrl } from '../../../../../functions/core/validate/urls.js';

type Obj = Record<string, any>;
const run = expandOk;
const dashboardCm = (out: ReturnType<typeof run>) => out.generated.map((g) => out.resources[g.index] as Obj).find((o) => o.kind === 'ConfigMap' && o.metadata.labels['contextcore.io/artifact'] === 'dashboard');
const dashboardTask = (out: ReturnType<typeof run>) => out.plans[0]!.stories.flatMap((s) => s.tasks).find((t) => t.type === 'dashboard')!;

describe('dashboards step', () => {
  const out = run([projectContext({ requirements: { latencyP99: '300ms' }, design: { doc: 'https://d.example.com' } }), deployment(), service()]);
  const cm = dashboardCm(out)!;
  const [db] = dashboardsOf(out);

  it('a ConfigMap per context carries the dashboard for the Grafana sidecar', () => {
    assert.equal(cm.metadata.name, 'checkout-dashboard');
    assert.equal(cm.metadata.labels.grafana_dashboard, '1');
    assert.equal(cm.metadata.annotations.grafana_folder, 'ContextCore');
    assert.deepEqual(Object.keys(cm.data), ['cc-shop-checkout.json']);
  });

  it('the uid is deterministic and at most 40 characters', () => {
    assert.equal(db!.uid, 'cc-shop-checkout');
    assert.equal(dashboardsOf(run([projectContext({ requirements: { latencyP99: '300ms' }, design: { doc: 'https://d.example.com' } }), deployment(), service()]))[0]!.uid, db!.uid);
    const long = dashboardsOf(run([projectContext({}, { name: 'a'.repeat(60), namespace: 'n'.repeat(30) }), deployment({ namespace: 'n'.repeat(30) }), service({ namespace: 'n'.repeat(30) })]))[0]!;
    assert.ok(long.uid.length <= 40, long.uid);
  });

  it('two contexts whose namespace and name flatten to the same text get their own dashboard, and their alerts link to it', () => {
    const ctx = (namespace: string, name: string) => [
      projectContext({ targets: [{ kind: 'Deployment', name }] }, { name, namespace }),
      deployment({ name, namespace, labels: { app: name } }),
      service({ name: `${name}-api`, namespace, labels: { app: name }, selector: { app: name } }),
    ];
    const o = run([config({ grafana: { baseUrl: 'https://grafana.example.com' } }), ...ctx('team-a', 'billing'), ...ctx('team', 'a-billing')]);
    const byContext = new Map(dashboardsOf(o).map((d) => [/ProjectContext (\S+)\./.exec(d.description)![1], d.uid as string]));
    assert.equal(byContext.size, 2);
    assert.notEqual(byContext.get('team-a/billing'), byContext.get('team/a-billing'));
    for (const rule of o.resources.filter((r) => r.kind === 'PrometheusRule') as Obj[]) {
      const uid = byContext.get(`${rule.metadata.namespace}/${rule.metadata.name.replace(/-api-slo$/, '')}`);
      const alerts = rule.spec.groups.flatMap((g: Obj) => g.rules).filter((r: Obj) => r.alert);
      assert.ok(alerts.length > 0);
      for (const a of alerts) assert.equal(a.annotations.dashboard_url, `https://grafana.example.com/d/${uid}`);
    }
  });

  it('the dashboard is tagged contextcore once, then criticality, value, team and project', () => {
    assert.deepEqual(db!.tags, ['contextcore', 'criticality:high', 'value:revenue-primary', 'team:shop-team', 'project:shop-platform']);
  });

  it('the dashboard label and folder annotation follow the config', () => {
    const o = run([config({ grafana: { dashboardLabel: { dash: 'yes' }, folderAnnotation: 'k8s-sidecar-target-directory' } }), projectContext({ observability: { dashboardPlacement: 'archived' } }), deployment(), service()]);
    const c = dashboardCm(o)!;
    assert.equal(c.metadata.labels.dash, 'yes');
    assert.equal(c.metadata.labels.grafana_dashboard, undefined);
    assert.equal(c.metadata.annotations['k8s-sidecar-target-directory'], 'ContextCore/Archived');
  });

  it('every Service measuring the workload gets its own section, in namespace/job order', () => {
    const o = run([projectContext(), deployment(), service({ name: 'checkout-web' }), service({ name: 'checkout-api' })]);
    const rows = dashboardsOf(o)[0]!.panels.filter((p: Obj) => p.type === 'row').map((p: Obj) => p.title.split(' · ')[0]);
    assert.deepEqual(rows, ['checkout-api (shop)', 'checkout-web (shop)', 'Context and plan']);
    assert.equal(dashboardTask(o).parameters.services, 'checkout-api,checkout-web');
  });

  it('the task records the uid, folder and services, and depends on the rules it plots', () => {
    const t = dashboardTask(out);
    assert.equal(t.status, 'generated');
    assert.deepEqual(t.parameters, { uid: 'cc-shop-checkout', folder: 'ContextCore', services: 'checkout-api' });
    assert.deepEqual(t.dependsOn, ['prometheus_rule:service/shop/checkout-api']);
  });

  it('a service whose SLO rules are the user\'s own gets no section: its records do not exist', () => {
    const userRule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'mine', namespace: 'shop' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'Mine', expr: 'rate(http_server_request_duration_seconds_count{job="checkout-api"}[5m]) > 1' }] }] },
    };
    const o = run([projectContext(), deployment(), service(), userRule]);
    assert.equal(dashboardCm(o), undefined);
    const t = dashboardTask(o);
    assert.equal(t.status, 'skipped');
    assert.match(t.reason!, /user's own/);
  });

  it('a context nothing scrapes gets no dashboard, and the plan says why', () => {
    // Two ports, neither named for metrics: nothing to scrape (rendered anyway under onUnmetRequirement: warn).
    const o = run([config({ onUnmetRequirement: 'warn' }), projectContext(), deployment(), service({ ports: [{ name: 'http', port: 80 }, { name: 'grpc', port: 81 }] })]);
    assert.equal(dashboardCm(o), undefined);
    assert.match(dashboardTask(o).reason!, /no service of the context has SLO rules/);
  });

  it('the latency panel marks the target and the context panel links the design doc', () => {
    const latency = panelsOf(db!).find((p) => p.title === 'Latency p50 / p90 / p99')!;
    assert.ok(latency.fieldConfig.defaults.thresholds.steps.some((s: Obj) => s.value === 0.3));
    const context = panelsOf(db!).find((p) => p.title === 'Context')!;
    assert.match(context.options.content, /\*\*Owner\*\* shop-team/);
    assert.match(context.options.content, /\[Design doc\]\(https:\/\/d\.example\.com\)/);
  });

  it('a latency target between buckets shows its SLO at the bound that measures it, beside availability', () => {
    const titles = panelsOf(db!).map((p) => p.title);
    const availability = ['SLO attainment (30d)', 'Objective', 'Error budget remaining', 'Burn rate (5m)'];
    const latency = ['Within 500ms (30d)', 'Latency objective', 'Latency error budget remaining', 'Latency burn rate (5m)'];
    for (const t of [...availability, ...latency, 'Latency SLO attainment vs objective', 'Latency error budget remaining (30d)', 'Latency burn rate by window']) assert.ok(titles.includes(t), t);
    assert.equal(titles.indexOf(latency[0]!), titles.indexOf('Burn rate by window') + 1, 'the latency SLO comes right after the availability SLO');
    const quantiles = panelsOf(db!).find((p) => p.title === 'Latency p50 / p90 / p99')!;
    assert.deepEqual(quantiles.fieldConfig.defaults.thresholds.steps.slice(1), [{ color: 'red', value: 0.3 }, { color: 'orange', value: 0.5 }]);
    assert.match(quantiles.description, /300ms P99 target and 500ms, the bucket bound/);
    assert.match(panelsOf(db!).find((p) => p.title === 'Context')!.options.content, /P99 latency ≤ 300ms \(measured at the 500ms bucket bound\)/);
    const within = panelsOf(db!).find((p) => p.title === 'Within 500ms (30d)')!;
    assert.equal(within.targets[0].expr, '1 - contextcore:sli_error:ratio_rate30d{contextcore_context="shop/checkout", contextcore_slo="latency", namespace="shop", job="checkout-api"}');
  });

  it('a context without a latency target has no latency SLO panels', () => {
    const [plain] = dashboardsOf(run([projectContext(), deployment(), service()]));
    assert.deepEqual(panelsOf(plain!).filter((p) => /^(Latency |Within )/.test(p.title) && p.title !== 'Latency p50 / p90 / p99').map((p) => p.title), []);
  });

  it('only http and https URLs, in any case, are links', () => {
    const cases: Array<[string | undefined, boolean]> = [
      ['https://docs.example.com/adr/7', true],
      ['HTTP://docs.example.com', true],
      ['ADR-7', false],
      ['ftp://docs.example.com', false],
      ['//docs.example.com', false],
      [undefined, false],
    ];
    for (const [value, link] of cases) assert.equal(isHttpUrl(value), link, String(value));
  });

  it('odd characters in the context stay in their place in the context panel: a backtick in an ADR, parentheses in a URL, a line break in a risk', () => {
    const spec = { design: { adr: 'ADR-`7`', doc: 'https://d.example.com/a_(b)' }, risks: [{ type: 'security', description: 'first\n\n# not a heading', priority: 'P2' }] };
    const md = panelsOf(dashboardsOf(run([projectContext(spec), deployment(), service()]))[0]!).find((p) => p.title === 'Context')!.options.content as string;
    assert.ok(md.includes('ADR: `` ADR-`7` ``'), md);
    assert.ok(md.includes('[Design doc](https://d.example.com/a_%28b%29)'), md);
    assert.ok(md.includes('\n- security (P2): first # not a heading\n'), md);
  });

  for (const [adr, link] of [['https://docs.example.com/adr/7', true], ['ADR-7', false]] as const) {
    it(`an ADR ${link ? 'URL is' : 'identifier is not'} a link in the context panel and the dashboard header, and ${link ? 'is' : 'is not'} the runbook when none is set`, () => {
      const withRunbook = dashboardsOf(run([projectContext({ design: { adr }, observability: { runbook: 'https://runbooks.example.com/x' } }), deployment(), service()]))[0]!;
      assert.equal(withRunbook.links.some((l: Obj) => l.title === 'ADR' && l.url === adr), link);
      const md = panelsOf(withRunbook).find((p) => p.title === 'Context')!.options.content as string;
      assert.ok(md.includes(link ? `[ADR](${adr})` : `ADR: \`${adr}\``), md);
      const noRunbook = dashboardsOf(run([projectContext({ design: { adr } }), deployment(), service()]))[0]!;
      assert.equal(noRunbook.links.some((l: Obj) => l.title === 'Runbook' && l.url === adr), link);
    });
  }
});
