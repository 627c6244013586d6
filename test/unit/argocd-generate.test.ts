import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { argocdGenerate, argocdTransform, type ArgocdInput } from '../../functions/argocd/index.js';
import { expand, formatResult, toYamlStream, type KubeObject } from '../../functions/core/index.js';
import { config, deployment, projectContext, service } from '../fixtures.js';

const input = (resources: KubeObject[], env: ArgocdInput['env'] = {}): ArgocdInput => ({
  resources,
  origins: resources.map((_, index) => ({ path: 'app.yaml', index })),
  env,
  source: 'the app directory',
});
const kinds = (stdout: string) => parseAllDocuments(stdout).map((d) => d.toJS().kind);
const lines = (out: { results: Parameters<typeof formatResult>[0][] }) => out.results.map(formatResult);

describe('argocd generate, the pure part', () => {
  it('expands like the core with the app\'s config and the Application\'s settings, and does not print the config', () => {
    const resources = [config({ environment: 'dev' }), projectContext(), deployment()];
    const out = argocdGenerate(input(resources, { PARAM_ENVIRONMENT: 'production' }));
    assert.ok(out.ok, lines(out).join('\n'));
    const expected = expand({ resources: resources.slice(1) }, { config: config({ environment: 'production' }) });
    assert.equal(out.stdout, toYamlStream(expected.resources));
    assert.ok(!kinds(out.stdout).includes('ProjectContextExpander'));
  });

  it('resources without a ProjectContext pass through unchanged', () => {
    const resources = [deployment(), service()];
    const out = argocdGenerate(input(resources));
    assert.ok(out.ok);
    assert.equal(out.stdout, toYamlStream(resources));
    assert.match(lines(out).join('\n'), /no ProjectContext in the input/);
  });

  const FAILURES: Array<[string, KubeObject[], ArgocdInput['env'], RegExp]> = [
    ['no resources at all', [], {}, /no Kubernetes resources in the app directory; refusing to print an empty manifest list \(Argo CD would prune every resource of the application\)/],
    ['only a ProjectContextExpander', [config()], {}, /no Kubernetes resources/],
    ['a resource without a kind', [{ apiVersion: 'v1', metadata: { name: 'x' } }], {}, /has no apiVersion or kind/],
    ['two ProjectContextExpanders', [config(), config(), deployment()], {}, /more than one ProjectContextExpander in the app; keep one/],
    ['an invalid setting, before anything is expanded', [projectContext(), deployment()], { PARAM_HOOK: 'maybe' }, /parameter hook: spec\.hook\.enabled: must be "true" or "false"/],
    ['an invalid ProjectContext', [projectContext({ business: { criticality: 'urgent' } }), deployment()], {}, /spec\.business\.criticality/],
  ];
  for (const [name, resources, env, expect] of FAILURES) {
    it(`${name}: an error and an empty stdout`, () => {
      const out = argocdGenerate(input(resources, env));
      assert.equal(out.ok, false);
      assert.equal(out.stdout, '');
      assert.match(lines(out).join('\n'), expect);
    });
  }

  describe('when kustomize already ran the ContextCore transformer', () => {
    const built = expand({ resources: [projectContext(), deployment()] }, { config: config({ environment: 'staging' }) }).resources;

    it('its output is final: not expanded again, not even with other settings', () => {
      const out = argocdGenerate(input(built, { PARAM_ENVIRONMENT: 'production' }), { transformerConfigs: [config({ environment: 'staging' })] });
      assert.ok(out.ok, lines(out).join('\n'));
      assert.equal(out.stdout, toYamlStream(built));
    });

    it('what the in-place run replaced is reported, since kustomize hides the plugin\'s messages', () => {
      const out = argocdGenerate(input(built, { PARAM_ENVIRONMENT: 'production' }), { transformerConfigs: [config({ environment: 'staging' })] });
      assert.deepEqual(lines(out).filter((l) => l.includes('replaced')), ['info: spec.environment: "staging" from the ProjectContextExpander in the kustomization transformer is replaced by "production" from parameter environment']);
    });

    it('a ProjectContextExpander among the resources is dropped with a warning', () => {
      const out = argocdGenerate(input([...built, config()]), { transformerConfigs: [config()] });
      assert.ok(out.ok);
      assert.ok(!kinds(out.stdout).includes('ProjectContextExpander'));
      assert.match(lines(out).join('\n'), /warning: .*a ProjectContextExpander resource is dropped/);
    });
  });
});

describe('argocd generate of a kustomization that leaves the app\'s ProjectContextExpander out of its output', () => {
  const built = [projectContext(), deployment()];
  const inDirectory = { object: config({ environment: 'staging' }), origin: { path: 'contextcore.yaml', index: 0 } };

  it('the config in the app directory still configures the expansion, and says so', () => {
    const out = argocdGenerate(input(built), { directoryConfigs: [inDirectory] });
    assert.ok(out.ok, lines(out).join('\n'));
    assert.equal(out.stdout, toYamlStream(expand({ resources: built }, { config: config({ environment: 'staging' }) }).resources));
    assert.match(lines(out).join('\n'), /info: contextcore\.yaml: ProjectContextExpander contextcore: the kustomization does not output this ProjectContextExpander/);
  });

  it('a config the kustomization outputs is the one used', () => {
    const out = argocdGenerate(input([config({ environment: 'production' }), ...built]), { directoryConfigs: [inDirectory] });
    assert.equal(out.stdout, toYamlStream(expand({ resources: built }, { config: config({ environment: 'production' }) }).resources));
  });

  it('two configs in the directory are an error', () => {
    const out = argocdGenerate(input(built), { directoryConfigs: [inDirectory, { object: config(), origin: { path: 'other.yaml' } }] });
    assert.equal(out.ok, false);
    assert.equal(out.stdout, '');
    assert.match(lines(out).join('\n'), /error: other\.yaml: .*more than one ProjectContextExpander in the app/);
  });
});

describe('a ContextCore transformer declared as a KRM function', () => {
  it('is reported as run in its plugin form', () => {
    const built = expand({ resources: [projectContext(), deployment()] }, { config: config() }).resources;
    const out = argocdGenerate(input(built), { transformerConfigs: [config()], pluginFormFiles: ['../components/contextcore/contextcore.yaml'] });
    assert.ok(out.ok);
    assert.match(lines(out).join('\n'), /info: \.\.\/components\/contextcore\/contextcore\.yaml: the ContextCore transformer is declared as a KRM function, which cannot run in Argo CD/);
  });
});

describe('argocd transform, the in-place kustomize transformer', () => {
  it('expands with the transformer config under the Application\'s settings', () => {
    const resources = [projectContext(), deployment()];
    const out = argocdTransform(input(resources, { PARAM_ENVIRONMENT: 'production', ARGOCD_APP_NAME: 'shop' }), config({ environment: 'staging' }), { path: 'transformer' });
    assert.ok(out.ok, lines(out).join('\n'));
    const expected = expand({ resources }, { config: config({ environment: 'production', source: { application: 'shop' } }) });
    assert.equal(out.stdout, toYamlStream(expected.resources));
  });

  it('an invalid input fails with nothing on stdout', () => {
    const out = argocdTransform(input([projectContext({ targets: [] })]), config(), { path: 'transformer' });
    assert.equal(out.ok, false);
    assert.equal(out.stdout, '');
  });
});
