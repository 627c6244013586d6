// The CRD as shipped, installed the two ways the README gives (kubectl apply -f crds/, and
// kubectl apply -k kustomize/crd), becomes Established and serves its schema.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { ROOT } from '../helpers.js';
import type { ServerUnderTest } from './server-under-test.js';

export const PROJECT_CONTEXT_CRD = 'crd/projectcontexts.contextcore.io';
const UPSTREAM_CRDS = ['monitoring.coreos.com_servicemonitors.yaml', 'monitoring.coreos.com_prometheusrules.yaml', 'monitoring.coreos.com_prometheuses.yaml'];

export const OPERATOR_CRDS = ['crd/servicemonitors.monitoring.coreos.com', 'crd/prometheusrules.monitoring.coreos.com', 'crd/prometheuses.monitoring.coreos.com'];

/** Whether prometheus-operator's ServiceMonitor, PrometheusRule and Prometheus CRDs are installed. */
export const operatorCrdsInstalled = async (sut: ServerUnderTest) => (await sut.admin.run(['get', ...OPERATOR_CRDS])).code === 0;

/**
 * Installs prometheus-operator's ServiceMonitor, PrometheusRule and Prometheus CRDs from ../shared/crds/upstream;
 * a clone without it needs a cluster that has them (CONTEXTCORE_E2E_KUBECONFIG).
 */
export async function installOperatorCrds(sut: ServerUnderTest, shared: string): Promise<void> {
  const files = UPSTREAM_CRDS.map((f) => join(shared, 'crds/upstream', f));
  if (files.every((f) => existsSync(f))) await sut.admin.ok(['apply', '--server-side', '--force-conflicts', ...files.flatMap((f) => ['-f', f])]);
  else assert.ok(await operatorCrdsInstalled(sut), `prometheus-operator's CRDs are neither in ${join(shared, 'crds/upstream')} nor installed in the cluster`);
  await waitEstablished(sut, OPERATOR_CRDS);
}

/**
 * Waits until these CRDs (`crd/<name>`) are Established. kubectl wait fails at once on a CRD the
 * server has not given conditions yet (a large one takes a moment): asked again until it has them.
 */
export async function waitEstablished(sut: ServerUnderTest, crds: readonly string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const r = await sut.admin.run(['wait', '--for=condition=Established', '--timeout=60s', ...crds]);
    if (r.code === 0) return;
    if (attempt >= 20 || !/\.status\.conditions accessor error/.test(r.stderr)) assert.fail(`kubectl wait for ${crds.join(', ')}: ${r.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const ROLLOUTS_CRDS = ['argoproj.io_rollouts.yaml', 'argoproj.io_analysistemplates.yaml'];

/** Argo Rollouts' Rollout and AnalysisTemplate CRDs from ../shared, or a cluster that has them; false when neither. */
export async function installRolloutsCrds(sut: ServerUnderTest, shared: string): Promise<boolean> {
  const files = ROLLOUTS_CRDS.map((f) => join(shared, 'crds/upstream', f));
  if (files.every((f) => existsSync(f))) await sut.admin.ok(['apply', '--server-side', '--force-conflicts', ...files.flatMap((f) => ['-f', f])]);
  else if ((await sut.admin.run(['get', 'crd/rollouts.argoproj.io', 'crd/analysistemplates.argoproj.io'])).code !== 0) return false;
  await waitEstablished(sut, ['crd/rollouts.argoproj.io', 'crd/analysistemplates.argoproj.io']);
  return true;
}

export function crdInstall(sut: ServerUnderTest): void {
  it('kubectl apply -f crds/ installs the CRD as shipped, and it becomes Established', async (t) => {
    t.diagnostic(`${sut.label}: API servers started in ${sut.startMs} ms, in parallel`);
    await sut.installingCrd(async () => {
      const r = await sut.admin.ok(['apply', '-f', join(ROOT, 'crds')]);
      assert.match(r.stdout, /customresourcedefinition\.apiextensions\.k8s\.io\/projectcontexts\.contextcore\.io (created|configured|unchanged)/);
      assert.equal(r.stderr, '', 'no warnings');
      await waitEstablished(sut, [PROJECT_CONTEXT_CRD]);
    });
  });

  it('kubectl apply -k kustomize/crd applies the same CRD over it', async () => {
    const r = await sut.admin.ok(['apply', '-k', join(ROOT, 'kustomize/crd')]);
    assert.match(r.stdout, /projectcontexts\.contextcore\.io (unchanged|configured)/);
  });

  it('kubectl explain shows the schema’s descriptions, served by the API server', async () => {
    // The API server publishes a new CRD's OpenAPI a moment after it is Established.
    let r = await sut.admin.run(['explain', 'projectcontexts.spec.targets']);
    for (let i = 0; i < 120 && r.code !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      r = await sut.admin.run(['explain', 'projectcontexts.spec.targets']);
    }
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /The workloads and Services this context describes/);
  });
}
