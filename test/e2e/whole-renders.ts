// Every golden case's whole render, hook included, through the API server with
// prometheus-operator's CRDs installed: `kubectl apply --server-side --dry-run=server`, then
// applied. A file per case, so an error names its case, sent by two kubectl processes at once;
// an object identical to one of an earlier case is sent once.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { SHARED } from '../helpers.js';
import { kubectlFiles, yamlStream } from '../support/kubectl.js';
import { installOperatorCrds, installRolloutsCrds } from './crd-install.js';
import type { Rendered } from './render-cases.js';

type Obj = Record<string, any>;
import type { ServerUnderTest } from './server-under-test.js';

const fileOf = (name: string) => `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`;

export function wholeRenders(sut: ServerUnderTest, renders: () => Promise<Rendered[]>): void {
  let cases: Rendered[] = [];
  let files: string[] = [];
  /**
   * Pods (the gate's PreSync Pod) go after the rest: the API server admits a Pod only once its
   * ServiceAccount exists, which Argo CD ensures by applying ServiceAccounts first (its own dry
   * run is client-side).
   */
  let podFiles: string[] = [];
  before(async () => {
    await installOperatorCrds(sut, SHARED);
    // A case turns its Deployment into an Argo Rollouts Rollout (with an AnalysisTemplate).
    assert.ok(await installRolloutsCrds(sut, SHARED), 'Argo Rollouts’ CRDs are neither in ../shared nor in the cluster');
    cases = await renders();
    const dir = join(sut.dir, 'renders');
    mkdirSync(dir, { recursive: true });
    const write = (name: string, objects: Obj[]) => {
      const file = join(dir, fileOf(name));
      writeFileSync(file, yamlStream(objects));
      return file;
    };
    files = cases.filter((c) => c.fresh.some((o) => o.kind !== 'Pod')).map((c) => write(c.name, c.fresh.filter((o) => o.kind !== 'Pod')));
    podFiles = cases.filter((c) => c.fresh.some((o) => o.kind === 'Pod')).map((c) => write(`${c.name}-pods`, c.fresh.filter((o) => o.kind === 'Pod')));
    await sut.namespaces(cases.flatMap((c) => c.objects.flatMap((o) => (o.metadata?.namespace ? [o.metadata.namespace] : []))));
  });

  it('every example and golden case, rendered with the hook, passes kubectl apply --server-side --dry-run=server', async (t) => {
    const count = (pick: (c: Rendered) => Obj[]) => cases.reduce((n, c) => n + pick(c).length, 0);
    t.diagnostic(`${cases.length} renders (${cases.map((c) => c.name).join(', ')}): ${count((c) => c.objects)} objects, ${count((c) => c.fresh)} distinct, sent`);
    for (const c of cases) {
      const contexts = c.objects.filter((o) => o.kind === 'ProjectContext').length;
      assert.equal(c.objects.filter((o) => o.kind === 'Job').length, contexts, `${c.name}: a hook Job per ProjectContext`);
    }
    const r = await kubectlFiles(sut.admin, ['apply', '--server-side', '--dry-run=server'], files, 2);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /Warning/, r.stderr);
  });

  it('and then applies (Pods after a server-side dry run of their own, once their ServiceAccounts exist)', async () => {
    const r = await kubectlFiles(sut.admin, ['apply', '--server-side'], files, 2);
    assert.equal(r.code, 0, r.stderr);
    if (podFiles.length) {
      const dry = await kubectlFiles(sut.admin, ['apply', '--server-side', '--dry-run=server'], podFiles, 1);
      assert.equal(dry.code, 0, dry.stderr);
      assert.doesNotMatch(dry.stderr, /Warning/, dry.stderr);
      assert.equal((await kubectlFiles(sut.admin, ['apply', '--server-side'], podFiles, 1)).code, 0);
    }
    const contexts = cases.flatMap((c) => c.objects.filter((o) => o.kind === 'ProjectContext'));
    const listed = await sut.admin.ok(['get', 'projectcontexts', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}']);
    for (const c of contexts) assert.ok(listed.stdout.split('\n').includes(`${c.metadata.namespace}/${c.metadata.name}`), `${c.metadata.namespace}/${c.metadata.name} is stored`);
  });
}
