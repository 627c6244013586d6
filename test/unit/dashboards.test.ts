import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parser as traceql } from '@grafana/lezer-traceql';
import { promqlErrors } from '../../functions/core/promql.js';
import { config, deployment, projectContext, service, expandOk } from '../fixtures.js';

type Obj = Record<string, any>;
const run = expandOk;
const dashboardCm = (out: ReturnType<typeof run>) => out.generated.map((g) => out.resources[g.index] as Obj).find((o) => o.kind === 'ConfigMap' && o.metadata.labels['contextcore.io/artifact'] === 'dashboard');
const dashboardOf = (cm: Obj) => JSON.parse(Object.values(cm.data)[0] as string);

describe('dashboards', () => {
  const out = run([projectContext({ requirements: { latencyP99: '300ms' }, design: { doc: 'https://d.example.com' } }), deployment(), service()]);
  const cm = dashboardCm(out)!;
  const db = dashboardOf(cm);

  it('a ConfigMap per context carries the dashboard for the Grafana sidecar', () => {
    assert.equal(cm.metadata.name, 'checkout-dashboard');
    assert.equal(cm.metadata.labels.grafana_dashboard, '1');
    assert.equal(cm.metadata.annotations.grafana_folder, 'ContextCore');
    assert.deepEqual(Object.keys(cm.data), ['cc-shop-checkout.json']);
  });

  it('the uid is deterministic and at most 40 characters', () => {
    assert.equal(db.uid, 'cc-shop-checkout');
    assert.ok(db.uid.length <= 40);
  });

  it('datasources are template variables, never fixed uids', () => {
    const vars = db.templating.list.map((v: Obj) => `${v.name}:${v.type}:${v.query}`);
    assert.ok(vars.includes('datasource:datasource:prometheus'));
    assert.ok(vars.includes('tempo:datasource:tempo'));
    const uids = JSON.stringify(db.panels).match(/"uid":"[^"]*"/g) ?? [];
    for (const u of uids) assert.match(u, /"uid":"\$\{(datasource|tempo)\}"/);
  });

  it('it has SLO, error budget, burn rate, traffic, errors, latency with target and context panels', () => {
    const titles = db.panels.map((p: Obj) => p.title);
    for (const t of ['SLO attainment (30d)', 'Error budget remaining (30d)', 'Burn rate by window', 'Request rate', 'Error ratio', 'Latency p50 / p90 / p99', 'Context', 'Plan traces (PostSync verification)']) {
      assert.ok(titles.includes(t), t);
    }
    const latency = db.panels.find((p: Obj) => p.title === 'Latency p50 / p90 / p99');
    assert.ok(latency.fieldConfig.defaults.thresholds.steps.some((s: Obj) => s.value === 0.3), 'latency target as threshold line');
    const context = db.panels.find((p: Obj) => p.title === 'Context');
    assert.match(context.options.content, /\*\*Owner\*\* shop-team/);
    assert.match(context.options.content, /\[Design doc\]\(https:\/\/d\.example\.com\)/);
  });

  it('every PromQL query parses and every TraceQL query parses', () => {
    for (const p of db.panels) {
      for (const t of p.targets ?? []) {
        if (t.queryType === 'traceql') {
          let bad = false;
          traceql.parse(t.query).iterate({ enter: (n) => void (n.type.isError && (bad = true)) });
          assert.equal(bad, false, t.query);
        } else assert.deepEqual(promqlErrors(t.expr.replaceAll('$service', 'x')), [], t.expr);
      }
    }
  });

  it('panel ids are unique and panels do not overlap', () => {
    const ids = db.panels.map((p: Obj) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    const cells = new Set<string>();
    for (const p of db.panels) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          assert.ok(!cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
      }
      assert.ok(p.gridPos.x + p.gridPos.w <= 24);
    }
  });

  it('the dashboard label and folder annotation follow the config', () => {
    const o = run([config({ grafana: { dashboardLabel: { dash: 'yes' }, folderAnnotation: 'k8s-sidecar-target-directory' } }), projectContext({ observability: { dashboardPlacement: 'archived' } }), deployment(), service()]);
    const c = dashboardCm(o)!;
    assert.equal(c.metadata.labels.dash, 'yes');
    assert.equal(c.metadata.labels.grafana_dashboard, undefined);
    assert.equal(c.metadata.annotations['k8s-sidecar-target-directory'], 'ContextCore/Archived');
  });
});
