import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kustomizeLayout, placementAfter, placementFor, placementTable, place, type LaterStep } from '../../../../functions/app/index.js';
import { formatResult, toYamlStream, type KubeObject } from '../../../../functions/core/index.js';
import { config, deployment, projectContext } from '../../../fixtures.js';
import { memoryFs } from '../../../argocd/memory-fs.js';

const COMPONENT = {
  'components/contextcore/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ntransformers: [contextcore.yaml]\n',
  'components/contextcore/contextcore.yaml': toYamlStream([config()]),
};
const APP = toYamlStream([projectContext(), deployment()]);

/** Each site as "declared in, later steps" for short expectations. */
const sitesOf = (files: Record<string, string>, app: string) =>
  kustomizeLayout(app, memoryFs(files)).sites.map((s) => `${s.declaredIn}${s.inComponent ? ' (component)' : ''} at ${s.root}: ${s.later.map((l) => `${l.kind}${l.value ? `=${l.value}` : ''}${l.unsetOnly ? ' (unset only)' : ''} [${l.in}: ${l.by}]`).join(', ') || 'nothing after'}`);

describe('where a kustomize build runs ContextCore, and what it does after', () => {
  const CASES: Array<{ name: string; files: Record<string, string>; app: string; sites: string[] }> = [
    {
      name: 'a component beside namespace: runs before that namespace:, and before the patches, namePrefix: and nameSuffix: beside it',
      files: { ...COMPONENT, 'app/kustomization.yaml': 'namespace: pay\nnamePrefix: p-\nnameSuffix: -s\npatches: [{path: p.yaml}]\nresources: [app.yaml]\ncomponents: [../components/contextcore]\n', 'app/app.yaml': APP },
      app: 'app',
      sites: [
        '../components/contextcore/kustomization.yaml (component) at components/contextcore: patches [kustomization.yaml: patches:], namespace=pay [kustomization.yaml: namespace:], namePrefix=p- [kustomization.yaml: namePrefix:], nameSuffix=-s [kustomization.yaml: nameSuffix:]',
      ],
    },
    {
      name: 'a component in an overlay over a namespaced base runs after the base: nothing moves the objects afterwards',
      files: { ...COMPONENT, 'base/kustomization.yaml': 'namespace: pay\nresources: [app.yaml]\n', 'base/app.yaml': APP, 'overlays/prod/kustomization.yaml': 'resources: [../../base]\ncomponents: [../../components/contextcore]\n' },
      app: 'overlays/prod',
      sites: ['../../components/contextcore/kustomization.yaml (component) at components/contextcore: nothing after'],
    },
    {
      name: 'a transformers: entry runs after the namespace: of its kustomization',
      files: { 'app/kustomization.yaml': 'namespace: pay\nresources: [app.yaml]\ntransformers: [contextcore.yaml]\n', 'app/contextcore.yaml': toYamlStream([config()]), 'app/app.yaml': APP },
      app: 'app',
      sites: ['kustomization.yaml at app: nothing after'],
    },
    {
      name: 'a base that runs ContextCore is followed by everything its overlay does',
      files: { ...COMPONENT, 'base/kustomization.yaml': 'resources: [app.yaml]\ncomponents: [../components/contextcore]\n', 'base/app.yaml': APP, 'overlays/prod/kustomization.yaml': 'namespace: pay\nnamePrefix: prod-\nresources: [../../base]\n' },
      app: 'overlays/prod',
      sites: ['../../components/contextcore/kustomization.yaml (component) at components/contextcore: namespace=pay [kustomization.yaml: namespace:], namePrefix=prod- [kustomization.yaml: namePrefix:]'],
    },
    {
      name: 'a NamespaceTransformer listed after ours in transformers: runs after it; one listed before does not',
      files: {
        'app/kustomization.yaml': 'resources: [app.yaml]\ntransformers: [first.yaml, contextcore.yaml, last.yaml]\n',
        'app/first.yaml': 'apiVersion: builtin\nkind: NamespaceTransformer\nmetadata: {name: ns, namespace: first}\n',
        'app/contextcore.yaml': toYamlStream([config()]),
        'app/last.yaml': 'apiVersion: builtin\nkind: NamespaceTransformer\nmetadata: {name: ns, namespace: last}\nunsetOnly: true\n---\napiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata: {name: p}\nprefix: x-\nfieldSpecs: [{path: metadata/name}]\n',
        'app/app.yaml': APP,
      },
      app: 'app',
      sites: ['kustomization.yaml at app: namespace=last (unset only) [kustomization.yaml: transformers: last.yaml (NamespaceTransformer)], namePrefix=x- [kustomization.yaml: transformers: last.yaml (PrefixSuffixTransformer)]'],
    },
    {
      name: 'a later component that sets a namespace runs after an earlier one',
      files: {
        ...COMPONENT,
        'components/ns/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nnamespace: late\n',
        'app/kustomization.yaml': 'resources: [app.yaml]\ncomponents: [../components/contextcore, ../components/ns]\n',
        'app/app.yaml': APP,
      },
      app: 'app',
      sites: ['../components/contextcore/kustomization.yaml (component) at components/contextcore: namespace=late [../components/ns/kustomization.yaml: namespace:]'],
    },
    {
      name: 'an app without ContextCore in its kustomizations has no site: the front end expands its output',
      files: { 'app/kustomization.yaml': 'namespace: pay\nresources: [app.yaml]\n', 'app/app.yaml': APP },
      app: 'app',
      sites: [],
    },
    {
      name: 'a kustomization that includes itself is read once',
      files: { ...COMPONENT, 'app/kustomization.yaml': 'resources: [., app.yaml]\ncomponents: [../components/contextcore]\n', 'app/app.yaml': APP },
      app: 'app',
      sites: ['../components/contextcore/kustomization.yaml (component) at components/contextcore: nothing after'],
    },
  ];
  for (const c of CASES) it(c.name, () => assert.deepEqual(sitesOf(c.files, c.app), c.sites));

  it('a remote component is not read, but where it runs is known', () => {
    const layout = kustomizeLayout('app', memoryFs({ 'app/kustomization.yaml': 'namespace: pay\nresources: [app.yaml]\ncomponents: [https://github.com/contextcore/contextcore-gitops//kustomize/components/contextcore?ref=v0.1.0]\n', 'app/app.yaml': APP }));
    assert.deepEqual(layout.sites, []);
    assert.deepEqual(layout.remoteComponents.map((c) => [c.declaredIn, c.later.map((l) => `${l.kind}=${l.value}`)]), [['kustomization.yaml', ['namespace=pay']]]);
  });
});

const step = (kind: LaterStep['kind'], value?: string, unsetOnly = false): LaterStep => ({ kind, ...(value ? { value } : {}), ...(unsetOnly ? { unsetOnly } : {}), in: 'k.yaml', by: `${kind}:` });

describe('where the later steps put the objects of a run', () => {
  const CASES: Array<[string, LaterStep[], ReturnType<typeof placementAfter>]> = [
    ['nothing after: where they are', [], {}],
    ['a namespace: moves every namespaced object', [step('namespace', 'pay')], { namespace: { name: 'pay', all: true, by: 'namespace: pay of k.yaml' } }],
    ['the last namespace: wins', [step('namespace', 'a'), step('patches'), step('namespace', 'b')], { namespace: { name: 'b', all: true, by: 'namespace: b of k.yaml' } }],
    ['unsetOnly places only namespace-less objects', [step('namespace', 'u', true)], { namespace: { name: 'u', all: false, by: 'namespace: u of k.yaml' } }],
    ['unsetOnly after a namespace: changes nothing', [step('namespace', 'a'), step('namespace', 'u', true)], { namespace: { name: 'a', all: true, by: 'namespace: a of k.yaml' } }],
    ['a namespace: after unsetOnly moves everything', [step('namespace', 'u', true), step('namespace', 'b')], { namespace: { name: 'b', all: true, by: 'namespace: b of k.yaml' } }],
    ['the first unsetOnly is the one that places', [step('namespace', 'u', true), step('namespace', 'v', true)], { namespace: { name: 'u', all: false, by: 'namespace: u of k.yaml' } }],
  ];
  for (const [name, later, placement] of CASES) it(name, () => assert.deepEqual(placementAfter(later), placement));

  it('placing sets metadata.namespace of namespaced objects only, and keeps explicit ones when only namespace-less objects move', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'shop' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'c' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'd' } },
      { apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name: 'e' } },
    ];
    const names = (os: KubeObject[]) => os.map((o) => `${o.kind}:${o.metadata?.namespace ?? '-'}`);
    assert.deepEqual(names(place(objects, { namespace: { name: 'pay', all: true, by: '' } })), ['Deployment:pay', 'Service:pay', 'ClusterRole:-', 'Namespace:-', 'ProjectContext:pay']);
    assert.deepEqual(names(place(objects, { namespace: { name: 'pay', all: false, by: '' } })), ['Deployment:pay', 'Service:shop', 'ClusterRole:-', 'Namespace:-', 'ProjectContext:pay']);
    assert.deepEqual(names(place(objects, {})), names(objects));
  });
});

describe('the placement table of a build', () => {
  it('gives each run its placement by the directory its config was loaded from, and fails a run a later step renames after, naming the layout and the fix', () => {
    const files = { ...COMPONENT, 'app/kustomization.yaml': 'namespace: pay\nnamePrefix: prod-\nresources: [app.yaml]\ncomponents: [../components/contextcore]\n', 'app/app.yaml': APP };
    const { table, results } = placementTable(kustomizeLayout('app', memoryFs(files)));
    assert.deepEqual(table.byRoot, { 'components/contextcore': { namespace: { name: 'pay', all: true, by: 'namespace: pay of kustomization.yaml' } } });
    assert.deepEqual(results.map(formatResult), [
      'error: the ContextCore component listed in ../components/contextcore/kustomization.yaml runs before namePrefix: prod- of kustomization.yaml, so its selectors, record labels and dashboards would name the objects by names they will not have; run ContextCore after the rename: list its ProjectContextExpander config under transformers: of kustomization.yaml (after namePrefix:; kustomize runs transformers: after namePrefix: and nameSuffix:), or rename in a base below the kustomization that runs ContextCore',
    ]);
  });

  it('a root whose runs would be placed differently vouches for none of them', () => {
    const files = {
      ...COMPONENT,
      // The base's run is followed by its namespace: shop; the app's run by nothing.
      'base/kustomization.yaml': 'namespace: shop\nresources: [app.yaml]\ncomponents: [../components/contextcore]\n',
      'base/app.yaml': APP,
      'app/kustomization.yaml': 'resources: [../base]\ncomponents: [../components/contextcore]\n',
    };
    const { table } = placementTable(kustomizeLayout('app', memoryFs(files)));
    assert.deepEqual(table.byRoot, { 'components/contextcore': null });
    assert.equal(placementFor(table, 'components/contextcore'), undefined);
  });

  it('runs from an unknown root (a remote component) get the placement every remote component agrees on', () => {
    const remote = 'https://example.com/c//x?ref=v1';
    const agree = placementTable(kustomizeLayout('app', memoryFs({ 'app/kustomization.yaml': `namespace: pay\nresources: [app.yaml]\ncomponents: [${remote}]\n`, 'app/app.yaml': APP })));
    assert.deepEqual(placementFor(agree.table, '/tmp/kustomize-123/x'), { namespace: { name: 'pay', all: true, by: 'namespace: pay of kustomization.yaml' } });
    const none = placementTable(kustomizeLayout('app', memoryFs({ 'app/kustomization.yaml': 'resources: [app.yaml]\n', 'app/app.yaml': APP })));
    assert.equal(placementFor(none.table, '/tmp/kustomize-123/x'), undefined, 'no remote component: nothing vouched for');
  });
});
