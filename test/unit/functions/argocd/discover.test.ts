import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discover, kustomizationGraph, kustomizationRefs } from '../../../../functions/argocd/index.js';
import { memoryFs } from '../../../argocd/memory-fs.js';
import { toYamlStream } from '../../../../functions/core/index.js';
import { config, deployment, projectContext } from '../../../fixtures.js';

const CONTEXT = toYamlStream([projectContext()]);
const WORKLOAD = toYamlStream([deployment()]);

describe('the discover rule', () => {
  const CASES: Array<{ name: string; files: Record<string, string>; app: string; found: string }> = [
    { name: 'an app with a ProjectContext file is ours', files: { 'app/deploy.yaml': WORKLOAD, 'app/context.yaml': CONTEXT }, app: 'app', found: 'context.yaml' },
    { name: 'a ProjectContext in a subdirectory of the app counts', files: { 'app/ctx/context.yaml': CONTEXT }, app: 'app', found: 'ctx/context.yaml' },
    { name: 'a ProjectContext among other documents of a file counts', files: { 'app/all.yaml': toYamlStream([deployment(), projectContext()]) }, app: 'app', found: 'all.yaml' },
    { name: 'a ProjectContext written as JSON counts', files: { 'app/context.json': JSON.stringify(projectContext()) }, app: 'app', found: 'context.json' },
    { name: 'an app of plain manifests is not ours', files: { 'app/deploy.yaml': WORKLOAD }, app: 'app', found: '' },
    {
      name: 'a Helm chart is ours when a template makes a ProjectContext (templates do not parse as YAML: the kind line claims them)',
      files: { 'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n', 'chart/templates/context.yaml': '{{- with .Values.context }}\napiVersion: contextcore.io/v1\nkind: ProjectContext\nmetadata:\n  name: {{ $.Release.Name }}\n{{- end }}\n' },
      app: 'chart',
      found: 'templates/context.yaml',
    },
    { name: 'a Helm chart is ours when a file beside Chart.yaml holds a ProjectContext', files: { 'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n', 'chart/projectcontext.yaml': CONTEXT }, app: 'chart', found: 'projectcontext.yaml' },
    { name: 'a ProjectContextExpander alone does not make an app ours', files: { 'app/contextcore.yaml': toYamlStream([config()]) }, app: 'app', found: '' },
    { name: 'a ProjectContext of another API group is not ours', files: { 'app/x.yaml': 'apiVersion: example.com/v1\nkind: ProjectContext\nmetadata: {name: x}\n# contextcore.io\n' }, app: 'app', found: '' },
    { name: 'a ProjectContext in a sibling app is not this app\'s', files: { 'other/context.yaml': CONTEXT, 'app/deploy.yaml': WORKLOAD }, app: 'app', found: '' },
    {
      name: 'a broken file that names a ProjectContext is claimed, so that generate can report what is wrong',
      files: { 'app/context.yaml': 'apiVersion: contextcore.io/v1\nkind: ProjectContext\nspec: [\n' },
      app: 'app',
      found: 'context.yaml',
    },
    {
      name: 'an overlay is ours when the base it builds holds the ProjectContext',
      files: { 'base/kustomization.yaml': 'resources: [context.yaml, deploy.yaml]\n', 'base/context.yaml': CONTEXT, 'base/deploy.yaml': WORKLOAD, 'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n' },
      app: 'overlays/prod',
      found: '../../base/context.yaml',
    },
    {
      name: 'bases of bases and single files outside the app are followed',
      files: {
        'apps/shop/kustomization.yaml': 'resources: [../../mid, ../../shared/context.yaml]\n',
        'mid/kustomization.yaml': 'resources: [../base]\n',
        'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
        'base/deploy.yaml': WORKLOAD,
        'shared/context.yaml': CONTEXT,
      },
      app: 'apps/shop',
      found: '../../shared/context.yaml',
    },
    {
      name: 'a cycle of kustomizations ends without a match',
      files: { 'a/kustomization.yaml': 'resources: [../b]\n', 'b/kustomization.yaml': 'resources: [../a]\n', 'a/deploy.yaml': WORKLOAD },
      app: 'a',
      found: '',
    },
    {
      name: 'remote bases are not fetched',
      files: { 'app/kustomization.yaml': 'resources:\n  - https://github.com/acme/base//shop?ref=v1\n  - github.com/acme/base/shop\n' },
      app: 'app',
      found: '',
    },
  ];
  for (const c of CASES) it(c.name, () => assert.equal(discover(c.app, memoryFs(c.files)), c.found));
});

describe('local references of a kustomization', () => {
  const CASES: Array<[string, string, string[]]> = [
    ['resources, components, bases and transformers are read in that order', 'transformers: [t.yaml]\nbases: [../c]\ncomponents: [../b]\nresources: [a.yaml]\n', ['resources a.yaml', 'components ../b', 'bases ../c', 'transformers t.yaml']],
    ['URLs and git references are left out', 'resources: [https://x.example/k.yaml, git@github.com:a/b.git, github.com/a/b, ok.yaml]\n', ['resources ok.yaml']],
    ['a kustomization that does not parse has none', 'resources: [\n', []],
    ['entries that are not strings are skipped', 'resources: [1, {a: b}, x.yaml]\n', ['resources x.yaml']],
  ];
  for (const [name, text, refs] of CASES) it(name, () => assert.deepEqual(kustomizationRefs(text, 'kustomization.yaml').map((r) => `${r.field} ${r.ref}`), refs));
});

describe('the kustomization graph', () => {
  const fs = memoryFs({
    'app/kustomization.yaml': 'resources: [deploy.yaml]\ncomponents: [../comp]\ntransformers: [labels.yaml]\n',
    'app/deploy.yaml': WORKLOAD,
    'app/labels.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: l}\n',
    'comp/kustomization.yaml': 'kind: Component\ntransformers: [contextcore.yaml, dir]\n',
    'comp/contextcore.yaml': toYamlStream([config({ environment: 'staging' })]),
    'comp/dir/more.yaml': toYamlStream([config()]),
  });

  it('the graph lists every local edge once per kustomization, breadth first', () => {
    assert.deepEqual(kustomizationGraph('app', fs).map((e) => `${e.field} ${e.target}${e.isDirectory ? '/' : ''}`), [
      'resources app/deploy.yaml',
      'components comp/',
      'transformers app/labels.yaml',
      'transformers comp/contextcore.yaml',
      'transformers comp/dir/',
    ]);
  });
});
