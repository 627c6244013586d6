// The generated AnalysisTemplate's measurements as Argo Rollouts would take them: its queries
// (arguments filled in, as a Rollout passes the canary's pod template hash) asked of a real
// Prometheus holding a recorded canary history, and the answers judged by its success and
// failure conditions in Argo Rollouts' expression language (test/expr, expr-lang/expr as Argo
// Rollouts v1.9.1 builds it). Each canary below is a pod template hash with its own traffic.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ANALYSIS_ARGS, ROLLOUT_POD_HASH_PROM_LABEL } from '../functions/core/conventions/index.js';
import { config, deployment, expandOk, generatedOf, projectContext, service } from './fixtures.js';
import { goHarness } from './support/go-harness.js';
import { importSeries, instantQuery, prometheusBuilds, startPrometheus, type PrometheusServer, type Series } from './support/prometheus-server.js';

type Obj = Record<string, any>;

const NS = 'shop';
const JOB = 'checkout-api';
const STEP = 60;
/** The measurement time: a whole minute in the recent past, two hours of history before it. */
const END = Math.floor(Date.now() / 1000 / 60) * 60 - 600;
const START = END - 2 * 3600;
const RPS = 50;

/** A canary (pod template hash): requests per second, error ratio, share slower than the 250ms bucket. */
interface Canary {
  hash: string;
  rps: number;
  errorRatio: number;
  slowRatio: number;
}
const CANARIES: Canary[] = [
  { hash: 'good', rps: RPS, errorRatio: 0.0002, slowRatio: 0.004 },
  { hash: 'bad', rps: RPS, errorRatio: 0.02, slowRatio: 0.004 },
  { hash: 'middle', rps: RPS, errorRatio: 0.005, slowRatio: 0.004 },
  { hash: 'slow', rps: RPS, errorRatio: 0, slowRatio: 0.2 },
  { hash: 'idle', rps: 0, errorRatio: 0, slowRatio: 0 },
];

function history(): Series[] {
  const points = (perSecond: number): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    for (let t = START; t <= END; t += STEP) out.push([t, Math.round(perSecond * (t - START) * 1000) / 1000]);
    return out;
  };
  return CANARIES.flatMap((c) =>
    (['200', '500'] as const).flatMap((code) => {
      const rate = c.rps * (code === '500' ? c.errorRatio : 1 - c.errorRatio);
      const labels = { namespace: NS, job: JOB, [ROLLOUT_POD_HASH_PROM_LABEL]: c.hash, http_response_status_code: code };
      return [
        { name: 'http_server_request_duration_seconds_count', labels, points: points(rate) },
        { name: 'http_server_request_duration_seconds_bucket', labels: { ...labels, le: '0.25' }, points: points(rate * (1 - c.slowRatio)) },
      ];
    }),
  );
}

/** The AnalysisTemplate of a 99.9% context with a 250ms latency target on a Rollout. */
function template(): Obj {
  const rollout = deployment({ kind: 'Rollout' });
  const out = expandOk([projectContext({ targets: [{ kind: 'Rollout', name: 'checkout' }], requirements: { availability: '99.9', latencyP99: '250ms' } }), rollout, service(), config({})]);
  return generatedOf(out, 'AnalysisTemplate')[0];
}

/** Argo Rollouts' argument substitution in a query: {{args.<name>}}, the Rollout's value or the template's default. */
const withArgs = (query: string, args: Record<string, string>) => query.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (_, name: string) => args[name] ?? '');

interface Measurement {
  phase: string;
  value: string;
  error?: string;
}

const harness = goHarness('expr', "Argo Rollouts' analysis conditions evaluated with expr-lang/expr");
const { builds } = prometheusBuilds();
after(() => harness.cleanup());

describe('the canary analysis on recorded query results', { skip: harness.skip || (builds.length ? false : 'no Prometheus server is installed') }, () => {
  const spec = template().spec;
  const defaults = Object.fromEntries(spec.args.map((a: Obj) => [a.name, a.value]));
  const metric = (name: string) => spec.metrics.find((m: Obj) => m.name === name);
  const dir = mkdtempSync(join(tmpdir(), 'cc-analysis-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const build of builds) {
    describe(build.label, () => {
      let server: PrometheusServer;
      before(async () => {
        const data = join(dir, build.label.replace(/\W+/g, '-'));
        importSeries(build, data, history());
        server = await startPrometheus(build, { dataDir: data });
      });
      after(() => server?.stop());

      /** One measurement of `metricName` for the canary `hash`, taken at END as Argo Rollouts takes it. */
      const measure = async (metricName: string, hash: string, conditions?: { successCondition: string; failureCondition: string }): Promise<Measurement> => {
        const m = metric(metricName);
        const data = await instantQuery(server, withArgs(m.provider.prometheus.query, { ...defaults, [ANALYSIS_ARGS.canaryHash]: hash }), END);
        const [result] = harness.run<Measurement[]>([], JSON.stringify([{ successCondition: conditions?.successCondition ?? m.successCondition, failureCondition: conditions?.failureCondition ?? m.failureCondition, data }]));
        return result!;
      };

      const cases: Array<[string, string, string, string]> = [
        ['a canary within the budget (0.02% errors, 0.4% slow) succeeds on both SLOs', 'good', 'Successful', 'Successful'],
        ['a canary failing 2% of requests (20× a 0.1% budget, above the 14.4× page tier) fails availability', 'bad', 'Failed', 'Successful'],
        ['a canary failing 0.5% (5× the budget: slower than the page tier, faster than the SLO allows) is inconclusive, for a person to decide', 'middle', 'Inconclusive', 'Successful'],
        ['a canary with 20% of requests slower than 250ms (above 14.4% of a 1% budget) fails latency', 'slow', 'Successful', 'Failed'],
        ['a canary with series but no requests (0/0 is NaN) is inconclusive, not failed', 'idle', 'Inconclusive', 'Inconclusive'],
        ['a canary with no series at all (an empty result) is inconclusive, not an error', 'absent', 'Inconclusive', 'Inconclusive'],
      ];
      for (const [sentence, hash, availability, latency] of cases) {
        it(sentence, async () => {
          const a = await measure('availability', hash);
          const l = await measure('latency', hash);
          assert.equal(a.error, undefined, a.error);
          assert.equal(l.error, undefined, l.error);
          assert.deepEqual([a.phase, l.phase], [availability, latency], `values ${a.value} and ${l.value}`);
        });
      }

      it('the measured values are the canary’s own ratios', async () => {
        assert.equal((await measure('availability', 'bad')).value, '[0.02]');
        assert.equal((await measure('latency', 'slow')).value, '[0.2]');
        assert.equal((await measure('availability', 'idle')).value, '[NaN]');
        assert.equal((await measure('availability', 'absent')).value, '[]');
      });

      it('without the guard, an empty result is an Error phase (the crash of argo-rollouts#1466); with it, inconclusive', async () => {
        const bare = (c: string) => c.replace('len(result) > 0 && !isNaN(result[0]) && ', '');
        const m = metric('availability');
        const unguarded = await measure('availability', 'absent', { successCondition: bare(m.successCondition), failureCondition: bare(m.failureCondition) });
        assert.equal(unguarded.phase, 'Error');
        assert.match(unguarded.error!, /index out of range/);
      });

      it('with the template’s default canary-hash (every pod), the ratio is the whole service’s', async () => {
        const data = await instantQuery(server, withArgs(metric('availability').provider.prometheus.query, defaults), END);
        const expected = CANARIES.reduce((n, c) => n + c.rps * c.errorRatio, 0) / CANARIES.reduce((n, c) => n + c.rps, 0);
        assert.ok(Math.abs(Number(data.result[0].value[1]) - expected) < 1e-9, `${data.result[0].value[1]} ≈ ${expected}`);
      });
    });
  }
});
