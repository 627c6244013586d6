// The generated rules in a real Prometheus 3 server (the pinned build of scripts/go-tools.mjs):
// it loads a context's PrometheusRule as prometheus-operator writes it, scrapes a target of ours
// on loopback (a classic histogram and its counters in the text format, as a Go client writes
// them, `le="1"`), evaluates the rules every second, and answers for the records and alerts over
// its HTTP API. Each scrape advances the target by one step of the same traffic, so every ratio
// is exact from the second scrape on, however the scrapes are timed: the test polls until the
// records are there (a generous hang limit, no timed assertion), then checks their values.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { KNOWN_BUCKET_BOUNDARIES } from '../functions/core/tables/latency-slo.js';
import { deployment, expandOk, generatedOf, projectContext, service } from './fixtures.js';
import { goTool } from './support/go-tools.js';
import { getJson, pollUntil, startServer, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>;

const prometheus = goTool('prometheus', 'prometheus');

/** What one scrape adds: requests by status code and latency in seconds. */
const STEP = [
  { code: '200', latency: 0.05, count: 75 },
  { code: '200', latency: 2, count: 20 },
  { code: '500', latency: 0.05, count: 5 },
];
const HISTOGRAM = 'http_server_request_duration_seconds';

/** The exposition after `n` scrapes, bounds spelled as Go's strconv writes them ("1", "0.25"). */
function exposition(n: number): string {
  const lines = [`# HELP ${HISTOGRAM} Duration of HTTP server requests.`, `# TYPE ${HISTOGRAM} histogram`];
  for (const code of [...new Set(STEP.map((s) => s.code))]) {
    const mine = STEP.filter((s) => s.code === code);
    const upTo = (bound: number) => n * mine.filter((s) => s.latency <= bound).reduce((sum, s) => sum + s.count, 0);
    const labels = `http_response_status_code="${code}"`;
    for (const bound of KNOWN_BUCKET_BOUNDARIES.otel) lines.push(`${HISTOGRAM}_bucket{${labels},le="${bound}"} ${upTo(bound)}`);
    lines.push(`${HISTOGRAM}_bucket{${labels},le="+Inf"} ${upTo(Infinity)}`);
    lines.push(`${HISTOGRAM}_sum{${labels}} ${n * mine.reduce((sum, s) => sum + s.count * s.latency, 0)}`);
    lines.push(`${HISTOGRAM}_count{${labels}} ${upTo(Infinity)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('the generated rules in a real Prometheus 3 server', { skip: prometheus.skip }, () => {
  // A high-criticality service: 99.9% availability (budget 0.1%), P99 within 1s (budget 1% slow).
  const [rule] = generatedOf(expandOk([projectContext({ requirements: { availability: '99.9', latencyP99: '1s' } }), deployment(), service()]), 'PrometheusRule');
  const dir = mkdtempSync(join(tmpdir(), 'cc-prometheus-server-'));
  let target: Server;
  let server: ServerProcess | undefined;
  let scrapes = 0;
  const api = (path: string) => `http://127.0.0.1:${server!.ports[0]}/api/v1/${path}`;
  const query = async (expr: string): Promise<Obj[]> => {
    const body = await getJson(api(`query?query=${encodeURIComponent(expr)}`));
    assert.equal(body?.status, 'success', `${expr}: ${JSON.stringify(body)}`);
    return body.data.result;
  };
  /** The records of one SLO by name, polled until every name has its series. */
  const recordsOf = (slo: string, names: string[]) =>
    pollUntil(`records of the ${slo} SLO`, async () => {
      const rows = await query(`{__name__=~"${names.join('|')}", contextcore_slo="${slo}"}`);
      const byName = new Map(rows.map((r) => [r.metric.__name__ as string, r]));
      return names.every((n) => byName.has(n)) ? byName : undefined;
    });

  before(async () => {
    target = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      scrapes++;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(exposition(scrapes));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    writeFileSync(join(dir, 'rules.yaml'), stringify(rule.spec));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        rule_files: ['rules.yaml'],
        // job and namespace as prometheus-operator labels a ServiceMonitor's target.
        scrape_configs: [{ job_name: 'checkout-api', static_configs: [{ targets: [`127.0.0.1:${(target.address() as AddressInfo).port}`], labels: { namespace: 'shop' } }] }],
      }),
    );
    server = await startServer({
      label: `prometheus ${prometheus.version}`,
      command: prometheus.path!,
      cwd: dir,
      ports: 1,
      args: ([port]) => ['--config.file=prometheus.yml', '--storage.tsdb.path=data', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      ready: async ([port]) => (await fetch(`http://127.0.0.1:${port}/-/ready`)).status === 200,
    });
  });

  after(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads every group of the PrometheusRule and evaluates every rule without an error', async () => {
    const groups = await pollUntil('every rule evaluated', async () => {
      const body = await getJson(api('rules'));
      const gs: Obj[] = body?.data?.groups ?? [];
      return gs.length && gs.every((g) => g.rules.every((r: Obj) => r.health !== 'unknown')) ? gs : undefined;
    });
    const rulesByGroup = (gs: Obj[]) => Object.fromEntries(gs.map((g) => [g.name, g.rules.map((r: Obj) => r.name)]));
    assert.deepEqual(rulesByGroup(groups), rulesByGroup(rule.spec.groups.map((g: Obj) => ({ name: g.name, rules: g.rules.map((r: Obj) => ({ name: r.record ?? r.alert })) }))));
    for (const g of groups) for (const r of g.rules) assert.equal(r.health, 'ok', `${g.name} ${r.name}: ${r.lastError} ${server!.output()}`);
  });

  it('stores the bucket bounds normalised (le="1.0"), and the latency SLI still selects the 1s bucket', async () => {
    await recordsOf('latency', ['contextcore:sli_error:ratio_rate5m']);
    const les = (await query(`count by (le) (${HISTOGRAM}_bucket)`)).map((r) => r.metric.le as string);
    assert.ok(les.includes('1.0') && les.includes('0.25') && les.includes('10.0'), les.join(' '));
    assert.ok(!les.includes('1'), les.join(' '));
  });

  it('records the availability SLO: 5% failed requests, 50 times the 0.1% budget, on every window', async () => {
    const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => `contextcore:sli_error:ratio_rate${w}`);
    const got = await recordsOf('availability', [...windows, 'contextcore:slo_objective:ratio', 'contextcore:slo_current_burn_rate:ratio', 'contextcore:slo_error_budget_remaining:ratio']);
    for (const w of windows) assert.ok(Math.abs(Number(got.get(w)!.value[1]) - 0.05) < 1e-9, `${w} = ${got.get(w)!.value[1]}`);
    assert.equal(Number(got.get('contextcore:slo_objective:ratio')!.value[1]), 0.999);
    assert.ok(Math.abs(Number(got.get('contextcore:slo_current_burn_rate:ratio')!.value[1]) - 50) < 1e-6);
    assert.deepEqual(got.get('contextcore:sli_error:ratio_rate5m')!.metric, { __name__: 'contextcore:sli_error:ratio_rate5m', contextcore_context: 'shop/checkout', contextcore_slo: 'availability', job: 'checkout-api', namespace: 'shop' });
  });

  it('records the latency SLO: 20% of requests slower than 1s, 20 times the 1% budget, and the P99', async () => {
    const got = await recordsOf('latency', ['contextcore:sli_error:ratio_rate5m', 'contextcore:sli_error:ratio_rate3d', 'contextcore:slo_current_burn_rate:ratio', 'contextcore:slo_latency_threshold:seconds', 'contextcore:sli_latency_seconds:p99_rate5m']);
    assert.ok(Math.abs(Number(got.get('contextcore:sli_error:ratio_rate5m')!.value[1]) - 0.2) < 1e-9);
    assert.ok(Math.abs(Number(got.get('contextcore:sli_error:ratio_rate3d')!.value[1]) - 0.2) < 1e-9);
    assert.ok(Math.abs(Number(got.get('contextcore:slo_current_burn_rate:ratio')!.value[1]) - 20) < 1e-6);
    assert.equal(Number(got.get('contextcore:slo_latency_threshold:seconds')!.value[1]), 1);
    // 80 of 100 requests within 50ms, 20 in (1s, 2.5s]: the 99th is 19/20 into that bucket.
    assert.ok(Math.abs(Number(got.get('contextcore:sli_latency_seconds:p99_rate5m')!.value[1]) - 2.425) < 1e-9);
  });

  it('fires every burn tier of both SLOs (50 and 20 times the budget), with their labels and rendered annotations, and nothing else', async () => {
    const alerts = await pollUntil('eight burn alerts firing', async () => {
      const body = await getJson(api('alerts'));
      const firing = (body?.data?.alerts ?? []).filter((a: Obj) => a.labels.alertname === 'ContextCoreErrorBudgetBurn' && a.state === 'firing');
      return firing.length === 8 ? (firing as Obj[]) : undefined;
    });
    const key = (a: Obj) => `${a.labels.contextcore_slo}/${a.labels.contextcore_burn_tier}/${a.labels.contextcore_alert_class}/${a.labels.severity}/${a.labels.priority}`;
    const tiers = (slo: string) => [`${slo}/1/page/critical/P2`, `${slo}/2/page/critical/P2`, `${slo}/3/ticket/warning/P2`, `${slo}/4/ticket/warning/P2`];
    assert.deepEqual(alerts.map(key).sort(), [...tiers('availability'), ...tiers('latency')]);
    const latencyPage = alerts.find((a) => key(a) === 'latency/1/page/critical/P2')!;
    assert.equal(latencyPage.annotations.summary, 'checkout-api in shop is burning its latency (99% within 1s) error budget too fast (page, 1h/5m)');
    assert.match(latencyPage.annotations.description, /^Share of requests slower than 1s 20% is above 14\.4x the 1% error budget of the 99% latency objective \(P99 within 1s\) over 30d, over 1h and over 5m\./);
    // Not even pending: the bucket-missing ticket (for: 30m) would be, had the 1s bucket not been found.
    const others = (await getJson(api('alerts')))!.data.alerts.filter((a: Obj) => a.labels.alertname !== 'ContextCoreErrorBudgetBurn');
    assert.deepEqual(others, []);
  });
});
