import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import { applicationSettings } from '../../../../functions/argocd/index.js';
import { formatResult, toYamlStream, type KubeObject } from '../../../../functions/core/index.js';
import { expand } from '../../../support/expand.js';
import { runLegacyPlugin, TRANSFORMER_CONFIG } from '../../../../functions/project-context-expander/legacy-plugin.js';
import { config, deployment, expandOk, projectContext, service } from '../../../fixtures.js';

const docs = (text: string): any[] => parseAllDocuments(text).map((d) => d.toJS());
/** What kustomize sends: each resource carries its id annotation. */
const withKustomizeId = (o: KubeObject): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, annotations: { ...(o.metadata?.annotations ?? {}), 'kustomize.config.k8s.io/id': `kind: ${o.kind}\nname: ${o.metadata?.name}\n` } },
});
const app = () => [projectContext(), deployment(), service()];
const bareConfig = 'apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nmetadata:\n  name: contextcore\n';

describe('the kustomize legacy exec plugin', () => {
  it('answers with the YAML stream contextcore render prints for the same resources', async () => {
    const run = await runLegacyPlugin(bareConfig, toYamlStream(app()));
    assert.equal(run.exitCode, 0, JSON.stringify(run.results));
    assert.equal(String(run.stdout), toYamlStream(expandOk(app()).resources));
  });

  it("keeps kustomize's id annotation on the resources it sent, so kustomize can match them", async () => {
    const run = await runLegacyPlugin(bareConfig, toYamlStream(app().map(withKustomizeId)));
    const out = docs(String(run.stdout));
    for (const kind of ['ProjectContext', 'Deployment', 'Service']) {
      assert.ok(out.find((o) => o.kind === kind).metadata.annotations['kustomize.config.k8s.io/id'], kind);
    }
    assert.equal(out.find((o) => o.kind === 'ServiceMonitor').metadata.annotations?.['kustomize.config.k8s.io/id'], undefined);
  });

  it('uses the settings of the transformer config', async () => {
    const run = await runLegacyPlugin(stringify(config({ environment: 'staging' })), toYamlStream(app()));
    assert.match(String(run.stdout), /deployment\.environment\.name=staging/);
  });

  it('with a transformer config without settings, uses a ProjectContextExpander among the resources', async () => {
    const local = { ...config({ environment: 'production' }), metadata: { name: 'settings', annotations: { 'config.kubernetes.io/local-config': 'true' } } };
    const run = await runLegacyPlugin(bareConfig, toYamlStream([...app(), local]));
    assert.equal(run.exitCode, 0, JSON.stringify(run.results));
    assert.deepEqual(run.results.filter((r) => r.severity === 'warning'), []);
    assert.match(String(run.stdout), /deployment\.environment\.name=production/);
    assert.ok(docs(String(run.stdout)).some((o) => o.kind === 'ProjectContextExpander'), 'kustomize drops local-config resources itself');
  });

  const failures: Array<{ name: string; config?: string; resources: string; field?: string; message: RegExp }> = [
    {
      name: 'an invalid ProjectContext fails with nothing on stdout and the field named',
      resources: toYamlStream([projectContext({ business: { criticality: 'urgent' } }), deployment()]),
      field: 'spec.business.criticality',
      message: /must be one of critical, high, medium, low/,
    },
    { name: 'an invalid setting in the transformer config names the field', config: stringify(config({ environment: 'no spaces allowed' })), resources: toYamlStream(app()), field: 'spec.environment', message: /"no spaces allowed" is not valid/ },
    { name: 'a transformer config of two documents is refused', config: `${bareConfig}---\n${bareConfig}`, resources: toYamlStream(app()), message: /found 2 documents/ },
    { name: 'resources that are not YAML are refused', resources: 'a: [b\n', message: /invalid YAML/ },
  ];
  for (const f of failures) {
    it(f.name, async () => {
      const run = await runLegacyPlugin(f.config ?? bareConfig, f.resources);
      assert.equal(run.exitCode, 1);
      assert.equal(String(run.stdout), '');
      const errors = run.results.filter((r) => r.severity === 'error');
      assert.ok(errors.some((r) => f.message.test(r.message) && (!f.field || r.field?.path === f.field)), JSON.stringify(run.results));
      if (f.config) assert.ok(errors.every((r) => r.file?.path === TRANSFORMER_CONFIG), 'a config problem names the transformer config');
    });
  }

  it('with no resources at all it answers with nothing', async () => {
    const run = await runLegacyPlugin(bareConfig, '');
    assert.equal(run.exitCode, 0);
    assert.equal(String(run.stdout), '');
  });
});

describe('the kustomize legacy exec plugin under an Argo CD Application\'s settings (argocd transform)', () => {
  const configure = (env: Record<string, string>) => ({ configure: applicationSettings(env) });
  const lines = (run: { results: Parameters<typeof formatResult>[0][] }) => run.results.map(formatResult);

  it('layers the settings over the transformer config', async () => {
    const run = await runLegacyPlugin(stringify(config({ environment: 'staging' })), toYamlStream(app()), configure({ PARAM_ENVIRONMENT: 'production', ARGOCD_APP_NAME: 'shop' }));
    assert.equal(run.exitCode, 0, JSON.stringify(run.results));
    assert.equal(String(run.stdout), toYamlStream(expand({ resources: app() }, { config: config({ environment: 'production', source: { application: 'shop' } }) }).resources));
    assert.deepEqual(lines(run), [`info: spec.environment: "staging" from the ProjectContextExpander in ${TRANSFORMER_CONFIG} is replaced by "production" from parameter environment`]);
  });

  it('with a transformer config without settings (the Component\'s), layers them over the local-config one among the resources', async () => {
    const local = { ...config({ environment: 'staging' }), metadata: { name: 'settings', annotations: { 'config.kubernetes.io/local-config': 'true' } } };
    const run = await runLegacyPlugin(bareConfig, toYamlStream([...app(), local]), configure({ PARAM_ENVIRONMENT: 'production' }));
    assert.equal(run.exitCode, 0, JSON.stringify(run.results));
    assert.match(String(run.stdout), /deployment\.environment\.name=production/);
    assert.deepEqual(lines(run), ['info: spec.environment: "staging" from the ProjectContextExpander is replaced by "production" from parameter environment']);
    assert.ok(docs(String(run.stdout)).some((o) => o.kind === 'ProjectContextExpander'), 'kustomize drops local-config resources itself');
  });

  it('a bad setting fails naming it, with nothing on stdout', async () => {
    const run = await runLegacyPlugin(bareConfig, toYamlStream(app()), configure({ PARAM_HOOK: 'maybe' }));
    assert.equal(run.exitCode, 1);
    assert.equal(String(run.stdout), '');
    assert.deepEqual(lines(run), ['error: parameter hook: spec.hook.enabled: must be true or false (got "maybe")']);
  });

  it('an invalid input fails with nothing on stdout', async () => {
    const run = await runLegacyPlugin(bareConfig, toYamlStream([projectContext({ targets: [] })]), configure({}));
    assert.equal(run.exitCode, 1);
    assert.equal(String(run.stdout), '');
  });
});

describe('the kustomize legacy exec plugin and the steps after it', () => {
  const bare = () => {
    const objects = app();
    for (const o of objects) delete o.metadata!.namespace;
    return objects;
  };

  it('run by kustomize itself, it refuses a namespace-less ProjectContext instead of assuming default', async () => {
    const run = await runLegacyPlugin(bareConfig, toYamlStream(bare()), { namespaceUnknown: 'kustomize places it later' });
    assert.equal(run.exitCode, 1);
    assert.equal(String(run.stdout), '');
    assert.deepEqual(run.results.filter((r) => r.severity === 'error').map(formatResult), ['error: ProjectContext checkout: metadata.namespace: no metadata.namespace, and kustomize places it later']);
  });

  it('told where a later namespace: puts the objects, it places them there first: selectors, keys and plans name it', async () => {
    const objects = bare();
    objects[2]!.metadata!.namespace = 'elsewhere';
    const run = await runLegacyPlugin(bareConfig, toYamlStream(objects), { placement: { namespace: { name: 'pay', all: true, by: 'namespace: pay of app/kustomization.yaml' } } });
    assert.equal(run.exitCode, 0, JSON.stringify(run.results));
    const out = docs(String(run.stdout));
    assert.deepEqual([...new Set(out.map((o) => o.metadata.namespace))], ['pay'], 'an explicit namespace moves too, as kustomize\'s namespace: moves it');
    assert.deepEqual(run.expansion!.plans.map((p) => `${p.context.namespace}/${p.context.name}`), ['pay/checkout']);
    assert.match(JSON.stringify(out), /namespace=\\"pay\\", job=\\"checkout-api\\"/);
  });
});
