// The Argo CD install Component (argocd/install: the CMP sidecar, its plugin ConfigMap, the
// ProjectContext health check merged into argocd-cm) as kustomize renders it into an Argo CD
// installation (the stand-in of test/argocd/repo-server-standin), through the API server.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { ARGOCD_HEALTH_KEY } from '../../functions/argocd/conventions.js';
import { ROOT } from '../helpers.js';
import type { ServerUnderTest } from './server-under-test.js';

const SCRIPT = join(ROOT, 'argocd/install/resource_customizations/contextcore.io/ProjectContext/health.lua');

export function argocdInstall(sut: ServerUnderTest): void {
  let manifests = '';
  before(async () => {
    const r = spawnSync('kubectl', ['kustomize', join(ROOT, 'test/argocd/repo-server-standin')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    manifests = r.stdout;
    await sut.namespaces(['argocd']);
  });

  it('the installation with the ContextCore component passes kubectl apply --server-side --dry-run=server, then applies', async () => {
    const dry = await sut.admin.run(['apply', '--server-side', '--dry-run=server', '-f', '-'], manifests);
    assert.equal(dry.code, 0, dry.stderr);
    assert.doesNotMatch(dry.stderr, /Warning/, dry.stderr);
    await sut.admin.ok(['apply', '--server-side', '-f', '-'], manifests);
  });

  it('argocd-cm in the cluster holds the ProjectContext health check, byte for byte', async () => {
    const r = await sut.admin.ok(['get', 'configmap', 'argocd-cm', '-n', 'argocd', '-o', 'json']);
    assert.equal(JSON.parse(r.stdout).data[ARGOCD_HEALTH_KEY], readFileSync(SCRIPT, 'utf8'));
  });
}
