// The Argo CD config-management plugin through a harness that does what argocd-cmp-server does
// (test/argocd/cmp-harness.ts): every example Application, apps built here that are not in the
// repository (kustomizations, overlays, our transformer in a component), and failure cases.
// Success: the discover rule claims the app, generate prints exactly what `contextcore render`
// (or kustomize with our plugin) prints for the same configuration, and does so again. Failure:
// a non-zero exit, nothing on stdout, and a message that names the problem.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { toYaml, toYamlStream, type KubeObject } from '../functions/core/index.js';
import { CONFIG_KIND } from '../functions/core/conventions/index.js';
import { KUSTOMIZATION_FILE_NAMES } from '../functions/project-context-expander/conventions.js';
import { applicationEnv, applicationOf, generateManifest, loadPlugin, matchRepository, sidecar, sortedManifests, splitManifests, stageRepository, type Application, type Sidecar } from './argocd/cmp-harness.js';
import { config as configObject, deployment, projectContext, service } from './fixtures.js';
import { CLI, examples, ROOT, runCli, which } from './helpers.js';
import { SCRAPE_APPS } from './scrape-apps.js';

const REVISION = 'f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8';
const plugin = loadPlugin();
const kubectl = which('kubectl');

let car: Sidecar;
const scratch = mkdtempSync(join(tmpdir(), 'contextcore-cmp-test-'));
const staged: string[] = [];
before(() => {
  car = sidecar();
  if (car.notUid999) console.error(`*** SKIPPING the switch to uid 999 (${car.notUid999}): the harness runs generate as the current user ***`);
});
after(() => {
  car.dispose();
  for (const dir of [scratch, ...staged]) rmSync(dir, { recursive: true, force: true });
});

const stage = (files: Record<string, string> | string) => {
  const dir = stageRepository(files);
  staged.push(dir);
  return dir;
};

/** Files of a directory of the repository, keyed by their path in the repository. */
function repoFiles(rel: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(ROOT, rel))) {
    const path = join(rel, name);
    if (statSync(join(ROOT, path)).isDirectory()) Object.assign(out, repoFiles(path));
    else out[path] = readFileSync(join(ROOT, path), 'utf8');
  }
  return out;
}

/** What Argo CD clones for the example apps: they reach into kustomize/ (the Component) and crds/. */
const exampleRepository = () => ({ ...repoFiles('examples'), ...repoFiles('kustomize'), ...repoFiles('crds') });

let configCount = 0;
function configFile(spec: Record<string, unknown>, base?: KubeObject): string {
  const path = join(scratch, `config-${configCount++}.yaml`);
  const object = base ? { ...base, spec: { ...(base.spec as object), ...spec } } : configObject(spec);
  writeFileSync(path, toYaml(object));
  return path;
}

const source = (app: Application) => ({ application: app.name, repoURL: app.repoURL, revision: REVISION });

function generateOk(work: string, app: Application): string {
  const env = applicationEnv(app, REVISION);
  const first = generateManifest(plugin, work, app.path, env, car);
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stderr, /^error:/m);
  const manifests = splitManifests(first.stdout);
  assert.ok(manifests.length > 0);
  for (const m of manifests) assert.ok(m.apiVersion && m.kind, `${JSON.stringify(m).slice(0, 80)} has apiVersion and kind`);
  const second = generateManifest(plugin, work, app.path, env, car);
  assert.equal(second.stdout, first.stdout, 'a second generate prints the same bytes');
  return first.stdout;
}

function generateFails(work: string, app: Application, expect: RegExp, absent?: RegExp): void {
  const run = generateManifest(plugin, work, app.path, applicationEnv(app, REVISION), car);
  assert.equal(run.code, 1, `exit code 1 (a user error); stderr:\n${run.stderr}`);
  assert.equal(run.stdout, '', 'nothing on stdout');
  assert.match(run.stderr, expect);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at .*\(/, 'no stack trace');
  // Argo CD caches and shows this text as the ComparisonError: nothing in it may change between runs.
  assert.doesNotMatch(run.stderr, /\d{2}:\d{2}:\d{2}\.\d{6}|kust-plugin-config-\d+/, 'no timestamps, PIDs or temporary names');
  if (absent) assert.doesNotMatch(run.stderr, absent);
}

/** The example Applications and the configuration each one amounts to, written out by hand. */
const EXPECTED_CONFIG: Record<string, (app: Application) => { spec: Record<string, unknown>; base?: string }> = {
  checkout: (app) => ({ base: 'examples/checkout/contextcore.yaml', spec: { environment: 'production', defaultNamespace: 'commerce', source: source(app) } }),
  inventory: (app) => ({
    spec: {
      environment: 'staging',
      defaultNamespace: 'inventory',
      hook: { enabled: true, otlpEndpoint: 'http://otel-collector.observability:4318' },
      prometheus: { selectorLabels: { release: 'kube-prometheus-stack' } },
      source: source(app),
    },
  }),
  'batch-reports': (app) => ({ spec: { environment: 'production', metrics: { preset: 'prometheus' }, keepProjectContext: false, defaultNamespace: 'reporting', source: source(app) } }),
};

describe('Argo CD plugin: the example Applications', () => {
  const work = stage(exampleRepository());
  const files = readdirSync(join(ROOT, 'argocd/examples')).filter((f) => f.endsWith('.yaml')).sort();

  it('every example Application has a configuration written out here', () => {
    assert.deepEqual(files.map((f) => applicationOf(parse(readFileSync(join(ROOT, 'argocd/examples', f), 'utf8'))).name).sort(), Object.keys(EXPECTED_CONFIG).sort());
  });

  it('the repository arrives without exec bits, as the cmp-server extracts it', () => {
    const check = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const mode = statSync(join(dir, e.name)).mode & 0o777;
        if (e.isDirectory()) check(join(dir, e.name));
        else assert.equal(mode, 0o644, e.name);
      }
    };
    check(work);
  });

  for (const file of files) {
    const app = applicationOf(parse(readFileSync(join(ROOT, 'argocd/examples', file), 'utf8')));
    describe(`Application ${app.name}`, () => {
      it('is claimed by the discover rule, and a plugin it names is ours', () => {
        assert.equal(matchRepository(plugin, work, app.path, applicationEnv(app, REVISION), car), true);
        if (app.plugin?.name) assert.equal(app.plugin.name, `${plugin.metadata.name}-${plugin.spec.version}`);
      });

      it('generate prints what contextcore render prints with the same configuration', () => {
        const expected = EXPECTED_CONFIG[app.name]!(app);
        const base = expected.base ? (parse(readFileSync(join(ROOT, expected.base), 'utf8')) as KubeObject) : undefined;
        const render = runCli(['render', app.path, '--config', configFile(expected.spec, base)]);
        assert.equal(render.code, 0, render.stderr);
        const generated = generateOk(work, app);
        if (KUSTOMIZATION_FILE_NAMES.some((f) => existsSync(join(ROOT, app.path, f)))) {
          // kustomize orders resources its own way and strips its annotations: compare as a set.
          assert.deepEqual(sortedManifests(generated), sortedManifests(render.stdout));
        } else {
          assert.equal(generated, render.stdout);
        }
      });
    });
  }
});

describe('Argo CD plugin: every example app under a bare Application', { skip: kubectl ? false : 'kubectl is not installed' }, () => {
  const work = stage(exampleRepository());
  for (const name of examples()) {
    it(`examples/${name} is discovered and generates what kustomize with the reference plugin (or contextcore render) prints with its own config`, () => {
      const a: Application = { name, repoURL: 'https://git.example.com/examples.git', path: `examples/${name}`, plugin: {} };
      assert.equal(matchRepository(plugin, work, a.path, applicationEnv(a, REVISION), car), true);
      const own = readdirSync(join(ROOT, a.path)).map((f) => join(a.path, f)).flatMap((f) => (/\.ya?ml$/.test(f) ? parseAllDocuments(readFileSync(join(ROOT, f), 'utf8')).map((d) => d.toJS()) : [])).find((o) => o?.kind === CONFIG_KIND);
      const config = configFile({ source: source(a) }, own);
      const kustomization = KUSTOMIZATION_FILE_NAMES.map((f) => join(ROOT, a.path, f)).find((f) => existsSync(f));
      const run = generateManifest(plugin, work, a.path, applicationEnv(a, REVISION), car);
      assert.equal(run.code, 0, run.stderr);
      let expected: string;
      if (kustomization && readFileSync(kustomization, 'utf8').includes('kustomize/components/contextcore')) {
        assert.match(run.stderr, /runs the ContextCore transformer \(1×\)/);
        expected = referenceBuild(join(work, a.path), config);
      } else {
        const render = kustomization ? runCli(['render', '-', '--config', config], { input: kustomize(join(work, a.path)) }) : runCli(['render', a.path, '--config', config]);
        assert.equal(render.code, 0, render.stderr);
        expected = render.stdout;
      }
      assert.equal(run.stdout, expected);
      assert.equal(generateManifest(plugin, work, a.path, applicationEnv(a, REVISION), car).stdout, run.stdout, 'a second generate prints the same bytes');
    });
  }
});

// Apps that are not in the repository.

const yaml = (...objects: KubeObject[]) => toYamlStream(objects);
/** A context with its workload and Service; `prefix` is the namePrefix a base gives them before ContextCore runs, which the targets name. */
const contextAndWorkload = (prefix = '') => yaml(projectContext({ targets: [{ kind: 'Deployment', name: `${prefix}checkout` }, { kind: 'Service', name: `${prefix}checkout-api` }] }), deployment(), service());
const app = (path: string, plugin: Application['plugin'] = {}): Application => ({ name: 'shop', namespace: 'shop', repoURL: 'https://git.example.com/shop.git', path, plugin });
const component = (spec: Record<string, unknown>) => ({
  'components/contextcore/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ntransformers:\n  - contextcore.yaml\n',
  'components/contextcore/contextcore.yaml': toYaml(configObject(spec)),
});

function kustomize(dir: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/**
 * The reference for an in-place expansion: kustomize with a plugin that renders with the given
 * (merged) configuration, its output written as generate writes manifests.
 */
function referenceBuild(dir: string, configPath: string): string {
  const home = mkdtempSync(join(scratch, 'plugin-home-'));
  const pluginPath = join(home, 'fn.contextcore.io/v1alpha1/projectcontextexpander/ProjectContextExpander');
  mkdirSync(join(pluginPath, '..'), { recursive: true });
  writeFileSync(pluginPath, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' render - --config '${configPath}'\n`);
  chmodSync(pluginPath, 0o755);
  return toYamlStream(splitManifests(kustomize(dir, { KUSTOMIZE_PLUGIN_HOME: home })));
}

describe('Argo CD plugin: apps built here', { skip: kubectl ? false : 'kubectl is not installed' }, () => {
  if (!kubectl) console.error('*** SKIPPING the Argo CD kustomization cases: kubectl (kustomize) is not installed ***');

  it('a kustomization of plain manifests: its kustomize build, expanded as contextcore render expands it', () => {
    const work = stage({ 'apps/shop/kustomization.yaml': 'resources:\n  - app.yaml\ncommonLabels:\n  team: shop\n', 'apps/shop/app.yaml': contextAndWorkload() });
    const a = app('apps/shop', { parameters: [{ name: 'environment', string: 'production' }] });
    assert.equal(matchRepository(plugin, work, a.path, applicationEnv(a, REVISION), car), true);
    const built = kustomize(join(work, a.path));
    const render = runCli(['render', '-', '--config', configFile({ environment: 'production', defaultNamespace: 'shop', source: source(a) })], { input: built });
    assert.equal(render.code, 0, render.stderr);
    assert.equal(generateOk(work, a), render.stdout);
  });

  it('an overlay whose base holds the ProjectContext is discovered through the base and generated from the overlay', () => {
    const work = stage({
      'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
      'base/app.yaml': contextAndWorkload(),
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nlabels:\n  - pairs:\n      stage: prod\n',
    });
    const a = app('overlays/prod');
    assert.equal(matchRepository(plugin, work, a.path, applicationEnv(a, REVISION), car), true);
    const render = runCli(['render', '-', '--config', configFile({ defaultNamespace: 'shop', source: source(a) })], { input: kustomize(join(work, a.path)) });
    assert.equal(render.code, 0, render.stderr);
    const out = generateOk(work, a);
    assert.equal(out, render.stdout);
    assert.match(out, /stage: prod/);
  });

  it('a kustomization that runs our transformer is expanded in place, as kustomize with the plugin would, under the Application settings', () => {
    const files = {
      ...component({ environment: 'staging', prometheus: { selectorLabels: { release: 'kps' } } }),
      // The prefix comes from a base, before ContextCore runs (a namePrefix: beside the component would run after it).
      'apps/shop/base/kustomization.yaml': 'namePrefix: prod-\nresources:\n  - app.yaml\n',
      'apps/shop/base/app.yaml': contextAndWorkload('prod-'),
      'apps/shop/kustomization.yaml': 'resources:\n  - base\ncomponents:\n  - ../../components/contextcore\n',
    };
    const work = stage(files);
    const a = app('apps/shop', { parameters: [{ name: 'environment', string: 'production' }] });
    const run = generateManifest(plugin, work, a.path, applicationEnv(a, REVISION), car);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /runs the ContextCore transformer/);
    assert.match(run.stderr, /"staging" from .* is replaced by "production" from parameter environment/);
    // The reference: kustomize with a plugin that renders with the same (merged) configuration.
    const merged = configFile({ environment: 'production', prometheus: { selectorLabels: { release: 'kps' } }, defaultNamespace: 'shop', source: source(a) });
    assert.equal(run.stdout, referenceBuild(join(work, a.path), merged));
    const names = splitManifests(run.stdout).map((m) => `${m.kind}/${m.metadata.name}`);
    assert.ok(names.includes('ServiceMonitor/prod-checkout-api-contextcore'), names.join(', '));
    assert.ok(!names.some((n) => n.startsWith(`${CONFIG_KIND}/`)), 'the transformer config is not a manifest');
    assert.equal(generateManifest(plugin, work, a.path, applicationEnv(a, REVISION), car).stdout, run.stdout, 'a second generate prints the same bytes');
  });

  it('a kustomization that leaves the app\'s ProjectContextExpander out (local-config) still uses it', () => {
    const local = { ...configObject({ environment: 'staging' }), metadata: { name: 'contextcore', annotations: { 'config.kubernetes.io/local-config': 'true' } } };
    const work = stage({ 'app/kustomization.yaml': 'resources:\n  - app.yaml\n  - contextcore.yaml\n', 'app/app.yaml': contextAndWorkload(), 'app/contextcore.yaml': toYaml(local) });
    const a = app('app');
    const run = generateManifest(plugin, work, a.path, applicationEnv(a, REVISION), car);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /the kustomization does not output this ProjectContextExpander/);
    const render = runCli(['render', '-', '--config', configFile({ environment: 'staging', defaultNamespace: 'shop', source: source(a) }, local)], { input: kustomize(join(work, a.path)) });
    assert.equal(run.stdout, render.stdout);
  });

  for (const form of ['exec:\n  path: ../../bin/contextcore\n', 'container:\n  image: ghcr.io/contextcore/contextcore-gitops:0.1.0\n']) {
    it(`our transformer declared as a KRM ${form.split(':')[0]} function runs in its plugin form, in place, with the same config`, () => {
      const declared = { ...configObject({ environment: 'staging' }), metadata: { name: 'contextcore', annotations: { 'config.kubernetes.io/function': form } } };
      const work = stage({
        ...component({}),
        'components/contextcore/contextcore.yaml': toYaml(declared),
        'apps/shop/base/kustomization.yaml': 'namePrefix: prod-\nresources:\n  - app.yaml\n',
        'apps/shop/base/app.yaml': contextAndWorkload('prod-'),
        'apps/shop/kustomization.yaml': 'resources:\n  - base\ncomponents:\n  - ../../components/contextcore\n',
      });
      const a = app('apps/shop');
      const run = generateManifest(plugin, work, a.path, applicationEnv(a, REVISION), car);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /info: \.\.\/\.\.\/components\/contextcore\/contextcore\.yaml: the ContextCore transformer is declared as a KRM function/);
      assert.match(run.stderr, /runs the ContextCore transformer \(1×\)/);
      const names = splitManifests(run.stdout).map((m) => `${m.kind}/${m.metadata.name}`);
      assert.ok(names.includes('ServiceMonitor/prod-checkout-api-contextcore'), names.join(', '));
      assert.match(run.stdout, /deployment\.environment\.name=staging/);
      assert.equal(readFileSync(join(work, 'components/contextcore/contextcore.yaml'), 'utf8'), toYaml(declared), 'the app\'s files are left as they are');
    });
  }

  it('what the in-place transformer reports shows on stderr: warnings, and replacements of the local-config ProjectContextExpander it used', () => {
    const local = { ...configObject({ environment: 'staging' }), metadata: { name: 'contextcore', annotations: { 'config.kubernetes.io/local-config': 'true' } } };
    const work = stage({
      ...component({}),
      'app/kustomization.yaml': 'resources:\n  - app.yaml\n  - contextcore.yaml\ncomponents:\n  - ../components/contextcore\n',
      'app/app.yaml': yaml(projectContext({ business: { criticality: 'high' }, targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Service', name: 'checkout-api' }] }), deployment(), service()),
      'app/contextcore.yaml': toYaml(local),
    });
    const run = generateManifest(plugin, work, 'app', applicationEnv(app('app', { parameters: [{ name: 'environment', string: 'production' }] }), REVISION), car);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /deployment\.environment\.name=production/);
    const lines = run.stderr.split('\n');
    assert.equal(lines.filter((l) => /^warning: ProjectContext shop\/checkout: spec\.business\.owner: not set; alerts will carry no team label or owner$/.test(l)).length, 1, run.stderr);
    assert.equal(lines.filter((l) => l === 'info: spec.environment: "staging" from the ProjectContextExpander is replaced by "production" from parameter environment').length, 1, run.stderr);
  });

  it('an app does not take the ProjectContextExpander of an app nested below it; the nested app does', () => {
    // kustomize refuses an overlay that builds a directory above it, so nested apps are built from their own files.
    const local = (environment: string) => toYaml({ ...configObject({ environment }), metadata: { name: 'contextcore', annotations: { 'config.kubernetes.io/local-config': 'true' } } });
    const nested = (env: string) => ({
      [`shop/overlays/${env}/kustomization.yaml`]: 'resources:\n  - app.yaml\n  - contextcore.yaml\n',
      [`shop/overlays/${env}/app.yaml`]: contextAndWorkload(),
      [`shop/overlays/${env}/contextcore.yaml`]: local(env),
    });
    const work = stage({ 'shop/kustomization.yaml': 'resources:\n  - app.yaml\n', 'shop/app.yaml': contextAndWorkload(), ...nested('production'), ...nested('staging') });
    const outer = app('shop');
    const outerRender = runCli(['render', '-', '--config', configFile({ defaultNamespace: 'shop', source: source(outer) })], { input: kustomize(join(work, 'shop')) });
    assert.equal(outerRender.code, 0, outerRender.stderr);
    assert.equal(generateOk(work, outer), outerRender.stdout);
    assert.doesNotMatch(outerRender.stdout, /deployment\.environment\.name/);
    const prod = app('shop/overlays/production');
    const prodRender = runCli(['render', '-', '--config', configFile({ environment: 'production', defaultNamespace: 'shop', source: source(prod) })], { input: kustomize(join(work, prod.path)) });
    assert.equal(generateOk(work, prod), prodRender.stdout);
    assert.match(prodRender.stdout, /deployment\.environment\.name=production/);
  });

  it('an app without a ProjectContext is not discovered, and when the plugin is named it passes through like plain manifests', () => {
    const work = stage({ 'apps/plain/app.yaml': yaml(deployment(), service()) });
    const a = app('apps/plain', { name: `${plugin.metadata.name}-${plugin.spec.version}` });
    assert.equal(matchRepository(plugin, work, a.path, applicationEnv(a, REVISION), car), false);
    const render = runCli(['render', 'apps/plain'], { cwd: work });
    assert.equal(generateOk(work, a), render.stdout);
  });

  const INVALID_CONTEXT = yaml(projectContext({ business: { criticality: 'urgent' } }), deployment());
  const FAILURES: Array<{ name: string; files: Record<string, string>; path?: string; plugin?: Application['plugin']; expect: RegExp; absent?: RegExp }> = [
    { name: 'an invalid ProjectContext', files: { 'app/app.yaml': INVALID_CONTEXT }, expect: /error: app\.yaml: ProjectContext shop\/checkout: spec\.business\.criticality: must be one of/ },
    { name: 'YAML that does not parse', files: { 'app/app.yaml': 'kind: [\n' }, expect: /error: app\.yaml.*invalid YAML/ },
    { name: 'an app with no resources at all', files: { 'app/empty.yaml': '# nothing here\n' }, expect: /no Kubernetes resources in the app directory; refusing to print an empty manifest list/ },
    { name: 'an unknown parameter', files: { 'app/app.yaml': contextAndWorkload() }, plugin: { parameters: [{ name: 'enviroment', string: 'production' }] }, expect: /error: parameter enviroment: unknown parameter \(known: environment,/ },
    { name: 'a hook parameter that is not a boolean', files: { 'app/app.yaml': contextAndWorkload() }, plugin: { parameters: [{ name: 'hook', string: 'yes' }] }, expect: /error: parameter hook: spec\.hook\.enabled: must be true or false \(got "yes"\)/ },
    { name: 'an OTLP endpoint that is not a URL', files: { 'app/app.yaml': contextAndWorkload() }, plugin: { parameters: [{ name: 'otlp-endpoint', string: 'otel-collector:4318' }] }, expect: /error: parameter otlp-endpoint: spec\.hook\.otlpEndpoint: / },
    { name: 'a misspelt setting in plugin env', files: { 'app/app.yaml': contextAndWorkload() }, plugin: { env: [{ name: 'CONTEXTCORE_ENVIRONMNT', value: 'production' }] }, expect: /error: ARGOCD_ENV_CONTEXTCORE_ENVIRONMNT: unknown ContextCore setting CONTEXTCORE_ENVIRONMNT/ },
    { name: 'two ProjectContextExpanders', files: { 'app/app.yaml': yaml(configObject(), configObject({ environment: 'x' }), ...splitManifests(contextAndWorkload()) as KubeObject[]) }, expect: /more than one ProjectContextExpander in the input; keep one/ },
    { name: 'a kustomization that does not build', files: { 'app/kustomization.yaml': 'resources:\n  - missing.yaml\n', 'app/app.yaml': contextAndWorkload() }, expect: /^error: (kustomize build|kubectl kustomize) --enable-alpha-plugins \. failed \(exit 1\): accumulating resources: .*missing\.yaml/m },
    {
      name: 'a kustomization whose transformer meets an invalid ProjectContext, with the transformer\'s own message',
      files: { ...component({}), 'app/kustomization.yaml': 'resources:\n  - app.yaml\ncomponents:\n  - ../components/contextcore\n', 'app/app.yaml': INVALID_CONTEXT },
      expect: /^error: ProjectContext shop\/checkout: spec\.business\.criticality: must be one of critical, high, medium, low \(got "urgent"\)$/m,
      absent: /failed \(exit|\\"/,
    },
    {
      name: 'a bad parameter of a kustomization that runs our transformer, found before kustomize runs',
      files: { ...component({}), 'app/kustomization.yaml': 'resources:\n  - app.yaml\ncomponents:\n  - ../components/contextcore\n', 'app/app.yaml': contextAndWorkload() },
      plugin: { parameters: [{ name: 'hook', string: 'maybe' }] },
      expect: /^error: parameter hook: spec\.hook\.enabled: must be true or false \(got "maybe"\)\n$/,
    },
    {
      name: 'a file of the app directory that names a ProjectContextExpander and does not parse',
      files: { 'app/kustomization.yaml': 'resources:\n  - app.yaml\n', 'app/app.yaml': contextAndWorkload(), 'app/contextcore.yaml': 'apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nspec: [\n' },
      expect: /^error: contextcore\.yaml: .*invalid YAML/m,
    },
    { name: 'a namePrefix without our transformer, so the targets are renamed before expansion', files: { 'app/kustomization.yaml': 'namePrefix: prod-\nresources:\n  - app.yaml\n', 'app/app.yaml': contextAndWorkload() }, expect: /Deployment shop\/checkout/ },
  ];
  for (const f of FAILURES) {
    it(`fails on ${f.name}: exit 1, nothing on stdout, the problem named`, () => {
      const work = stage(f.files);
      generateFails(work, app(f.path ?? 'app', f.plugin), f.expect, f.absent);
    });
  }

  for (const s of SCRAPE_APPS) {
    it(`an app with a ${s.name} Service: ${s.exit ? 'generate fails with exit 1 and the target and the fix as the sync error' : `its Service is scraped on port ${s.port}, with its rules`}`, () => {
      const work = stage({ 'app/app.yaml': yaml(...s.resources) });
      const a = app('app');
      if (s.exit === 0) {
        const out = sortedManifests(generateOk(work, a));
        assert.equal(out.find((m) => m.kind === 'ServiceMonitor')?.spec.endpoints[0].port, s.port);
        assert.ok(out.some((m) => m.kind === 'PrometheusRule'));
        return;
      }
      for (const says of s.says) generateFails(work, a, says);
    });
  }

  it('the configuration of an ARGOCD_ENV_ value may refer to the build environment, as Argo CD expands it', () => {
    const work = stage({ 'app/app.yaml': contextAndWorkload() });
    const a = app('app', { env: [{ name: 'CONTEXTCORE_ENVIRONMENT', value: 'rev-$ARGOCD_APP_REVISION_SHORT' }] });
    const out = generateOk(work, a);
    assert.match(out, /deployment\.environment\.name=rev-f913b6c/);
  });
});

describe('Argo CD plugin: the generate contract without Argo CD', () => {
  const kustomized = examples().filter((n) => KUSTOMIZATION_FILE_NAMES.some((f) => existsSync(join(ROOT, 'examples', n, f))));
  const plain = examples().filter((n) => !kustomized.includes(n));

  it('there are examples to run generate on', () => assert.ok(kustomized.length + plain.length > 0));

  // kustomize orders resources its own way: those examples are compared as sets.
  for (const name of [...kustomized, ...plain]) {
    it(`in examples/${name}, generate prints the golden render (the goldens through this front end too)`, { skip: kubectl || plain.includes(name) ? false : 'kubectl is not installed' }, () => {
      const r = runCli(['argocd', 'generate'], { cwd: join(ROOT, 'examples', name), env: { ARGOCD_APP_NAME: '', ARGOCD_APP_NAMESPACE: '', ARGOCD_APP_PARAMETERS: '' } });
      assert.equal(r.code, 0, r.stderr);
      const golden = readFileSync(join(ROOT, 'test/golden', name, 'render.yaml'), 'utf8');
      if (plain.includes(name)) assert.equal(r.stdout, golden);
      else assert.deepEqual(sortedManifests(r.stdout), sortedManifests(golden));
    });
  }

  it('with no writable TMPDIR, generate of a kustomization says so and names the sidecar\'s /tmp', { skip: kubectl ? false : 'kubectl is not installed' }, () => {
    const r = runCli(['argocd', 'generate'], { cwd: join(ROOT, 'examples', kustomized[0]!), env: { TMPDIR: '/nonexistent/contextcore' } });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: cannot create a scratch directory for the kustomize build in \/nonexistent\/contextcore \(ENOENT\); TMPDIR must name a writable directory \(in the contextcore-cmp sidecar, the emptyDir mounted at \/tmp\)$/m);
  });

  it('outside any app directory, generate refuses to print an empty list', () => {
    const empty = mkdtempSync(join(scratch, 'empty-'));
    const r = runCli(['argocd', 'generate'], { cwd: empty });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /refusing to print an empty manifest list/);
  });

  it('argocd without a known subcommand is a usage error', () => {
    const r = runCli(['argocd', 'frobnicate']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
  });
});
