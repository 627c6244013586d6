import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { directoryConfigs } from '../../../../functions/argocd/index.js';
import { formatResult, toYaml, toYamlStream } from '../../../../functions/core/index.js';
import { memoryFs } from '../../../argocd/memory-fs.js';
import { config, deployment, projectContext } from '../../../fixtures.js';

const APP = toYamlStream([projectContext(), deployment()]);
const local = (environment: string) => toYaml({ ...config({ environment }), metadata: { name: 'contextcore', annotations: { 'config.kubernetes.io/local-config': 'true' } } });

/** A base with an overlay per stage below it, each with its own config. */
const BASE_AND_OVERLAYS = {
  'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
  'base/app.yaml': APP,
  'base/overlays/prod/kustomization.yaml': 'resources:\n  - ../..\n  - contextcore.yaml\n',
  'base/overlays/prod/contextcore.yaml': local('production'),
  'base/overlays/staging/kustomization.yaml': 'resources:\n  - ../..\n  - contextcore.yaml\n',
  'base/overlays/staging/contextcore.yaml': local('staging'),
};

describe('the app directory\'s own ProjectContextExpander, for a kustomization that does not output it', () => {
  const CASES: Array<{ name: string; files: Record<string, string>; app: string; found: Array<[string, string | undefined]>; errors?: RegExp[] }> = [
    { name: 'a base does not take the config of an overlay below it', files: BASE_AND_OVERLAYS, app: 'base', found: [] },
    {
      name: 'a base with its own config next to overlays that have theirs takes its own',
      files: { ...BASE_AND_OVERLAYS, 'base/contextcore.yaml': local('dev') },
      app: 'base',
      found: [['contextcore.yaml', 'dev']],
    },
    { name: 'an overlay takes its own config, not its base\'s (kustomize drops that before the overlay sees it)', files: { ...BASE_AND_OVERLAYS, 'base/contextcore.yaml': local('dev') }, app: 'base/overlays/prod', found: [['contextcore.yaml', 'production']] },
    {
      name: 'a config file the kustomization lists from a subdirectory counts',
      files: { 'app/kustomization.yaml': 'resources:\n  - app.yaml\n  - settings/contextcore.yaml\n', 'app/app.yaml': APP, 'app/settings/contextcore.yaml': local('production'), 'app/unlisted/contextcore.yaml': local('staging') },
      app: 'app',
      found: [['settings/contextcore.yaml', 'production']],
    },
    {
      name: 'a file at the top of the directory that the kustomization does not list counts',
      files: { 'app/kustomization.yaml': 'resources:\n  - app.yaml\n', 'app/app.yaml': APP, 'app/contextcore.yaml': local('production') },
      app: 'app',
      found: [['contextcore.yaml', 'production']],
    },
    {
      name: 'the transformer config of the kustomization is not the app\'s config',
      files: { 'app/kustomization.yaml': 'resources:\n  - app.yaml\ntransformers:\n  - contextcore.yaml\n', 'app/app.yaml': APP, 'app/contextcore.yaml': local('production') },
      app: 'app',
      found: [],
    },
    {
      name: 'two configs are both returned (generate refuses them)',
      files: { 'app/kustomization.yaml': 'resources:\n  - app.yaml\n', 'app/app.yaml': APP, 'app/a.yaml': local('production'), 'app/b.yaml': local('staging') },
      app: 'app',
      found: [['a.yaml', 'production'], ['b.yaml', 'staging']],
    },
    {
      name: 'a file that names a ProjectContextExpander and does not parse is reported',
      files: { 'app/kustomization.yaml': 'resources:\n  - app.yaml\n', 'app/app.yaml': APP, 'app/contextcore.yaml': 'kind: ProjectContextExpander\nspec: [\n' },
      app: 'app',
      found: [],
      errors: [/^error: contextcore\.yaml: .*/],
    },
    {
      name: 'a file that does not parse and names no ProjectContextExpander is none of this rule\'s business',
      files: { 'app/kustomization.yaml': 'resources:\n  - app.yaml\n', 'app/app.yaml': APP, 'app/values.yaml': 'image: {{ .Values.image }\n' },
      app: 'app',
      found: [],
    },
  ];
  for (const c of CASES) {
    it(c.name, () => {
      const out = directoryConfigs(c.app, memoryFs(c.files));
      assert.deepEqual(
        out.configs.map((f) => [f.origin?.path, (f.object.spec as { environment?: string }).environment]),
        c.found,
      );
      const errors = out.results.map(formatResult);
      assert.equal(errors.length, c.errors?.length ?? 0, errors.join('\n'));
      (c.errors ?? []).forEach((e, i) => assert.match(errors[i]!, e));
    });
  }
});
