// Helm chart apps through the Argo CD plugin, under the harness that does what argocd-cmp-server
// does (test/argocd/cmp-harness.ts: generate as uid 999 with a read-only home, the image's pinned
// helm, helm's directories under the sidecar's /tmp). A chart with values, value files (relative
// and from the repository root), values and --set parameters, a file:// dependency, a
// ProjectContext from its templates and a ProjectContextExpander beside Chart.yaml must generate
// what the pinned helm, run with the arguments Argo CD's repo-server would give it, prints once
// `contextcore render` has expanded it with the same configuration. Failures: a value file
// outside the repository, a template that does not render, Helm parameters on an app that is
// not a chart.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { toYamlStream } from '../functions/core/index.js';
import { applicationEnv, generateManifest, loadPlugin, matchRepository, sidecar, sortedManifests, stageRepository, type Application, type Sidecar } from './argocd/cmp-harness.js';
import { config as configObject, deployment, projectContext, service } from './fixtures.js';
import { runCli } from './helpers.js';
import { chartFiles, HELM, helm, libraryChart, under } from './support/charts.js';

const REVISION = '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d';
const plugin = loadPlugin();
const scratch = mkdtempSync(join(tmpdir(), 'contextcore-cmp-helm-'));
const staged: string[] = [];
let car: Sidecar;
before(() => {
  car = sidecar();
  if (car.notUid999) console.error(`*** SKIPPING the switch to uid 999 (${car.notUid999}): the harness runs generate as the current user ***`);
});
after(() => {
  car?.dispose();
  for (const dir of [scratch, ...staged]) rmSync(dir, { recursive: true, force: true });
});
const stage = (files: Record<string, string>) => {
  const dir = stageRepository(files);
  staged.push(dir);
  return dir;
};

const context = { project: 'shop', criticality: 'high', owner: 'shop-team', availability: '99.9' };
const capabilities = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-capabilities
data:
  kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}
  monitoring: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" | quote }}
`;
const crd = stringify({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'carts.shop.example.com' }, spec: { group: 'shop.example.com', names: { kind: 'Cart', plural: 'carts' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } });
const beside = stringify(configObject({ environment: 'staging' }));

/** The repository: a chart app with everything a chart app uses, a library chart it depends on, and shared value files. */
const repository = () => ({
  ...under('deploy/shop', chartFiles({ name: 'shop', contextTemplate: true, values: `replicas: 1\nimage: example/shop:1\ncontext: ${JSON.stringify(context)}\n`, dependencies: [{ name: 'lib', version: '0.1.0', repository: 'file://../../libs/lib' }] })),
  'deploy/shop/templates/capabilities.yaml': capabilities,
  'deploy/shop/crds/cart.yaml': crd,
  'deploy/shop/contextcore.yaml': beside,
  'deploy/shop/values-prod.yaml': 'replicas: 3\n',
  ...under('libs/lib', libraryChart('lib')),
  'values/common.yaml': 'image: example/shop:2\n',
});

const application = (parameters: NonNullable<Application['plugin']>['parameters'], path = 'deploy/shop'): Application => ({ name: 'shop-prod', namespace: 'shop', repoURL: 'https://git.example.com/shop.git', path, plugin: { parameters } });
const PARAMETERS = [
  { name: 'helm-value-files', array: ['values-prod.yaml', '/values/common.yaml'] },
  { name: 'helm-values', string: 'context:\n  criticality: critical\n' },
  { name: 'helm-parameters', map: { replicas: '4', 'context.owner': 'shop-$ARGOCD_APP_NAME' } },
];

describe('Argo CD plugin: Helm chart apps', { skip: HELM.skip }, () => {
  it('a chart with value files, values, parameters, a file:// dependency and CRDs generates what helm, run as Argo CD runs it, and render print', () => {
    const work = stage(repository());
    const app = application(PARAMETERS);
    const env = applicationEnv(app, REVISION);
    assert.equal(matchRepository(plugin, work, app.path, env, car), true, 'the discover rule claims the chart by the ProjectContext of its templates');
    const first = generateManifest(plugin, work, app.path, env, car);
    assert.equal(first.code, 0, first.stderr);
    assert.doesNotMatch(first.stderr, /^error:/m);
    assert.equal(generateManifest(plugin, work, app.path, env, car).stdout, first.stdout, 'a second generate prints the same bytes');

    // The reference: the pinned helm with Argo CD's arguments, in a copy whose dependencies it builds, then render.
    const copy = join(scratch, 'reference');
    cpSync(work, copy, { recursive: true });
    const home = join(scratch, 'helm-home');
    const chart = join(copy, 'deploy/shop');
    helm(['dependency', 'build'], { cwd: chart, home });
    const values = join(scratch, 'values.yaml');
    writeFileSync(values, 'context:\n  criticality: critical\n');
    const vars = new Map(env);
    const templated = helm(
      ['template', '.', '--name-template', 'shop-prod', '--namespace', 'shop', '--kube-version', vars.get('KUBE_VERSION')!, '--set', 'context.owner=shop-shop-prod', '--set', 'replicas=4', '--values', join(chart, 'values-prod.yaml'), '--values', join(copy, 'values/common.yaml'), '--values', values, ...vars.get('KUBE_API_VERSIONS')!.split(',').flatMap((v) => ['--api-versions', v]), '--include-crds'],
      { cwd: chart, home },
    );
    const config = join(scratch, 'config.yaml');
    writeFileSync(config, stringify(configObject({ environment: 'staging', defaultNamespace: 'shop', source: { application: 'shop-prod', repoURL: app.repoURL, revision: REVISION } })));
    const render = runCli(['render', '-', '--config', config], { input: templated });
    assert.equal(render.code, 0, render.stderr);
    assert.deepEqual(sortedManifests(first.stdout), sortedManifests(render.stdout));

    const out = new Map(sortedManifests(first.stdout).map((m) => [`${m.kind}/${m.metadata.name}`, m]));
    assert.equal(out.get('Deployment/shop-prod')!.spec.replicas, 4, '--set wins over the values and value files');
    assert.match(JSON.stringify(out.get('Deployment/shop-prod')), /example\/shop:2/, 'a value file from the repository root');
    assert.match(JSON.stringify(out.get('Deployment/shop-prod')), /deployment\.environment\.name=staging/, 'the ProjectContextExpander beside the chart');
    assert.equal(out.get('ProjectContext/shop-prod')!.spec.business.criticality, 'critical', 'helm-values');
    assert.equal(out.get('ProjectContext/shop-prod')!.spec.business.owner, 'shop-shop-prod', "Argo CD's substitution in --set values");
    assert.ok(out.has('ConfigMap/shop-prod-lib'), 'the file:// dependency');
    assert.ok(out.has('CustomResourceDefinition/carts.shop.example.com'), '--include-crds');
    assert.deepEqual(out.get('ConfigMap/shop-prod-capabilities')!.data, { kubeVersion: `v${vars.get('KUBE_VERSION')}`, monitoring: 'true' }, 'KUBE_VERSION and KUBE_API_VERSIONS reach the templates');
    assert.ok(out.has('PrometheusRule/shop-prod-slo'));
    assert.match(JSON.stringify(out.get('PrometheusRule/shop-prod-slo')), /namespace=\\"shop\\", job=\\"shop-prod\\"/, 'the destination namespace in every selector');
  });

  it('without Helm parameters: values.yaml, and the Application\'s name as release name (the name part of ns_name)', () => {
    const work = stage(repository());
    const app: Application = { ...application([]), name: 'argocd_shop' };
    const run = generateManifest(plugin, work, app.path, applicationEnv(app, REVISION), car);
    assert.equal(run.code, 0, run.stderr);
    const out = new Map(sortedManifests(run.stdout).map((m) => [`${m.kind}/${m.metadata.name}`, m]));
    assert.equal(out.get('Deployment/shop')!.spec.replicas, 1);
    assert.equal(out.get('ProjectContext/shop')!.spec.business.criticality, 'high');
  });

  const FAILURES: Array<{ name: string; files?: Record<string, string>; path?: string; parameters: NonNullable<Application['plugin']>['parameters']; expect: RegExp }> = [
    {
      name: 'a value file outside the repository',
      parameters: [{ name: 'helm-value-files', array: ['../../../../etc/passwd'] }],
      expect: /^error: parameter helm-value-files: value file "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" resolves outside the repository: a value file must be a file of the repository/m,
    },
    { name: 'a value file that is a URL', parameters: [{ name: 'helm-value-files', array: ['https://example.com/values.yaml'] }], expect: /^error: parameter helm-value-files: value file "https:\/\/example\.com\/values\.yaml" is a URL \(https\)/m },
    { name: 'a value file that is not there', parameters: [{ name: 'helm-value-files', array: ['values-staging.yaml'] }], expect: /^error: parameter helm-value-files: value file "values-staging\.yaml" does not exist in the repository$/m },
    { name: 'helm-values that are not a map', parameters: [{ name: 'helm-values', string: '- a\n- b\n' }], expect: /^error: parameter helm-values: must be YAML of one map of values$/m },
    { name: 'a value file given as a string', parameters: [{ name: 'helm-value-files', string: 'values-prod.yaml' }], expect: /^error: parameter helm-value-files: must be an array parameter, not a string$/m },
    {
      name: 'a template that does not render, with helm\'s message',
      files: { 'deploy/shop/templates/broken.yaml': '{{ .Values.missing.deeper }}\n' },
      parameters: [],
      expect: /^error: helm template \. failed \(exit 1\): shop\/templates\/broken\.yaml:1:\d+ executing .*nil pointer evaluating interface \{\}\.deeper$/m,
    },
    {
      name: 'Helm parameters on an app that is not a chart',
      files: { 'apps/plain/app.yaml': toYamlStream([projectContext(), deployment(), service()]) },
      path: 'apps/plain',
      parameters: [{ name: 'helm-release-name', string: 'shop' }],
      expect: /^error: parameter helm-release-name: applies to a Helm chart app \(a directory with Chart\.yaml\), and this app is a directory of manifests; remove it$/m,
    },
  ];
  for (const f of FAILURES) {
    it(`fails on ${f.name}: exit 1, nothing on stdout, the problem named without temporary paths`, () => {
      const work = stage({ ...repository(), ...(f.files ?? {}) });
      const run = generateManifest(plugin, work, f.path ?? 'deploy/shop', applicationEnv(application(f.parameters, f.path), REVISION), car);
      assert.equal(run.code, 1, `exit code 1 (a user error); stderr:\n${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, f.expect);
      assert.doesNotMatch(run.stderr, /contextcore-(helm|cmp)-|internal error|\n\s+at .*\(/, 'no temporary names, no stack trace');
    });
  }
});
