import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { argocdBuildFailed, argocdGenerate, type ArgocdInput, type FoundConfig, type KustomizeFindings } from '../../../../functions/argocd/index.js';
import { formatResult, toYamlStream, type KubeObject, type Result } from '../../../../functions/core/index.js';
import { expand } from '../../../support/expand.js';
import { error, info, warning } from '../../../../functions/core/base/results.js';
import { config, deployment, projectContext, service } from '../../../fixtures.js';

const input = (resources: KubeObject[], env: ArgocdInput['env'] = {}): ArgocdInput => ({
  resources,
  origins: resources.map((_, index) => ({ path: 'app.yaml', index })),
  env,
  source: 'the app directory',
});
const kinds = (stdout: string) => parseAllDocuments(stdout).map((d) => d.toJS().kind);
const lines = (out: { results: Parameters<typeof formatResult>[0][] }) => out.results.map(formatResult);

describe('argocd generate, the pure part', () => {
  it('expands like the core with the app\'s config and the Application\'s settings, and does not print the config', async () => {
    const resources = [config({ environment: 'dev' }), projectContext(), deployment(), service()];
    const out = await argocdGenerate(input(resources, { PARAM_ENVIRONMENT: 'production' }));
    assert.ok(out.ok, lines(out).join('\n'));
    const expected = expand({ resources: resources.slice(1) }, { config: config({ environment: 'production' }) });
    assert.equal(out.stdout, toYamlStream(expected.resources));
    assert.ok(!kinds(out.stdout).includes('ProjectContextExpander'));
  });

  it('resources without a ProjectContext pass through unchanged', async () => {
    const resources = [deployment(), service()];
    const out = await argocdGenerate(input(resources));
    assert.ok(out.ok);
    assert.equal(out.stdout, toYamlStream(resources));
    assert.match(lines(out).join('\n'), /no ProjectContext in the input/);
  });

  const FAILURES: Array<[string, KubeObject[], ArgocdInput['env'], RegExp]> = [
    ['no resources at all', [], {}, /no Kubernetes resources in the app directory; refusing to print an empty manifest list \(Argo CD would prune every resource of the application\)/],
    ['only a ProjectContextExpander', [config()], {}, /no Kubernetes resources/],
    ['a resource without a kind', [{ apiVersion: 'v1', metadata: { name: 'x' } }], {}, /has no apiVersion or kind/],
    ['two ProjectContextExpanders', [config(), config(), deployment()], {}, /more than one ProjectContextExpander in the input; keep one/],
    ['an invalid setting, before anything is expanded', [projectContext(), deployment()], { PARAM_HOOK: 'maybe' }, /parameter hook: spec\.hook\.enabled: must be true or false \(got "maybe"\)/],
    ['an invalid ProjectContext', [projectContext({ business: { criticality: 'urgent' } }), deployment()], {}, /spec\.business\.criticality/],
  ];
  for (const [name, resources, env, expect] of FAILURES) {
    it(`${name}: an error and an empty stdout`, async () => {
      const out = await argocdGenerate(input(resources, env));
      assert.equal(out.ok, false);
      assert.equal(out.stdout, '');
      assert.match(lines(out).join('\n'), expect);
    });
  }

  describe('when kustomize already ran the ContextCore transformer', () => {
    const expansion = expand({ resources: [projectContext(), deployment(), service()] }, { config: config({ environment: 'staging' }) });
    const built = expansion.resources;
    const build = (runs: Result[][], stderr = ''): KustomizeFindings => ({
      command: 'kustomize build --enable-alpha-plugins .',
      stderr,
      transformerRuns: runs.map((results) => ({ results, plans: expansion.plans, defaultNamespace: expansion.defaultNamespace })),
    });

    it('its output is final: not expanded again, not even with other settings', async () => {
      const out = await argocdGenerate(input(built, { PARAM_ENVIRONMENT: 'production' }), build([[]]));
      assert.ok(out.ok, lines(out).join('\n'));
      assert.equal(out.stdout, toYamlStream(built));
    });

    it('what the in-place runs reported is reported once, since kustomize hides the plugin\'s messages', async () => {
      const replaced = info('"staging" from the ProjectContextExpander is replaced by "production" from parameter environment', { field: 'spec.environment' });
      const noPort = warning('Service has no metrics port; no ServiceMonitor generated', { field: 'spec.targets[1]' });
      const out = await argocdGenerate(input(built), build([[replaced, noPort], [replaced, noPort]]));
      assert.ok(out.ok);
      assert.deepEqual(lines(out).filter((l) => !l.includes('runs the ContextCore transformer')), [
        'info: spec.environment: "staging" from the ProjectContextExpander is replaced by "production" from parameter environment',
        'warning: spec.targets[1]: Service has no metrics port; no ServiceMonitor generated',
      ]);
      assert.match(lines(out).join('\n'), /runs the ContextCore transformer \(2×\)/);
    });

    it('kustomize\'s own warnings are reported without kubectl\'s log prefix', async () => {
      const stderr = "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead.\nW1121 07:58:01.274272   25294 warnings.go:70] something odd\n";
      const out = await argocdGenerate(input(built), build([[]], stderr));
      assert.deepEqual(lines(out).filter((l) => l.startsWith('warning')), [
        "warning: kustomize build --enable-alpha-plugins .: 'commonLabels' is deprecated. Please use 'labels' instead.",
        'warning: kustomize build --enable-alpha-plugins .: something odd',
      ]);
    });

    it('a ProjectContextExpander among the resources is dropped with a warning', async () => {
      const out = await argocdGenerate(input([...built, config()]), build([[]]));
      assert.ok(out.ok);
      assert.ok(!kinds(out.stdout).includes('ProjectContextExpander'));
      assert.match(lines(out).join('\n'), /warning: .*a ProjectContextExpander resource is dropped/);
    });
  });
});

describe('a kustomize build that fails', () => {
  const command = 'kubectl kustomize --enable-alpha-plugins .';
  const KUBECTL = 'E1121 07:58:01.274272   25294 run.go:72] "command failed" err="accumulating resources: accumulation err=\'accumulating resources from \'missing.yaml\'\': \\"quoted\\"\\nsecond line"\n';

  it('in the ContextCore transformer: what the transformer reported, not kustomize\'s escaped line', () => {
    const bad = error('must be one of critical, high, medium, low', { resource: projectContext(), field: 'spec.business.criticality' });
    const out = argocdBuildFailed({ command, stderr: KUBECTL, transformerRuns: [{ results: [bad], plans: [] }, { results: [bad], plans: [] }] }, '1');
    assert.equal(out.ok, false);
    assert.equal(out.stdout, '');
    assert.deepEqual(lines(out), ['error: ProjectContext shop/checkout: spec.business.criticality: must be one of critical, high, medium, low']);
  });

  it('elsewhere: kustomize\'s message, without kubectl\'s timestamp, PID and quoting', () => {
    const out = argocdBuildFailed({ command, stderr: KUBECTL, transformerRuns: [] }, '1');
    assert.deepEqual(lines(out), [`error: ${command} failed (exit 1): accumulating resources: accumulation err='accumulating resources from 'missing.yaml'': "quoted" second line`]);
  });

  it('standalone kustomize\'s "Error:" is dropped too', () => {
    const out = argocdBuildFailed({ command, stderr: 'Error: accumulating resources: boom\n', transformerRuns: [{ results: [], plans: [] }] }, '1');
    assert.deepEqual(lines(out), [`error: ${command} failed (exit 1): accumulating resources: boom`]);
  });
});

describe('argocd generate of a kustomization that leaves the app\'s ProjectContextExpander out of its output', () => {
  const built = [projectContext(), deployment(), service()];
  const inDirectory = { object: config({ environment: 'staging' }), origin: { path: 'contextcore.yaml', index: 0 } };
  const findings = (configs: FoundConfig[], results: Result[] = []): KustomizeFindings => ({ command: 'kustomize build .', stderr: '', transformerRuns: [], directory: { configs, results } });

  it('the config in the app directory still configures the expansion, and says so', async () => {
    const out = await argocdGenerate(input(built), findings([inDirectory]));
    assert.ok(out.ok, lines(out).join('\n'));
    assert.equal(out.stdout, toYamlStream(expand({ resources: built }, { config: config({ environment: 'staging' }) }).resources));
    assert.match(lines(out).join('\n'), /info: contextcore\.yaml: ProjectContextExpander contextcore: the kustomization does not output this ProjectContextExpander/);
  });

  it('the Application\'s settings are layered over it', async () => {
    const out = await argocdGenerate(input(built, { PARAM_ENVIRONMENT: 'production' }), findings([inDirectory]));
    assert.equal(out.stdout, toYamlStream(expand({ resources: built }, { config: config({ environment: 'production' }) }).resources));
    assert.match(lines(out).join('\n'), /"staging" from the ProjectContextExpander in contextcore\.yaml is replaced by "production" from parameter environment/);
  });

  it('a config the kustomization outputs is the one used', async () => {
    const out = await argocdGenerate(input([config({ environment: 'production' }), ...built]), findings([inDirectory]));
    assert.equal(out.stdout, toYamlStream(expand({ resources: built }, { config: config({ environment: 'production' }) }).resources));
  });

  it('two configs in the directory are an error', async () => {
    const out = await argocdGenerate(input(built), findings([inDirectory, { object: config(), origin: { path: 'other.yaml' } }]));
    assert.equal(out.ok, false);
    assert.equal(out.stdout, '');
    assert.match(lines(out).join('\n'), /error: other\.yaml: .*more than one ProjectContextExpander in the app/);
  });

  it('a file of the directory that names a ProjectContextExpander and does not parse is an error', async () => {
    const out = await argocdGenerate(input(built), findings([], [error('invalid YAML', { origin: { path: 'contextcore.yaml' } })]));
    assert.equal(out.ok, false);
    assert.deepEqual(lines(out), ['error: contextcore.yaml: invalid YAML']);
  });
});

describe('a ContextCore transformer declared as a KRM function', () => {
  it('is reported as run in its plugin form', async () => {
    const expansion = expand({ resources: [projectContext(), deployment(), service()] }, { config: config() });
    const run = { results: [], plans: expansion.plans, defaultNamespace: expansion.defaultNamespace };
    const out = await argocdGenerate(input(expansion.resources), { command: 'kustomize build .', stderr: '', transformerRuns: [run], pluginFormFiles: ['../components/contextcore/contextcore.yaml'] });
    assert.ok(out.ok, lines(out).join('\n'));
    assert.match(lines(out).join('\n'), /info: \.\.\/components\/contextcore\/contextcore\.yaml: the ContextCore transformer is declared as a KRM function, which this build cannot run \(no exec functions, no container runtime, as in Argo CD\)/);
  });
});
