// `hook emit`'s export, against a real API server holding a small context of its own (a
// Deployment, opted out of SLIs): the pod's sampler cannot drop the plan; a collector that
// refuses, hangs, answers 503 or is not configured never fails the sync, and the status is still
// written, its lastTraceId naming the last trace a collector accepted, never this run's. Runs
// facing a hang must end (runHook kills one still going 60 s past its --timeout and the test
// fails); how close to --timeout they end is the bench's business, not a test's. They get the
// Job's 10s, as a 2s budget leaves a loaded machine no time to read the artifacts or write the
// status.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { refusedEndpoint, startOtlpReceiver } from '../support/otlp-receiver.js';
import { byType, context, deployWithHook, renderWithHook, runHook, traceSize, workload, type HookSite } from './hook-scenario.js';
import type { ServerUnderTest } from './server-under-test.js';

const NS = 'e2e-collector';

export function collectorFaults(sut: ServerUnderTest): void {
  let site: HookSite;
  const checkout = () => site;
  before(async () => {
    // Beside the other suites of this server: its own context, once the CRD is installed.
    await sut.crdInstalled;
    await sut.namespaces([NS]);
    // Opted out of SLIs: its plan is the Deployment's annotations, whatever prometheus-operator's CRDs do meanwhile.
    const pay = context('pay', NS, [{ kind: 'Deployment', name: 'pay' }]);
    const small = { ...pay, spec: { ...pay.spec, observability: { sli: { preset: 'none' } } } };
    site = await deployWithHook(sut, renderWithHook([small, workload('pay', NS)], { hook: { enabled: true } }), { context: 'pay' });
    const first = await runHook(site, { args: ['--strict'] });
    assert.equal(first.code, 0, `a trace is stored first: ${first.stderr}`);
  });
  const stored = async () => JSON.parse((await sut.admin.ok(['get', 'projectcontexts.contextcore.io', 'pay', '-n', NS, '-o', 'json'])).stdout);
  /** Runs the hook; the status must be written (a new lastVerifiedTime) but keep its last stored trace. */
  const statusWrittenWithoutTrace = async <T extends { stdout: string; stderr: string }>(run: () => Promise<T>): Promise<T> => {
    const marked = '2000-01-01T00:00:00Z';
    await sut.admin.ok(['patch', 'projectcontexts.contextcore.io', 'pay', '-n', NS, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { lastVerifiedTime: marked } })]);
    const before = await stored();
    const r = await run();
    const after = await stored();
    assert.notEqual(after.status.lastVerifiedTime, marked, 'the status was written');
    assert.equal(after.status.lastTraceId, before.status.lastTraceId, 'lastTraceId still names the last trace a collector accepted');
    assert.equal(r.stdout, '', 'no trace id on stdout: no collector has the trace');
    const unexported = /trace ([0-9a-f]{32}) not exported/.exec(r.stderr)?.[1];
    assert.ok(unexported, r.stderr);
    assert.notEqual(after.status.lastTraceId, unexported);
    return r;
  };

  it('the pod’s OTEL_TRACES_SAMPLER cannot drop the plan: the sampler is AlwaysOn', async () => {
    const envs = [{ OTEL_TRACES_SAMPLER: 'always_off' }, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }];
    const runs = await Promise.all(envs.map((env) => runHook(checkout(), { env })));
    const spans = traceSize(site);
    runs.forEach((r, i) => {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.spans.length, spans, JSON.stringify(envs[i]));
    });
  });

  it('a refused collector: warning, exit 0, the status still written naming no new trace; --strict exits 1', async (t) => {
    for (const strict of [false, true]) {
      const endpoint = await refusedEndpoint();
      const r = await statusWrittenWithoutTrace(() => runHook(checkout(), { collector: { endpoint }, args: ['--timeout', '10s', ...(strict ? ['--strict'] : [])] }));
      t.diagnostic(`refused collector${strict ? ' --strict' : ''}: exit ${r.code}`);
      assert.equal(r.killed, false, 'the run ended');
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      assert.equal(r.stdout, '', 'no trace id: no collector has the trace');
      assert.match(r.stderr, /trace [0-9a-f]{32} not exported/);
      assert.match(r.stderr, /warning: spans not exported to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: .*ECONNREFUSED/);
    }
  });

  it('a hanging collector, with the Job’s time budget (the CLI’s default --timeout, 10s) and the endpoint from OTEL_EXPORTER_OTLP_ENDPOINT: warning, exit 0, the status written once the export gave up, naming no new trace', async (t) => {
    const receiver = await startOtlpReceiver('hang');
    try {
      const r = await statusWrittenWithoutTrace(() => runHook(checkout(), { collector: { endpoint: 'http://unused.invalid' }, bare: true, endpointFromEnv: true, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } }));
      t.diagnostic(`hanging collector, default timeout: exit ${r.code}`);
      assert.equal(r.killed, false, 'the run ended');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(receiver.received.length, 1, 'the request reached the collector, which never answered; the endpoint came from OTEL_EXPORTER_OTLP_ENDPOINT');
      assert.match(r.stderr, /warning: spans not exported/);
    } finally {
      await receiver.close();
    }
  });

  it('a collector answering 503 is retried within the time budget, then warned about; --strict exits 1', async (t) => {
    // Both at once: nothing here reads the status, and each run spends most of its time waiting.
    // Retry-After: 0 lets the exporter retry at once rather than after its backoff; 30s leaves a
    // loaded machine time to read the artifacts before the export starts.
    const runs = await Promise.all([false, true].map((strict) => runHook(checkout(), { collector: 503, retryAfter: '0', args: ['--timeout', '30s', ...(strict ? ['--strict'] : [])] })));
    runs.forEach((r, i) => {
      const strict = i === 1;
      t.diagnostic(`503 collector${strict ? ' --strict' : ''}: exit ${r.code} after ${r.receiver!.received.length} attempts`);
      assert.equal(r.killed, false, 'the run ended');
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      assert.ok(r.receiver!.received.length >= 2, `retried: ${r.receiver!.received.length} attempts`);
      // Each attempt: the whole trace, as OTLP/JSON, to /v1/traces.
      for (const attempt of r.receiver!.received) {
        assert.equal(attempt.path, '/v1/traces');
        assert.match(attempt.contentType, /^application\/json/);
      }
      assert.equal(r.spans.length, r.receiver!.received.length * traceSize(site));
      assert.match(r.stderr, /warning: spans not exported/);
    });
  });

  it('no collector configured: a warning, the status still written naming no new trace, exit 0; --strict exits 1', async () => {
    for (const strict of [false, true]) {
      const r = await statusWrittenWithoutTrace(() => runHook(checkout(), { endpointFromEnv: true, args: strict ? ['--strict'] : [] }));
      assert.equal(r.code, strict ? 1 : 0, r.stderr);
      assert.match(r.stderr, /warning: spans not exported: no OTLP endpoint: give --endpoint or set OTEL_EXPORTER_OTLP_ENDPOINT/);
      assert.equal(r.receiver!.received.length, 0);
      assert.equal(byType(r.spans, 'task').length, 0);
    }
  });
}
