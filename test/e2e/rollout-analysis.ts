// A context with an Argo Rollouts Rollout target on a real API server with Argo Rollouts' CRDs
// (../shared/crds/upstream, v1.9.1): the render — the Rollout, its Services' ServiceMonitors with
// the pod template hash, the AnalysisTemplate — passes the server's validation and is stored as
// rendered (nothing pruned), and the PostSync hook, as its ServiceAccount, verifies the
// AnalysisTemplate with no more access than a read of it.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ROLLOUT_POD_HASH_LABEL, ROLLOUTS_API_VERSION } from '../../functions/core/conventions/index.js';
import { SHARED } from '../helpers.js';
import { yamlStream } from '../support/kubectl.js';
import { installOperatorCrds, installRolloutsCrds } from './crd-install.js';
import { context, deployWithHook, metricsService, renderWithHook, runHook, statusOf, type HookRun, type HookSite } from './hook-scenario.js';
import type { ServerUnderTest } from './server-under-test.js';

type Obj = Record<string, any>;

const NS = 'canary-e2e';

const rollout = (name: string) => ({
  apiVersion: ROLLOUTS_API_VERSION,
  kind: 'Rollout',
  metadata: { name, namespace: NS },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'example.invalid/app:1' }] } },
    strategy: { canary: { canaryService: `${name}-canary`, stableService: `${name}-api`, steps: [{ setWeight: 20 }, { pause: { duration: '10m' } }] } },
  },
});

export function rolloutAnalysis(sut: ServerUnderTest): void {
  let rendered: Obj[] = [];
  let site: HookSite;
  let run: HookRun;
  let available = true;
  before(async () => {
    await installOperatorCrds(sut, SHARED);
    available = await installRolloutsCrds(sut, SHARED);
    if (!available) {
      console.error(`\n*** SKIPPING the Rollout target on ${sut.label}: Argo Rollouts’ CRDs are neither in ${SHARED}/crds/upstream nor in the cluster ***\n`);
      return;
    }
    await sut.namespaces([NS]);
    const services = [
      { ...metricsService('checkout-api', NS), spec: { selector: { app: 'checkout' }, ports: [{ name: 'metrics', port: 9090 }] } },
      { ...metricsService('checkout-canary', NS), spec: { selector: { app: 'checkout' }, ports: [{ name: 'metrics', port: 9090 }] } },
    ];
    const ctx = context('checkout', NS, [{ kind: 'Rollout', name: 'checkout' }]);
    rendered = renderWithHook([{ ...ctx, spec: { ...ctx.spec, requirements: { availability: '99.9', latencyP99: '250ms' } } }, rollout('checkout'), ...services], { hook: { enabled: true } });
  });

  it('the Rollout, its ServiceMonitors and the AnalysisTemplate pass kubectl apply --server-side --dry-run=server, then apply unchanged', async (t) => {
    if (!available) return t.skip('Argo Rollouts’ CRDs are neither in ../shared nor in the cluster');
    const kinds = rendered.map((o) => o.kind);
    assert.ok(kinds.includes('Rollout') && kinds.includes('AnalysisTemplate'), kinds.join(', '));
    const dry = await sut.admin.run(['apply', '--server-side', '--dry-run=server', '-f', '-'], yamlStream(rendered.filter((o) => o.kind !== 'Job')));
    assert.equal(dry.code, 0, dry.stderr);
    assert.doesNotMatch(dry.stderr, /Warning/, dry.stderr);
    site = await deployWithHook(sut, rendered, { context: 'checkout' });
    const template = rendered.find((o) => o.kind === 'AnalysisTemplate')!;
    const stored = JSON.parse((await sut.admin.ok(['get', 'analysistemplates.argoproj.io', template.metadata.name, '-n', NS, '-o', 'json'])).stdout);
    assert.deepEqual(stored.spec, template.spec, 'the API server kept every field of the AnalysisTemplate');
    for (const monitor of rendered.filter((o) => o.kind === 'ServiceMonitor')) {
      const s = JSON.parse((await sut.admin.ok(['get', 'servicemonitors.monitoring.coreos.com', monitor.metadata.name, '-n', NS, '-o', 'json'])).stdout);
      assert.deepEqual(s.spec.podTargetLabels, [ROLLOUT_POD_HASH_LABEL]);
    }
  });

  it('the PostSync hook, as its ServiceAccount, verifies the AnalysisTemplate among the planned artifacts', async (t) => {
    if (!available) return t.skip('Argo Rollouts’ CRDs are neither in ../shared nor in the cluster');
    run = await runHook(site, { args: ['--strict'] });
    assert.equal(run.code, 0, run.stderr);
    const status = (await statusOf(sut, NS, 'checkout'))!;
    const analysis = status.artifacts.find((a: Obj) => a.type === 'analysis_template');
    assert.deepEqual({ kind: analysis.kind, state: analysis.state }, { kind: 'AnalysisTemplate', state: 'verified' });
    assert.ok(status.artifacts.every((a: Obj) => a.state === 'verified'), JSON.stringify(status.artifacts));
  });
}
