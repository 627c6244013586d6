// The dashboards as Grafana sees them: the JSON against Grafana's dashboard schema for the version
// we write (the foundation SDK's generated types, checked by the TypeScript compiler on the JSON
// itself), uids, panel ids and layout, datasources as variables, links between the dashboards,
// and the panels each measured service gets.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultDashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import ts from 'typescript';
import { DASHBOARD_TAG, DASHBOARD_UID_PLAN, DASHBOARD_UID_PORTFOLIO, DASHBOARD_VAR, RECORD } from '../../../../../functions/core/conventions/index.js';
import { CURRENT_BURN_RATE_WINDOW, DEFAULT_SLO_PERIOD } from '../../../../../functions/core/tables/burn-rate-windows.js';
import { sloWindows } from '../../../../../functions/core/slo/windows.js';

/** The dashboard cases' contexts have the default period. */
const BURN_RATE_WINDOWS = sloWindows(DEFAULT_SLO_PERIOD).tiers;
import { DASHBOARD_SCHEMA_VERSION } from '../../../../../functions/core/dashboards/schema.js';
import { SHIPPED_DASHBOARDS } from '../../../../../functions/core/dashboards/shipped.js';
import { dashboardCases, renderDashboardCases } from '../../../../dashboard-cases.js';
import { dashboardsOf, panelsOf, queriesOf, variablesIn } from '../../../../dashboard-queries.js';
import { deployment, expandOk, projectContext, service } from '../../../../fixtures.js';
import { ROOT } from '../../../../helpers.js';

type Obj = Record<string, any>;

const shipped = SHIPPED_DASHBOARDS.map((s) => ({ name: `dashboards/${s.file}`, dashboard: JSON.parse(readFileSync(join(ROOT, 'dashboards', s.file), 'utf8')) as Obj }));
const all = (): Array<{ name: string; dashboard: Obj }> => [...dashboardCases().map((c) => ({ name: c.name, dashboard: c.dashboard })), ...shipped];

/**
 * TypeScript diagnostics of `const d<n>: Dashboard = <json>` for each dashboard, where Dashboard
 * is the SDK's generated type (schema.ts): unknown fields, wrong types and enum values are errors.
 * One program for all dashboards; each diagnostic is attributed to the dashboard it is in.
 */
function schemaErrors(dashboards: readonly Obj[]): string[][] {
  const file = join(ROOT, 'test', '__dashboard_schema_check__.ts');
  const header = "import type { Dashboard } from '../functions/core/dashboards/schema.js';\n";
  const starts: number[] = [];
  let source = header;
  for (const [n, d] of dashboards.entries()) {
    starts.push(source.length);
    source += `export const d${n}: Dashboard = ${JSON.stringify(d, null, 1)};\n`;
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f === file || fileExists.call(host, f);
  host.readFile = (f) => (f === file ? source : readFile.call(host, f));
  host.getSourceFile = (f, v, ...rest) => (f === file ? ts.createSourceFile(f, source, v) : getSourceFile.call(host, f, v, ...rest));
  const out: string[][] = dashboards.map(() => []);
  for (const d of ts.getPreEmitDiagnostics(ts.createProgram([file], options, host))) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const index = d.file?.fileName === file && d.start !== undefined ? starts.findLastIndex((s) => s <= d.start!) : -1;
    if (index < 0) throw new Error(`schema check: ${message}`);
    out[index]!.push(message);
  }
  return out;
}

const GRAFANA_BUILTINS = new Set(['__data', '__url_time_range', '__all', '__interval', '__rate_interval', '__range']);
const UID = /^[a-zA-Z0-9_-]{1,40}$/;

describe('dashboard model', () => {
  describe('schema', () => {
    const base = () => JSON.parse(JSON.stringify(dashboardCases()[0]!.dashboard)) as Obj;
    const statOf = (d: Obj) => d.panels.find((p: Obj) => p.type === 'stat');
    const broken: Array<[string, (d: Obj) => void, RegExp]> = [
      ['a field the schema does not know', (d) => (d.refreshInterval = '1m'), /refreshInterval/],
      ['a stat colour mode Grafana does not have', (d) => (statOf(d).options.colorMode = 'neon'), /neon/],
      ['a panel without its type-specific options', (d) => delete statOf(d).options.reduceOptions, /reduceOptions/],
      ['a shared tooltip mode out of range', (d) => (d.graphTooltip = 7), /DashboardCursorSync/],
      ['a Prometheus query without its expression', (d) => delete statOf(d).targets[0].expr, /expr/],
    ];
    const dashboards = all();
    let checked: string[][] | undefined;
    const errors = () =>
      (checked ??= schemaErrors([
        ...dashboards.map((d) => d.dashboard),
        ...broken.map(([, breakIt]) => {
          const d = base();
          breakIt(d);
          return d;
        }),
      ]));

    it(`every dashboard matches Grafana's dashboard schema (schemaVersion ${DASHBOARD_SCHEMA_VERSION}, foundation SDK types)`, () => {
      dashboards.forEach((d, n) => {
        assert.deepEqual(errors()[n], [], d.name);
        assert.equal(d.dashboard.schemaVersion, DASHBOARD_SCHEMA_VERSION, d.name);
      });
    });

    it('the schema version is the one of the pinned SDK line', () => {
      assert.equal(defaultDashboard().schemaVersion, DASHBOARD_SCHEMA_VERSION);
    });

    broken.forEach(([name, , message], n) => {
      it(`the schema check rejects ${name}`, () => assert.match(errors()[dashboards.length + n]!.join('\n'), message));
    });
  });

  describe('uids and panel ids', () => {
    it('uids are valid Grafana uids and unique across contexts and the shipped dashboards', () => {
      const uids = all().map((d) => d.dashboard.uid as string);
      for (const uid of uids) assert.match(uid, UID);
      assert.equal(new Set(uids).size, uids.length);
      assert.deepEqual(shipped.map((s) => s.dashboard.uid), [DASHBOARD_UID_PORTFOLIO, DASHBOARD_UID_PLAN]);
    });

    it('every dashboard is tagged contextcore exactly once and carries no tag twice', () => {
      for (const { name, dashboard } of all()) {
        assert.deepEqual(dashboard.tags.filter((t: string) => t === DASHBOARD_TAG), [DASHBOARD_TAG], name);
        assert.equal(new Set(dashboard.tags).size, dashboard.tags.length, name);
      }
    });

    it('a second render, without the cache, gives the same dashboard JSON', () => {
      const again = renderDashboardCases();
      assert.notEqual(again[0], dashboardCases()[0], 'a fresh render, not the cached one');
      assert.deepEqual(
        again.map((c) => JSON.stringify(c.dashboard)),
        dashboardCases().map((c) => JSON.stringify(c.dashboard)),
      );
    });

    for (const { name, dashboard } of all()) {
      it(`${name}: panel ids are unique, panels stay within 24 columns and do not overlap`, () => {
        const panels = panelsOf(dashboard);
        const ids = panels.map((p) => p.id);
        assert.equal(new Set(ids).size, ids.length);
        const cells = new Set<string>();
        for (const p of panels) {
          const g = p.gridPos;
          assert.ok(g.x >= 0 && g.w > 0 && g.h > 0 && g.x + g.w <= 24, `${p.title} at ${JSON.stringify(g)}`);
          for (let x = g.x; x < g.x + g.w; x++) {
            for (let y = g.y; y < g.y + g.h; y++) {
              assert.ok(!cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`);
              cells.add(`${x},${y}`);
            }
          }
        }
      });
    }
  });

  describe('datasources and variables', () => {
    for (const { name, dashboard } of all()) {
      it(`${name}: datasources are template variables and every variable used is defined`, () => {
        const defined = new Set<string>(dashboard.templating.list.map((v: Obj) => v.name));
        const refs = panelsOf(dashboard).flatMap((p) => [p.datasource, ...(p.targets ?? []).map((t: Obj) => t.datasource)]).filter(Boolean);
        for (const ds of refs) assert.match(ds.uid, /^\$\{[a-z_]+\}$/, JSON.stringify(ds));
        for (const ds of [...refs, ...dashboard.templating.list.map((v: Obj) => v.datasource).filter(Boolean)]) {
          assert.ok(defined.has(variablesIn(ds.uid)[0]!), ds.uid);
          assert.equal(dashboard.templating.list.find((v: Obj) => v.name === variablesIn(ds.uid)[0])?.query, ds.type, `${ds.uid} picks ${ds.type} datasources`);
        }
        const texts = [...queriesOf(dashboard).map((q) => q.text), ...JSON.stringify(dashboard.panels).match(/"url":"[^"]*"/g) ?? []];
        for (const v of texts.flatMap(variablesIn)) assert.ok(defined.has(v) || GRAFANA_BUILTINS.has(v), `$${v} is not a variable of the dashboard`);
      });
    }
  });

  describe('links', () => {
    const planVars = new Set(shipped.find((s) => s.dashboard.uid === DASHBOARD_UID_PLAN)!.dashboard.templating.list.map((v: Obj) => v.name));
    for (const c of dashboardCases()) {
      it(`${c.name}: the dashboard links to the portfolio and to the plan narrowed to the context`, () => {
        const urls = c.dashboard.links.map((l: Obj) => l.url as string);
        assert.ok(urls.includes(`/d/${DASHBOARD_UID_PORTFOLIO}`));
        const plan = urls.find((u: string) => u.startsWith(`/d/${DASHBOARD_UID_PLAN}?`));
        assert.ok(plan, urls.join(' '));
        const params = new URL(plan, 'http://grafana').searchParams;
        const [ns, name] = c.dashboard.description.match(/ProjectContext ([^/ ]+)\/([^ .]+)/).slice(1);
        assert.deepEqual([...params.keys()], [`var-${DASHBOARD_VAR.namespace}`, `var-${DASHBOARD_VAR.context}`]);
        for (const k of params.keys()) assert.ok(planVars.has(k.slice(4)), `the plan dashboard has the variable ${k}`);
        for (const [k, v] of [[DASHBOARD_VAR.namespace, ns], [DASHBOARD_VAR.context, name]]) assert.ok(new RegExp(`^(${params.get(`var-${k}`)})$`).test(v!), `${k} matches ${v}`);
      });
    }

    it('the shipped dashboards link to each other', () => {
      const [portfolio, plan] = shipped.map((s) => s.dashboard.links.map((l: Obj) => l.url));
      assert.ok(portfolio.includes(`/d/${DASHBOARD_UID_PLAN}`));
      assert.ok(plan.includes(`/d/${DASHBOARD_UID_PORTFOLIO}`));
    });
  });

  describe('panels', () => {
    const sectionsOf = (d: Obj) => {
      const sections: Array<{ title: string; panels: Obj[] }> = [];
      for (const p of d.panels) {
        if (p.type === 'row') sections.push({ title: p.title, panels: [] });
        else sections.at(-1)!.panels.push(p);
      }
      return sections;
    };
    for (const c of dashboardCases()) {
      it(`${c.name}: each measured service has SLO, budget, burn, traffic, error${c.latency ? ' and latency' : ''}${c.latencySlo ? ' and latency SLO' : ''} panels`, () => {
        const sections = sectionsOf(c.dashboard);
        const services = sections.slice(0, -1);
        assert.deepEqual(services.map((s) => s.title.split(' · ')[0]), c.services.map((s) => `${s.split('/')[1]} (${s.split('/')[0]})`));
        for (const s of services) {
          const titles = s.panels.map((p) => p.title);
          for (const t of ['SLO attainment (30d)', 'SLO attainment vs objective', 'Error budget remaining', 'Error budget remaining (30d)', `Burn rate (${CURRENT_BURN_RATE_WINDOW})`, 'Burn rate by window', 'Request rate', 'Requests per second', 'Error ratio']) assert.ok(titles.includes(t), `${s.title}: ${t}`);
          assert.equal(titles.includes('Latency p50 / p90 / p99'), c.latency);
          assert.equal(titles.includes('P99 latency'), c.latency);
          for (const t of ['Latency objective', 'Latency error budget remaining', 'Latency burn rate (5m)', 'Latency SLO attainment vs objective', 'Latency burn rate by window']) assert.equal(titles.includes(t), c.latencySlo, `${s.title}: ${t}`);
          const queries = s.panels.flatMap((p) => (p.targets ?? []).map((t: Obj) => t.expr)).join('\n');
          assert.ok(!c.services.filter((x) => !s.title.startsWith(`${x.split('/')[1]} (${x.split('/')[0]})`)).some((x) => queries.includes(`job="${x.split('/')[1]}"`)), 'a section queries only its own service');
        }
        assert.deepEqual(sections.at(-1)!.panels.map((p) => p.title), ['Context', 'Plan traces (PostSync verification)', 'Missing or unverifiable artifacts']);
      });
    }

    /** The generated rule recording `record` for one service, from the render of a case. */
    const ruleOf = (c: (typeof cases)[number], service: string, record: string): Obj => {
      const [namespace, job] = service.split('/');
      const rules = c.out.resources.filter((o: Obj) => o.kind === 'PrometheusRule' && o.metadata.namespace === namespace).flatMap((o: Obj) => o.spec.groups.flatMap((g: Obj) => g.rules));
      const rule = rules.find((r: Obj) => r.record === record && r.labels?.job === job);
      assert.ok(rule, `${service}: ${record}`);
      return rule;
    };
    const cases = dashboardCases();

    for (const c of cases) {
      it(`${c.name}: the request and error rate panels plot the two sides of the error ratio the rules record, over the panel's window`, () => {
        for (const [n, section] of sectionsOf(c.dashboard).slice(0, -1).entries()) {
          const panel = section.panels.find((p) => p.title === 'Request rate')!;
          const [requests, errors] = panel.targets.map((t: Obj) => t.expr);
          const window = /over (\d+[smhd])\b/.exec(panel.description)![1]!;
          const rule = ruleOf(c, c.services[n]!, RECORD.errorRatio(CURRENT_BURN_RATE_WINDOW)).expr as string;
          assert.equal(rule.replaceAll(`[${CURRENT_BURN_RATE_WINDOW}]`, `[${window}]`), `(${errors} or vector(0))\n/\n${requests}`);
        }
      });

      it(`${c.name}: every rate panel says the window its queries use`, () => {
        const ratePanels = panelsOf(c.dashboard).filter((p) => ['Requests per second', 'Request rate', 'P99 latency'].includes(p.title));
        assert.ok(ratePanels.length >= 2);
        for (const p of ratePanels) {
          const said = /over (\d+[smhd])\b/.exec(p.description)?.[1];
          // A range `[5m]` in a raw query, or the window a record is named after (`…:p99_rate5m`).
          const used = new Set(p.targets.flatMap((t: Obj) => [...(t.expr as string).matchAll(/\[(\d+[smhd])\]|^contextcore:\w+:\w*rate(\d+[smhd])\{/g)].map((m) => m[1] ?? m[2])));
          assert.deepEqual([...used], [said], `${p.title}: "${p.description}"`);
        }
      });
    }

    it('burn rates are red from the lowest page burn rate and the burn-rate panel draws a line at every alerting one', () => {
      const page = Math.min(...BURN_RATE_WINDOWS.filter((w) => w.alertClass === 'page').map((w) => w.burnRate));
      const alerting = [...new Set(BURN_RATE_WINDOWS.map((w) => w.burnRate))].sort((a, b) => a - b);
      const redFrom = (t: Obj) => t.steps.find((s: Obj) => s.color === 'red').value;
      const d = dashboardCases()[0]!.dashboard;
      assert.equal(redFrom(panelsOf(d).find((p) => p.title === `Burn rate (${CURRENT_BURN_RATE_WINDOW})`)!.fieldConfig.defaults.thresholds), page);
      assert.deepEqual(panelsOf(d).find((p) => p.title === 'Burn rate by window')!.fieldConfig.defaults.thresholds.steps.slice(1).map((s: Obj) => s.value), alerting);
      const portfolio = shipped.find((s) => s.dashboard.uid === DASHBOARD_UID_PORTFOLIO)!.dashboard;
      const burnColumns = panelsOf(portfolio).flatMap((p) => p.fieldConfig?.overrides ?? []).filter((o: Obj) => /^Burn rate/.test(o.matcher.options));
      const withThresholds = burnColumns.flatMap((o: Obj) => o.properties.filter((x: Obj) => x.id === 'thresholds').map((x: Obj) => x.value));
      assert.equal(withThresholds.length, 2);
      for (const t of withThresholds) assert.equal(redFrom(t), page);
    });

    it("the burn-rate panel's description names a factor that is no short decimal to three places, its lines stay exact", () => {
      const out = expandOk([
        deployment(),
        service(),
        projectContext({ requirements: { availability: '99.9', period: '28d' }, targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Service', name: 'checkout-api' }] }),
      ]);
      const panel = panelsOf(dashboardsOf(out)[0]!).find((p) => p.title === 'Burn rate by window')!;
      assert.match(panel.description, /\(0\.933, 2\.8, 5\.6, 13\.44\)\.$/);
      assert.equal(panel.fieldConfig.defaults.thresholds.steps[1].value, 0.933333333333);
    });

    it('the error budget has the same colours in the context and the portfolio dashboards', () => {
      const context = panelsOf(dashboardCases()[0]!.dashboard).find((p) => p.title === 'Error budget remaining')!.fieldConfig.defaults.thresholds;
      const portfolio = shipped.find((s) => s.dashboard.uid === DASHBOARD_UID_PORTFOLIO)!.dashboard;
      const column = panelsOf(portfolio).flatMap((p) => p.fieldConfig?.overrides ?? []).find((o: Obj) => o.matcher.options === 'Budget remaining' && o.properties.some((x: Obj) => x.id === 'thresholds'));
      assert.deepEqual(column.properties.find((x: Obj) => x.id === 'thresholds').value, context);
      assert.deepEqual(panelsOf(portfolio).find((p) => p.title === 'Error budget remaining by context')!.fieldConfig.defaults.thresholds, context);
    });

    it("the portfolio table renames each query's value field, which Grafana names after the query's refId", () => {
      const portfolio = shipped.find((s) => s.dashboard.uid === DASHBOARD_UID_PORTFOLIO)!.dashboard;
      const t = panelsOf(portfolio).find((p) => p.type === 'table')!;
      const renamed = Object.keys(t.transformations.find((x: Obj) => x.id === 'organize').options.renameByName).filter((k) => k.startsWith('Value #'));
      assert.deepEqual(renamed, t.targets.map((q: Obj) => `Value #${q.refId}`));
    });

    it('the latency target is a threshold line on the latency panel and the P99 stat', () => {
      const d = dashboardCases()[0]!.dashboard;
      for (const title of ['Latency p50 / p90 / p99', 'P99 latency']) {
        const p = panelsOf(d).find((x) => x.title === title)!;
        assert.ok(p.fieldConfig.defaults.thresholds.steps.some((s: Obj) => s.value === 0.25 && s.color === 'red'), title);
      }
    });

    it('the context panel shows owner, criticality, value, links and risks; documents are header links', () => {
      const d = dashboardCases()[0]!.dashboard;
      const md = panelsOf(d).find((p) => p.title === 'Context')!.options.content as string;
      for (const re of [/\*\*Owner\*\* payments-team/, /\*\*Criticality\*\* critical/, /\*\*Value\*\* revenue-primary/, /\[Design doc\]\(https:\/\/docs\.example\.com\/payments\)/, /\[Runbook\]\(https:\/\/runbooks\.example\.com\/payments\)/, /ADR: `ADR-7`/, /security \(P1\): Card data — mitigation: tokenisation/]) {
        assert.match(md, re);
      }
      const external = d.links.filter((l: Obj) => l.targetBlank).map((l: Obj) => `${l.title} ${l.url}`);
      assert.deepEqual(external, ['Runbook https://runbooks.example.com/payments', 'Design doc https://docs.example.com/payments']);
    });
  });
});
