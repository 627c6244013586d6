// `contextcore gate` against real Prometheus servers (Debian's 2.42 and Prometheus 3) on
// loopback, loaded with the rules ContextCore generated and 30 days of history
// (../shared/prometheus-history.md): raw request counters imported, the 5m error ratios
// backfilled from them, and a scrape target of our own continuing the same counters, so that the
// budget records and burn alerts are evaluated live by Prometheus itself. Each service is a
// history: healthy, budget spent, a fast burn now, a slow burn (ticket only), a spent budget at
// medium criticality, and one with rules but no series yet. The gate runs as the CLI with the Job's arguments.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { PLAN_DATA_KEY, RECORD } from '../functions/core/conventions/index.js';
import { config, deployment, expandOk, generatedOf, projectContext, service } from './fixtures.js';
import { runCliAsync } from './helpers.js';
import { HANG_SLACK_MS } from './support/hook-limits.js';
import { startMetricsTarget, type CounterSeries, type MetricsTarget } from './support/metrics-target.js';
import { startBearerProxy, testCertificates } from './support/bearer-proxy.js';
import { decodeSpans, startOtlpReceiver } from './support/otlp-receiver.js';
import { backfillRules, importSeries, instantQuery, prometheusBuilds, startPrometheus, type PrometheusServer, type Series } from './support/prometheus-server.js';
import { freePorts, pollUntil } from './support/server-process.js';

type Obj = Record<string, any>;

const NS = 'shop';
const DAY = 86400;
/** History step: every 5m window holds two samples or more (rate needs two). */
const STEP = 120;
const RPS = 10;
/** The history ends (and the live counters go on) from here; it starts 30 days before. */
const T0 = Math.floor(Date.now() / 1000 / STEP) * STEP;
const START = T0 - 30 * DAY;
const BURN_FROM = T0 - 2 * 3600;
/**
 * The period's error ratio averages the 5m ratio's samples: backfilled ones every BACKFILL_EVAL,
 * live ones every LIVE_EVAL while the tests run. Each live sample of the burning services weighs
 * as much as a backfilled one, so the denser the live ones against the history, the more the
 * budget left depends on how long a loaded machine takes to reach a test (at 5m and 1s, 130 s
 * spent the fast burn's whole budget). At 1m and 5s, 10 minutes take about a seventh of it.
 */
const BACKFILL_EVAL = '1m';
const LIVE_EVAL = '5s';
/** The slow burn: 4× the budget for the last two days (the ticket tier's 3×, not a page tier's 6× or 14.4×). */
const SLOW_FROM = T0 - 2 * DAY;

/** A service's error ratio at time t, and the context around it. */
interface Service {
  job: string;
  criticality: string;
  availability: string;
  errorRatio(t: number): number;
  /** ∫ errorRatio from START to t, in seconds (for the counter). */
  errorSeconds(t: number): number;
  /** Share of requests slower than 250ms (a latency SLO), when the service has one. */
  slowRatio?: number;
  series: boolean;
}
const constant = (job: string, criticality: string, availability: string, ratio: number, extra: Partial<Service> = {}): Service => ({
  job,
  criticality,
  availability,
  errorRatio: () => ratio,
  errorSeconds: (t) => ratio * (t - START),
  series: true,
  ...extra,
});
const SERVICES: Service[] = [
  constant('healthy', 'critical', '99.9', 0.0001, { slowRatio: 0.001 }),
  constant('spent', 'critical', '99.9', 0.002),
  {
    job: 'burning',
    criticality: 'critical',
    availability: '99.9',
    errorRatio: (t) => (t < BURN_FROM ? 0.0001 : 0.05),
    errorSeconds: (t) => 0.0001 * (Math.min(t, BURN_FROM) - START) + 0.05 * Math.max(0, t - BURN_FROM),
    series: true,
  },
  {
    job: 'slow-burn',
    criticality: 'critical',
    availability: '99.9',
    errorRatio: (t) => (t < SLOW_FROM ? 0.0003 : 0.004),
    errorSeconds: (t) => 0.0003 * (Math.min(t, SLOW_FROM) - START) + 0.004 * Math.max(0, t - SLOW_FROM),
    series: true,
  },
  constant('spent-medium', 'medium', '99.5', 0.01),
  constant('fresh', 'critical', '99.9', 0, { series: false }),
];

/** The counters of a service as functions of time: requests by code, and its latency histogram. */
function counters(s: Service): CounterSeries[] {
  const labels = { namespace: NS, job: s.job };
  const out: CounterSeries[] = [
    { name: 'http_requests_total', labels: { ...labels, code: '500' }, value: (t) => Math.round(RPS * s.errorSeconds(t) * 1000) / 1000 },
    { name: 'http_requests_total', labels: { ...labels, code: '200' }, value: (t) => Math.round(RPS * (t - START - s.errorSeconds(t)) * 1000) / 1000 },
  ];
  if (s.slowRatio !== undefined) {
    const slow = s.slowRatio;
    out.push(
      { name: 'http_request_duration_seconds_count', labels, value: (t) => RPS * (t - START) },
      { name: 'http_request_duration_seconds_bucket', labels: { ...labels, le: '0.25' }, value: (t) => Math.round(RPS * (t - START) * (1 - slow) * 1000) / 1000 },
    );
  }
  return out;
}

const live = SERVICES.filter((s) => s.series).flatMap(counters);

function history(): Series[] {
  return live.map((c) => {
    const points: Array<[number, number]> = [];
    for (let t = START; t <= T0; t += STEP) points.push([t, c.value(t)]);
    return { name: c.name, labels: c.labels, points };
  });
}

/** The render of every service's context (prometheus preset, the gate on), with per-context extras. */
function render(configSpec: Obj = {}, annotations: Record<string, Record<string, string>> = {}) {
  const resources = SERVICES.flatMap((s) => [
    projectContext(
      {
        business: { criticality: s.criticality, owner: 'shop-team' },
        requirements: { availability: s.availability, ...(s.slowRatio !== undefined ? { latencyP99: '250ms' } : {}) },
        targets: [{ kind: 'Deployment', name: s.job }],
        observability: { sli: { preset: 'prometheus' } },
      },
      { name: s.job, ...(annotations[s.job] ? { annotations: annotations[s.job] } : {}) },
    ),
    deployment({ name: s.job, namespace: NS }),
    service({ name: s.job, namespace: NS, labels: { app: s.job }, selector: { app: s.job } }),
  ]);
  return expandOk([...resources, config({ gate: { enabled: true }, ...configSpec })]);
}

const planOf = (out: ReturnType<typeof render>, job: string) => generatedOf(out, 'ConfigMap').find((c: Obj) => c.metadata.name === `${job}-gate`).data[PLAN_DATA_KEY] as string;

/** Runs the gate as the Pod does (its arguments), on a plan file, against `prometheus`. */
async function gate(plan: string, prometheus: string, extra: string[] = []) {
  const args = ['gate', '--plan', plan, '--prometheus', prometheus, '--timeout', '2m', '--no-status', ...extra];
  return runCliAsync(args, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: '' }, limitMs: 120_000 + HANG_SLACK_MS });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1)!;

const { builds } = prometheusBuilds();

describe('contextcore gate against a real Prometheus with 30 days of history', { skip: builds.length ? false : 'no Prometheus server is installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-gate-'));
  const plans: Record<string, string> = {};
  let target: MetricsTarget;
  const servers: Array<{ label: string; server: PrometheusServer }> = [];

  before(async () => {
    const write = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const out = render();
    for (const s of SERVICES) plans[s.job] = write(`${s.job}.plan.json`, planOf(out, s.job));
    plans['burning-override'] = write('burning-override.plan.json', planOf(render({}, { burning: { 'contextcore.io/gate-override': 'hotfix INC-4711: payment provider timeouts' } }), 'burning'));
    plans['fresh-closed'] = write('fresh-closed.plan.json', planOf(render({ gate: { enabled: true, policy: { onNoData: 'block' } } }), 'fresh'));
    // Every generated PrometheusRule as a rules file; the 5m error ratios alone for the backfill.
    const rules = generatedOf(out, 'PrometheusRule').map((r: Obj) => write(`${r.metadata.name}.rules.yaml`, stringify({ groups: r.spec.groups })));
    const ratio5m = generatedOf(out, 'PrometheusRule').flatMap((r: Obj) => r.spec.groups.flatMap((g: Obj) => g.rules.filter((x: Obj) => x.record === RECORD.errorRatio('5m'))));
    const backfill = write('backfill.rules.yaml', stringify({ groups: [{ name: 'backfill', rules: ratio5m }] }));

    target = await startMetricsTarget(live);
    const [first] = builds;
    const data = join(dir, 'tsdb-first');
    importSeries(first!, data, history());
    const importer = await startPrometheus(first!, { dataDir: data });
    // The backfill's server only answers the backfill's queries; then the data is shared.
    await backfillRules(first!, importer, { dataDir: data, rulesFile: backfill, start: START, end: T0, evalInterval: BACKFILL_EVAL }).then((s) => s.stop());
    for (const build of builds) {
      const own = join(dir, `tsdb-${servers.length}`);
      cpSync(data, own, { recursive: true });
      servers.push({ label: build.label, server: await startPrometheus(build, { dataDir: own, ruleFiles: rules, scrapeTargets: [target.address], interval: LIVE_EVAL }) });
    }
    // Live: every service with series has its budget record, and the fast burn pages.
    for (const { label, server } of servers) {
      await pollUntil(`${label}: the budget records, the page alert and the slow burn's ticket evaluated`, async () => {
        const budgets = await instantQuery(server, `count(${RECORD.errorBudgetRemaining})`);
        const paging = await instantQuery(server, 'ALERTS{alertstate="firing", contextcore_alert_class="page", job="burning"}');
        const ticket = await instantQuery(server, 'ALERTS{alertstate="firing", contextcore_alert_class="ticket", job="slow-burn"}');
        return Number(budgets.result[0]?.value[1] ?? 0) >= SERVICES.filter((s) => s.series).length + 1 && paging.result.length > 0 && ticket.result.length > 0 ? true : undefined;
      }, { everyMs: 500, limitMs: 300_000 }).catch((e: Error) => assert.fail(`${e.message}\n${server.log()}`));
    }
  }, { timeout: 900_000 });

  after(async () => {
    for (const { server } of servers) await server.stop();
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // One describe per build, filled once the servers run (their URLs are known only then).
  for (const [i, build] of builds.entries()) {
    describe(build.label, () => {
      const url = () => servers[i]!.server.url;

      it('a healthy service (0.01% errors for 30 days, 0.1% slow) is allowed: both SLOs well within their budgets', async () => {
        const r = await gate(plans.healthy!, url());
        assert.equal(r.code, 0, r.stderr + r.stdout);
        assert.match(lastLine(r.stdout), /^ALLOW \(healthy\): ProjectContext shop\/healthy \(critical\): availability of shop\/healthy: 9\d(\.\d)?% of the 30d error budget left; latency of shop\/healthy: 9\d(\.\d)?% of the 30d error budget left; policy for critical: block while/);
      });

      it('a spent budget (0.2% errors against 0.1% for 30 days) blocks, saying how much is left and how to override', async () => {
        const r = await gate(plans.spent!, url());
        assert.equal(r.code, 1, r.stderr + r.stdout);
        const line = lastLine(r.stdout);
        assert.match(line, /^BLOCK \(budget-spent\): ProjectContext shop\/spent \(critical\): availability of shop\/spent: the 30d error budget is spent \(-\d+(\.\d)?% left\)/);
        assert.match(line, /To ship a fix anyway, annotate the ProjectContext with contextcore\.io\/gate-override: "<reason>"$/);
      });

      it('a fast burn now (5% errors for 2 hours) blocks on the firing page alert, though most of the budget is left', async () => {
        const r = await gate(plans.burning!, url());
        assert.equal(r.code, 1, r.stderr + r.stdout);
        assert.match(lastLine(r.stdout), /^BLOCK \(page-alert\): ProjectContext shop\/burning \(critical\): availability of shop\/burning: ContextCoreErrorBudgetBurn \(page, 1h\/5m\), ContextCoreErrorBudgetBurn \(page, 6h\/30m\) firing; [5-9]\d(\.\d)?% of the 30d error budget left/);
      });

      it('a slow burn (4× the budget for two days: its ticket alert fires, no page) is allowed, the budget not spent', async () => {
        const r = await gate(plans['slow-burn']!, url());
        assert.equal(r.code, 0, r.stderr + r.stdout);
        assert.match(lastLine(r.stdout), /^ALLOW \(healthy\): ProjectContext shop\/slow-burn \(critical\): availability of shop\/slow-burn: [2-6]\d(\.\d)?% of the 30d error budget left;/);
      });

      it('the same fast burn with the override annotation is allowed, the reason and what it overrode recorded', async () => {
        const r = await gate(plans['burning-override']!, url(), ['--format', 'json']);
        assert.equal(r.code, 0, r.stderr + r.stdout);
        const d = JSON.parse(r.stdout);
        assert.deepEqual([d.decision, d.reason, d.override, d.overridden], ['allow', 'override', 'hotfix INC-4711: payment provider timeouts', { decision: 'block', reason: 'page-alert' }]);
        assert.match(d.message, /allowed by the override \(contextcore\.io\/gate-override: "hotfix INC-4711: payment provider timeouts"\); without it: blocked, availability of shop\/burning: ContextCoreErrorBudgetBurn \(page, 1h\/5m\), ContextCoreErrorBudgetBurn \(page, 6h\/30m\) firing/);
        // 100x the budget: both page tiers fire, each named by its windows.
        assert.deepEqual(d.slos[0].firingAlerts, ['ContextCoreErrorBudgetBurn (page, 1h/5m)', 'ContextCoreErrorBudgetBurn (page, 6h/30m)']);
      });

      it('a spent budget at medium criticality warns and allows', async () => {
        const r = await gate(plans['spent-medium']!, url());
        assert.equal(r.code, 0, r.stderr + r.stdout);
        assert.match(lastLine(r.stdout), /^WARN \(budget-spent\): ProjectContext shop\/spent-medium \(medium\): availability of shop\/spent-medium: the 30d error budget is spent .*; policy for medium: warn \(and allow\) while/);
      });

      it('a new service without data is allowed by default, and blocked with onNoData: block', async () => {
        const open = await gate(plans.fresh!, url());
        assert.equal(open.code, 0, open.stderr + open.stdout);
        assert.match(lastLine(open.stdout), /^WARN \(no-data\): .*no data yet.*; without data: allow \(fail open\)$/);
        const closed = await gate(plans['fresh-closed']!, url());
        assert.equal(closed.code, 1, closed.stderr + closed.stdout);
        assert.match(lastLine(closed.stdout), /^BLOCK \(no-data\): .*; without data: block \(fail closed\)\. To ship a fix anyway/);
      });

      it('--dry-run decides without blocking: exit 0, saying it would block', async () => {
        const r = await gate(plans.spent!, url(), ['--dry-run']);
        assert.equal(r.code, 0, r.stderr + r.stdout);
        assert.match(lastLine(r.stdout), /^DRY RUN: WOULD BLOCK \(budget-spent\)/);
        assert.match(r.stderr, /no cluster or collector contacted/);
      });

      it('a query error (a path where no Prometheus API is) has the onQueryError outcome: allow, said', async () => {
        const r = await gate(plans.spent!, `${url()}/not-prometheus`);
        assert.equal(r.code, 0, r.stderr + r.stdout);
        assert.match(lastLine(r.stdout), /^WARN \(query-error\): .*answered every query with an error \(HTTP 404.*; on a query error: allow \(fail open\)$/);
      });

      it('behind an https proxy that wants a bearer token: with the token file and the CA file it decides; without the token it is a query error, without the CA Prometheus is unreachable', async (t) => {
        const certs = testCertificates(mkdtempSync(join(dir, 'tls-')));
        if (!certs) return t.skip('openssl is not installed');
        const tokenFile = join(dir, 'token');
        writeFileSync(tokenFile, 'e2e-token-of-the-gate\n');
        const proxy = await startBearerProxy(url(), 'e2e-token-of-the-gate', certs);
        try {
          const withBoth = await gate(plans.spent!, proxy.url, ['--bearer-token-file', tokenFile, '--ca-file', certs.caFile]);
          assert.equal(withBoth.code, 1, withBoth.stderr + withBoth.stdout);
          assert.match(lastLine(withBoth.stdout), /^BLOCK \(budget-spent\)/);
          const noToken = await gate(plans.spent!, proxy.url, ['--ca-file', certs.caFile]);
          assert.equal(noToken.code, 0, noToken.stderr + noToken.stdout);
          assert.match(lastLine(noToken.stdout), /^WARN \(query-error\): .*answered every query with an error \(HTTP 401/);
          const noCa = await gate(plans.spent!, proxy.url, ['--bearer-token-file', tokenFile]);
          assert.equal(noCa.code, 0, noCa.stderr + noCa.stdout);
          assert.match(lastLine(noCa.stdout), /^WARN \(prometheus-unreachable\): .*did not answer \(\S*(CERT|SIGNATURE|SELF_SIGNED|ISSUER)/);
          const unreadable = await gate(plans.spent!, proxy.url, ['--bearer-token-file', join(dir, 'no-such-token')]);
          assert.equal(unreadable.code, 2, unreadable.stderr);
          assert.match(unreadable.stderr, /cannot read --bearer-token-file .*no-such-token: ENOENT; fix the gate's configuration/);
        } finally {
          await proxy.close();
        }
      });

      it('the decision is a span: decision, reason and an event per SLO, exported where the Pod’s OTLP endpoint says', async () => {
        const receiver = await startOtlpReceiver('ok');
        try {
          const r = await runCliAsync(['gate', '--plan', plans.burning!, '--prometheus', url(), '--timeout', '2m', '--no-status'], { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }, limitMs: 120_000 + HANG_SLACK_MS });
          assert.equal(r.code, 1, r.stderr);
          const [span] = receiver.received.flatMap((x) => decodeSpans(x.body));
          assert.ok(span, r.stderr);
          assert.equal(span.name, 'error-budget gate');
          assert.equal(span.resource['service.name'], 'contextcore-gate');
          assert.deepEqual([span.attributes['contextcore.gate.decision'], span.attributes['contextcore.gate.reason']], ['block', 'page-alert']);
          assert.equal(span.status.code, 2);
          assert.deepEqual(span.events.map((e) => [e.name, e.attributes.slo, e.attributes.verdict]), [['gate.slo', 'availability', 'block']]);
        } finally {
          await receiver.close();
        }
      });
    });
  }
});

describe('contextcore gate when Prometheus cannot be asked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-gate-down-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const plan = (spec: Obj = {}) => {
    const file = join(dir, `${Object.keys(spec).length ? 'closed' : 'open'}.plan.json`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, planOf(render(spec), 'spent'));
    return file;
  };

  it('nobody listening: the default outcome, allow with a warning (fail open)', async () => {
    const r = await gate(plan(), `http://127.0.0.1:${(await freePorts(1))[0]}`);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(lastLine(r.stdout), /^WARN \(prometheus-unreachable\): .*did not answer \(ECONNREFUSED.*; when Prometheus is unreachable: allow \(fail open\)$/);
  });

  it('a server that accepts and never answers, with onUnreachable: block: blocked once --timeout is spent, not hung', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const hang = createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    try {
      const port = (hang.address() as { port: number }).port;
      const args = ['gate', '--plan', plan({ gate: { enabled: true, policy: { onUnreachable: 'block' } } }), '--prometheus', `http://127.0.0.1:${port}`, '--timeout', '3s', '--no-status'];
      const r = await runCliAsync(args, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: '' }, limitMs: 3_000 + HANG_SLACK_MS });
      assert.equal(r.killed, false, 'the run ended by itself');
      assert.equal(r.code, 1, r.stderr + r.stdout);
      assert.match(lastLine(r.stdout), /^BLOCK \(prometheus-unreachable\): .*did not answer \(no answer within the --timeout.*; when Prometheus is unreachable: block \(fail closed\)\. To ship a fix anyway/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => hang.close(resolve));
    }
  });
});
