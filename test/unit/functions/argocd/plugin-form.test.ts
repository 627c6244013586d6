import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { asPluginConfig, declaredAsFunction, pluginFormWorkspace } from '../../../../functions/argocd/index.js';
import { toYamlStream, type KubeObject } from '../../../../functions/core/index.js';
import { config, deployment, projectContext } from '../../../fixtures.js';
import { memoryFs } from '../../../argocd/memory-fs.js';

const asFunction = (key = 'config.kubernetes.io/function', extra: Record<string, string> = {}): KubeObject => ({
  ...config({ environment: 'staging' }),
  metadata: { name: 'contextcore', annotations: { [key]: 'container:\n  image: ghcr.io/contextcore/contextcore-gitops:0.1.0\n', ...extra } },
});

describe('ContextCore transformer configs declared as KRM functions', () => {
  const CASES: Array<[string, KubeObject, boolean]> = [
    ['a plain config is the plugin form already', config(), false],
    ['config.kubernetes.io/function makes it a function', asFunction(), true],
    ['so does the older config.k8s.io/function', asFunction('config.k8s.io/function'), true],
    ['another kind with the annotation is not ours', { ...asFunction(), kind: 'Other' }, false],
  ];
  for (const [name, object, declared] of CASES) it(name, () => assert.equal(declaredAsFunction(object), declared));

  it('its plugin form drops only the function annotation', () => {
    assert.deepEqual(asPluginConfig(asFunction(undefined, { keep: 'me' })), { ...config({ environment: 'staging' }), metadata: { name: 'contextcore', annotations: { keep: 'me' } } });
    assert.deepEqual(asPluginConfig(asFunction()), config({ environment: 'staging' }));
  });
});

describe('the copy generate builds when a ContextCore transformer is declared as a KRM function', () => {
  const files = {
    '/repo/apps/shop/kustomization.yaml': 'resources: [app.yaml, ../../base]\ncomponents: [../../components/contextcore]\n',
    '/repo/apps/shop/app.yaml': toYamlStream([projectContext(), deployment()]),
    '/repo/base/kustomization.yaml': 'resources: [cm.yaml]\n',
    '/repo/base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    '/repo/components/contextcore/kustomization.yaml': 'kind: Component\ntransformers: [contextcore.yaml, labels.yaml]\n',
    '/repo/components/contextcore/contextcore.yaml': toYamlStream([asFunction()]),
    '/repo/components/contextcore/labels.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: l}\nlabels: {a: b}\nfieldSpecs: [{path: metadata/labels, create: true}]\n',
    '/repo/unrelated/x.yaml': 'a: 1\n',
  };

  it('copies the kustomizations the app builds, from their common ancestor, and rewrites our transformer in its plugin form', () => {
    const ws = pluginFormWorkspace('/repo/apps/shop', memoryFs(files))!;
    assert.equal(ws.root, '/repo');
    assert.equal(ws.app, 'apps/shop');
    assert.deepEqual(ws.dirs, ['apps/shop', 'base', 'components/contextcore']);
    assert.deepEqual(ws.rewrites.map((r) => r.path), ['components/contextcore/contextcore.yaml']);
    assert.deepEqual(parseAllDocuments(ws.rewrites[0]!.text).map((d) => d.toJS()), [config({ environment: 'staging' })]);
  });

  it('is not needed when every ContextCore transformer is in its plugin form', () => {
    const plain = { ...files, '/repo/components/contextcore/contextcore.yaml': toYamlStream([config()]) };
    assert.equal(pluginFormWorkspace('/repo/apps/shop', memoryFs(plain)), undefined);
  });

  it('a nested kustomization is copied with its parent directory, not twice', () => {
    const nested = { ...files, '/repo/apps/shop/kustomization.yaml': 'resources: [app.yaml, sub]\ncomponents: [../../components/contextcore]\n', '/repo/apps/shop/sub/kustomization.yaml': 'resources: []\n' };
    assert.deepEqual(pluginFormWorkspace('/repo/apps/shop', memoryFs(nested))!.dirs, ['apps/shop', 'components/contextcore']);
  });
});
