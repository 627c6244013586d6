import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAt, checkRender, renderApps } from '../../../../functions/app/index.js';
import { formatResult, type KubeObject } from '../../../../functions/core/index.js';
import { config, deployment, projectContext, service } from '../../../fixtures.js';
import { expand } from '../../../support/expand.js';

const context = () => projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Service', name: 'checkout-api' }] });
const expanded = () => expand({ resources: [context(), deployment(), service()] });

/** What a namespace transformer or a prefix transformer does, applied to every object as kustomize would. */
const moved = (objects: KubeObject[], change: (o: KubeObject) => KubeObject['metadata']) => objects.map((o) => ({ ...o, metadata: change(o) }));

describe('the check of a build that ran ContextCore in place', () => {
  it('an output where every object is where the plan put it passes', () => {
    const out = expanded();
    assert.deepEqual(checkRender(out.plans, out.resources, out.defaultNamespace), []);
  });

  it('a namespace applied after the expansion: the context and every target are elsewhere, and the message says where and why', () => {
    const out = expanded();
    const after = moved(out.resources, (o) => ({ ...o.metadata, namespace: 'pay' }));
    const lines = checkRender(out.plans, after, out.defaultNamespace, 'the ContextCore component listed in c/kustomization.yaml runs before namespace: pay of kustomization.yaml').map(formatResult);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0]!, /^error: ProjectContext pay\/checkout: is not the ProjectContext ContextCore expanded \(shop\/checkout\): a step of the build after the expansion moved, renamed or changed it/);
    assert.match(lines[1]!, /^error: ContextCore expanded ProjectContext shop\/checkout for objects the build then moved or renamed: Deployment shop\/checkout is not in the output \(there is Deployment pay\/checkout\); Service shop\/checkout-api is not in the output \(there is Service pay\/checkout-api\); .*; and \d+ more\. .* The ContextCore component listed in c\/kustomization\.yaml runs before namespace: pay of kustomization\.yaml\. Run ContextCore last: list its ProjectContextExpander config under transformers: of the app's kustomization$/);
  });

  it('a namePrefix applied after the expansion is found the same way, with the context dropped from the output', () => {
    const out = expand({ resources: [context(), deployment(), service(), config({ keepProjectContext: false })] });
    const after = moved(out.resources, (o) => ({ ...o.metadata, name: `prod-${o.metadata?.name}` }));
    const lines = checkRender(out.plans, after, out.defaultNamespace).map(formatResult);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /Deployment shop\/checkout is not in the output \(there is Deployment shop\/prod-checkout\)/);
    assert.match(lines[0]!, /A step after ContextCore \(a remote base or component, or a patch\) changed them/);
  });

  it('a patch of the ProjectContext after the expansion changes its checksum: the rules would not say what it says', () => {
    const out = expanded();
    const after = out.resources.map((o) => (o.kind === 'ProjectContext' ? { ...o, spec: { ...(o.spec as object), requirements: { availability: '99.95' } } } : o));
    const lines = checkRender(out.plans, after, out.defaultNamespace).map(formatResult);
    assert.deepEqual(lines.length, 1);
    assert.match(lines[0]!, /^error: ProjectContext shop\/checkout: is not the ProjectContext ContextCore expanded \(shop\/checkout\)/);
  });
});

describe('one render of several apps', () => {
  it('apps that are not final yet are expanded together; a build that ran ContextCore is taken over with its plans', async () => {
    const inPlace = expand({ resources: [context(), deployment(), service()] });
    const build = { command: 'kustomize build .', stderr: '', transformerRuns: [{ results: [], plans: inPlace.plans, defaultNamespace: inPlace.defaultNamespace }] };
    // A worker without a Service: rendered without SLO rules, as its context says.
    const other = [projectContext({ targets: [{ kind: 'Deployment', name: 'worker' }], observability: { sli: { preset: 'none' } } }, { name: 'worker', namespace: 'jobs' }), deployment({ name: 'worker', namespace: 'jobs' })];
    const out = await renderApps([
      { resources: inPlace.resources, origins: [], build },
      { resources: other, origins: [] },
    ]);
    assert.ok(out.ok, out.results.map(formatResult).join('\n'));
    assert.deepEqual(out.plans.map((p) => `${p.context.namespace}/${p.context.name}`), ['shop/checkout', 'jobs/worker']);
    assert.deepEqual(out.resources.slice(0, inPlace.resources.length), inPlace.resources, 'the in-place output first, unchanged');
    assert.ok(!out.results.some((r) => /no ProjectContext/.test(r.message)));
  });

  it('a --config given outside the apps wins over the directory config of a kustomization', async () => {
    const directory = { configs: [{ object: config({ environment: 'staging' }), origin: { path: 'app/contextcore.yaml' } }], results: [] };
    const out = await renderApps([{ resources: [context(), deployment(), service()], origins: [], build: { command: 'kustomize build .', stderr: '', transformerRuns: [], directory } }], { config: config({ environment: 'production' }) });
    assert.ok(out.ok);
    assert.match(JSON.stringify(out.resources), /deployment\.environment\.name=production/);
  });
});

describe('the app at a path', () => {
  const fs = (entries: Record<string, 'file' | 'directory'>) => ({ typeOf: (p: string) => entries[p], join: (d: string, n: string) => `${d}/${n}` });
  const CASES: Array<[string, Record<string, 'file' | 'directory'>, string, string]> = [
    ['a directory with a kustomization.yaml is a kustomization', { app: 'directory', 'app/kustomization.yaml': 'file' }, 'app', 'kustomization'],
    ['so is one with kustomization.yml or Kustomization', { app: 'directory', 'app/Kustomization': 'file' }, 'app', 'kustomization'],
    ['a directory with a Chart.yaml is a Helm chart', { app: 'directory', 'app/Chart.yaml': 'file', 'app/templates': 'directory' }, 'app', 'chart'],
    ['a kustomization wins over a Chart.yaml beside it, as in Argo CD', { app: 'directory', 'app/Chart.yaml': 'file', 'app/kustomization.yaml': 'file' }, 'app', 'kustomization'],
    ['a directory without one is a directory of manifests', { app: 'directory', 'app/a.yaml': 'file' }, 'app', 'directory'],
    ['a directory named kustomization.yaml does not count', { app: 'directory', 'app/kustomization.yaml': 'directory' }, 'app', 'directory'],
    ['a file is a file, whatever its name', { 'kustomization.yaml': 'file' }, 'kustomization.yaml', 'file'],
    ['what is not there is for the reader to report', {}, 'missing', 'file'],
    ['- is stdin', {}, '-', 'stdin'],
  ];
  for (const [name, entries, path, kind] of CASES) it(name, () => assert.equal(appAt(path, fs(entries)).kind, kind));
});
