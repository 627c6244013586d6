import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { affectedApps, appsUnder, type RepoView } from '../../../../functions/app/index.js';
import { toYamlStream } from '../../../../functions/core/index.js';
import { deployment, projectContext } from '../../../fixtures.js';

const CONTEXT = toYamlStream([projectContext()]);
const WORKLOAD = toYamlStream([deployment()]);
const view = (files: Record<string, string>): RepoView => ({ files: Object.keys(files).sort(), read: (p) => files[p] });

const REPO = view({
  'deploy/payments/base/kustomization.yaml': 'resources: [app.yaml]\ncomponents: [../../../components/contextcore]\n',
  'deploy/payments/base/app.yaml': CONTEXT,
  'deploy/payments/overlays/staging/kustomization.yaml': 'namespace: pay-staging\nresources: [../../base]\n',
  'deploy/payments/overlays/prod/kustomization.yaml': 'namespace: pay\nresources: [../../base]\npatches: [{path: objective.yaml}]\n',
  'deploy/payments/overlays/prod/objective.yaml': 'apiVersion: contextcore.io/v1\nkind: ProjectContext\nmetadata: {name: checkout}\n',
  'components/contextcore/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ntransformers: [c.yaml]\n',
  'components/contextcore/c.yaml': 'apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nmetadata: {name: c}\n',
  'deploy/plain/context.yaml': CONTEXT,
  'deploy/plain/sub/deploy.yaml': WORKLOAD,
  'deploy/no-context/kustomization.yaml': 'resources: [deploy.yaml]\n',
  'deploy/no-context/deploy.yaml': WORKLOAD,
  'deploy/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\ndependencies:\n  - {name: lib, version: 0.1.0, repository: "file://../../libs/lib"}\n',
  'deploy/shop/values.yaml': 'replicas: 1\n',
  'deploy/shop/templates/context.yaml': 'apiVersion: contextcore.io/v1\nkind: ProjectContext\nmetadata:\n  name: {{ .Release.Name }}\n',
  'deploy/shop/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'deploy/shop/charts/sub/templates/context.yaml': CONTEXT,
  'libs/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.0\n',
  'libs/lib/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
  'README.md': 'x',
});

describe('the apps under a root', () => {
  it('overlays, charts and directories of manifests with a ProjectContext; not bases, components, subcharts, templates, or apps without a ProjectContext', () => {
    assert.deepEqual(appsUnder(REPO, ['deploy']).map((a) => `${a.kind} ${a.dir}`), [
      'kustomization deploy/payments/overlays/prod',
      'kustomization deploy/payments/overlays/staging',
      'directory deploy/plain',
      'chart deploy/shop',
    ]);
  });

  it('a chart\'s inputs are its directory and the charts its file:// dependencies name', () => {
    assert.deepEqual(appsUnder(REPO, ['deploy']).find((a) => a.dir === 'deploy/shop')!.inputs, ['deploy/shop', 'libs/lib']);
  });

  it('an overlay\'s inputs are its directory and all its kustomizations reach', () => {
    const prod = appsUnder(REPO, ['.']).find((a) => a.dir === 'deploy/payments/overlays/prod')!;
    assert.deepEqual(prod.inputs, ['deploy/payments/overlays/prod', 'deploy/payments/base', 'deploy/payments/base/app.yaml', 'components/contextcore', 'components/contextcore/c.yaml']);
  });
});

describe('the apps a change touches', () => {
  const apps = appsUnder(REPO, ['deploy']);
  const CASES: Array<[string, string[], string[]]> = [
    ['a change of one overlay\'s patch: that overlay', ['deploy/payments/overlays/prod/objective.yaml'], ['deploy/payments/overlays/prod']],
    ['a change of the base: every overlay that builds it', ['deploy/payments/base/app.yaml'], ['deploy/payments/overlays/prod', 'deploy/payments/overlays/staging']],
    ['a change of the component outside the roots: every app that includes it', ['components/contextcore/c.yaml'], ['deploy/payments/overlays/prod', 'deploy/payments/overlays/staging']],
    ['a change in a subdirectory of a directory app: that app', ['deploy/plain/sub/deploy.yaml'], ['deploy/plain']],
    ['a change of a chart\'s values or of a chart it depends on with file://: that chart', ['deploy/shop/values.yaml', 'libs/lib/templates/cm.yaml'], ['deploy/shop']],
    ['a change of an app without a ProjectContext, or outside every app: none', ['deploy/no-context/deploy.yaml', 'README.md'], []],
    ['a file beside an overlay\'s directory with a common prefix is not in it', ['deploy/payments/overlays/prod-old.yaml'], []],
  ];
  for (const [name, changed, expected] of CASES) it(name, () => assert.deepEqual(affectedApps(apps, changed).map((a) => a.dir), expected));
});
