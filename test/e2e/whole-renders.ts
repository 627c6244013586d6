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
import { installOperatorCrds } from './crd-install.js';
import type { Rendered } from './render-cases.js';

type Obj = Record<string, any>;
import type { ServerUnderTest } from './server-under-test.js';

const fileOf = (name: string) => `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`;

export function wholeRenders(sut: ServerUnderTest, renders: () => Promise<Rendered[]>): void {
  let cases: Rendered[] = [];
  let files: string[] = [];
  before(async () => {
    await installOperatorCrds(sut, SHARED);
    cases = await renders();
    const dir = join(sut.dir, 'renders');
    mkdirSync(dir, { recursive: true });
    files = cases.filter((c) => c.fresh.length).map((c) => {
      const file = join(dir, fileOf(c.name));
      writeFileSync(file, yamlStream(c.fresh));
      return file;
    });
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

  it('and then applies', async () => {
    const r = await kubectlFiles(sut.admin, ['apply', '--server-side'], files, 2);
    assert.equal(r.code, 0, r.stderr);
    const contexts = cases.flatMap((c) => c.objects.filter((o) => o.kind === 'ProjectContext'));
    const listed = await sut.admin.ok(['get', 'projectcontexts', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}']);
    for (const c of contexts) assert.ok(listed.stdout.split('\n').includes(`${c.metadata.namespace}/${c.metadata.name}`), `${c.metadata.namespace}/${c.metadata.name} is stored`);
  });
}
