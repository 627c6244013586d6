// Helm charts as apps through the CLI (render, validate, plan, diff) with the pinned helm
// (scripts/go-tools.mjs): a chart directory is templated as the Argo CD plugin templates it, its
// ProjectContexts from its templates or from files beside Chart.yaml, dependencies vendored in
// charts/ or built (file://, and oci:// from a real registry on loopback) without writing into
// the repository, a kustomization with helmCharts:, and the failures: no helm, a template that
// does not render, a dependency that cannot be fetched.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runCli } from './helpers.js';
import { KUBECTL, KUSTOMIZE, resourcesByKey, scratch, snapshot, skipWithout, writeApp } from './orchestrators.js';
import { chartFiles, HELM, helm, libraryChart, under } from './support/charts.js';
import { overlayRepo } from './support/overlay-repo.js';
import { goTool } from './support/go-tools.js';
import { startOciRegistry, type OciRegistry } from './support/oci-registry.js';
import { startServer, type ServerProcess } from './support/server-process.js';

const withHelm = { CONTEXTCORE_HELM: HELM.path ?? '' };
const context = { project: 'shop', criticality: 'high', owner: 'shop-team', availability: '99.9' };
const values = (extra = '') => `replicas: 2\nimage: example/shop:1\ncontext: ${JSON.stringify(context)}\n${extra}`;
const shop = (extra: Partial<Parameters<typeof chartFiles>[0]> = {}) => chartFiles({ name: 'shop', contextTemplate: true, values: values(), ...extra });
const besideConfig = (spec: Record<string, unknown>) => stringify({ apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'contextcore' }, spec });
const besideContext = stringify({ apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name: 'shop-beside' }, spec: { project: { id: 'shop' }, business: { criticality: 'low', owner: 'shop-team' }, targets: [{ kind: 'Service', name: 'shop' }] } });

describe('a Helm chart through the CLI', { skip: HELM.skip }, () => {
  const dir = scratch('helm-cli');
  let n = 0;
  const repo = (files: Record<string, string>) => writeApp(join(dir, `repo-${n++}`), files);

  it('render templates the chart (release name: the directory\'s; namespace: the configuration\'s) and expands the ProjectContext of its templates', () => {
    const r = runCli(['render', 'shop'], { cwd: repo({ ...under('shop', shop()), 'shop/contextcore.yaml': besideConfig({ defaultNamespace: 'shop' }) }), env: withHelm });
    assert.equal(r.code, 0, r.stderr);
    const out = resourcesByKey(r.stdout);
    assert.equal((out.get('Deployment//shop')!.spec as any).replicas, 2);
    // Namespace-less, as helm templated them: they land in the namespace helm was given, which the selectors name.
    assert.ok(out.has('PrometheusRule//shop-slo'), [...out.keys()].join(', '));
    assert.match(JSON.stringify(out.get('PrometheusRule//shop-slo')), /namespace=\\"shop\\", job=\\"shop\\"/);
    assert.doesNotMatch(r.stdout, /namespace=\\?"default"/);
    assert.ok(!out.has('ProjectContextExpander//contextcore'), 'the configuration beside the chart configures, and is not printed');
  });

  it('a ProjectContext in a file beside Chart.yaml is part of the app; value files there are not read as manifests', () => {
    const r = runCli(['render', 'shop'], { cwd: repo({ ...under('shop', shop({ contextTemplate: false })), 'shop/projectcontext.yaml': besideContext, 'shop/values-prod.yaml': 'replicas: 5\n' }), env: withHelm });
    assert.equal(r.code, 0, r.stderr);
    const out = resourcesByKey(r.stdout);
    assert.ok(out.has('ProjectContext//shop-beside'), [...out.keys()].join(', '));
    assert.ok(out.has('ServiceMonitor//shop-contextcore'));
    assert.equal((out.get('Deployment//shop')!.spec as any).replicas, 2, 'values-prod.yaml is not a value file unless named');
  });

  it('a file beside Chart.yaml that holds a ProjectContext and other objects is refused, naming it', () => {
    const r = runCli(['render', 'shop'], { cwd: repo({ ...under('shop', shop({ contextTemplate: false })), 'shop/extra.yaml': `${besideContext}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n` }), env: withHelm });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: shop\/extra\.yaml#1: ConfigMap x: is beside a chart with a ProjectContext: a file beside Chart\.yaml may hold only ProjectContexts and a ProjectContextExpander; put the chart's objects in templates\/$/m);
  });

  it('a problem in a ProjectContext a template made names the template', () => {
    const r = runCli(['render', 'shop'], { cwd: repo(under('shop', shop({ values: values().replace('"high"', '"urgent"') }))), env: withHelm });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: shop\/templates\/context\.yaml: ProjectContext shop: spec\.business\.criticality: must be one of/m);
  });

  it('validate and plan see the same render', () => {
    const cwd = repo(under('shop', shop()));
    const v = runCli(['validate', 'shop'], { cwd, env: withHelm });
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stderr, /^valid: 1 ProjectContext\(s\), \d+ resources rendered$/m);
    const p = runCli(['plan', 'shop'], { cwd, env: withHelm });
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /\[ProjectContext default\/shop, high, P2\]/);
  });

  it('diff --git compares the chart at a ref with the work tree, and --affected finds the chart a change touches', () => {
    const git = overlayRepo(join(dir, `git-${n++}`));
    for (const [path, text] of Object.entries(under('charts/shop', shop()))) git.write(path, text);
    git.commit('a chart');
    git.edit('charts/shop/values.yaml', (t) => t.replace('"99.9"', '"99.95"'));
    const r = runCli(['diff', '--git', 'HEAD', 'charts/shop', '--format', 'json'], { cwd: git.root, env: withHelm });
    assert.equal(r.code, 0, r.stderr);
    const changed = JSON.parse(r.stdout).resources.filter((x: any) => x.change === 'changed').map((x: any) => `${x.resource.kind}/${x.resource.name}`);
    assert.ok(changed.includes('PrometheusRule/shop-slo'), changed.join(', '));
    const affected = runCli(['diff', '--git', 'HEAD', '--affected', '--format', 'json'], { cwd: git.root, env: withHelm });
    assert.equal(affected.code, 0, affected.stderr);
    assert.match(affected.stdout, /charts\/shop/);
    assert.doesNotMatch(affected.stdout, /charts\/shop\/templates|overlays/);
  });

  it('a chart whose ProjectContextExpander in a template places objects elsewhere than helm\'s namespace is refused', () => {
    const files = { ...under('shop', shop()), 'shop/templates/contextcore.yaml': besideConfig({ defaultNamespace: 'elsewhere' }) };
    const r = runCli(['render', 'shop'], { cwd: repo(files), env: withHelm });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: the chart shop was templated with --namespace default, and its ProjectContextExpander says namespace-less objects land in elsewhere \(spec\.defaultNamespace\): /m);
  });

  describe('dependencies', () => {
    it('vendored in charts/ (a directory): templated with the chart', () => {
      const files = { ...under('shop', shop({ dependencies: [{ name: 'lib', version: '0.1.0', repository: '' }] })), ...under('shop/charts/lib', libraryChart('lib')) };
      const r = runCli(['render', 'shop'], { cwd: repo(files), env: withHelm });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(resourcesByKey(r.stdout).has('ConfigMap//shop-lib'));
    });

    it('from a file:// repository: built in a copy, the repository left as it was', () => {
      const cwd = repo({ ...under('apps/shop', shop({ dependencies: [{ name: 'lib', version: '0.1.0', repository: 'file://../../libs/lib' }] })), ...under('libs/lib', libraryChart('lib')) });
      const before = snapshot(cwd);
      const r = runCli(['render', 'apps/shop'], { cwd, env: withHelm });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(resourcesByKey(r.stdout).has('ConfigMap//shop-lib'));
      assert.deepEqual(snapshot(cwd), before, 'no charts/ or Chart.lock written into the repository');
    });

    it('that cannot be fetched: helm\'s message, exit 1, nothing on stdout', () => {
      const cwd = repo(under('shop', shop({ dependencies: [{ name: 'lib', version: '0.1.0', repository: 'file://../missing' }] })));
      const r = runCli(['render', 'shop'], { cwd, env: withHelm });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: \S*helm dependency build for shop failed \(exit 1\): .*missing/m);
    });

    describe('from a chart repository named by its URL, with a Chart.lock', () => {
      // A static file server in a process of its own: helm and the CLI run synchronously here.
      let server: ServerProcess | undefined;
      let url = '';
      const home = join(dir, 'helm-home-http');
      const pkgs = join(dir, 'http-repo');
      before(async () => {
        mkdirSync(pkgs);
        helm(['package', writeApp(join(dir, 'lib-http-src'), libraryChart('lib')), '--destination', pkgs], { home });
        const serve = `const {createServer}=require('node:http');const {readFileSync}=require('node:fs');const {join,basename}=require('node:path');
createServer((q,r)=>{try{r.end(readFileSync(join(${JSON.stringify(pkgs)},basename(q.url||'/'))))}catch{r.statusCode=404;r.end()}}).listen(Number(process.argv[1]),'127.0.0.1');`;
        server = await startServer({
          label: 'the chart repository',
          command: process.execPath,
          cwd: dir,
          ports: 1,
          args: ([port]) => ['-e', serve, String(port)],
          ready: async ([port]) => (await fetch(`http://127.0.0.1:${port}/`)).status === 404,
        });
        url = `http://127.0.0.1:${server.ports[0]}`;
        helm(['repo', 'index', pkgs, '--url', url], { home });
      });
      after(() => server?.stop());

      it("helm wants it in its repositories file; the build gets a copy of that file with it added, as Argo CD adds it", () => {
        const chart = shop({ dependencies: [{ name: 'lib', version: '0.1.0', repository: url }] });
        // The lock as `helm dependency update` writes it, committed beside Chart.yaml.
        const locked = writeApp(join(dir, 'lock'), chart);
        helm(['dependency', 'update', locked], { home });
        const cwd = repo({ ...under('shop', chart), 'shop/Chart.lock': readFileSync(join(locked, 'Chart.lock'), 'utf8') });
        const own = join(dir, 'own-repositories.yaml');
        const env = { ...withHelm, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data'), HELM_REPOSITORY_CONFIG: own };
        const direct = spawnSync(HELM.path!, ['dependency', 'build'], { cwd: join(cwd, 'shop'), env: { ...process.env, ...env }, encoding: 'utf8' });
        assert.match(direct.stderr, /no repository definition for http:\/\/127\.0\.0\.1/, 'helm alone refuses it');
        rmSync(join(cwd, 'shop/charts'), { recursive: true, force: true });
        const r = runCli(['render', 'shop'], { cwd, env });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(resourcesByKey(r.stdout).has('ConfigMap//shop-lib'));
        assert.ok(!existsSync(own), "helm's own repositories file is left as it was");
      });
    });

    describe('from an OCI registry on loopback', { skip: goTool('registry').skip }, () => {
      let registry: OciRegistry;
      const home = join(dir, 'helm-home');
      before(async () => {
        registry = await startOciRegistry(goTool('registry').path!);
        const lib = writeApp(join(dir, 'lib-src'), libraryChart('lib'));
        const pkgs = join(dir, 'pkgs');
        mkdirSync(pkgs);
        helm(['package', lib, '--destination', pkgs], { home });
        helm(['push', join(pkgs, readdirSync(pkgs)[0]!), `oci://${registry.host}/charts`, '--plain-http'], { home });
      });
      after(() => registry?.close());

      it('helm dependency build pulls it (CONTEXTCORE_HELM_PLAIN_HTTP=true for a registry without TLS)', () => {
        const cwd = repo(under('shop', shop({ dependencies: [{ name: 'lib', version: '0.1.0', repository: `oci://${registry.host}/charts` }] })));
        const env = { ...withHelm, CONTEXTCORE_HELM_PLAIN_HTTP: 'true', HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
        const r = runCli(['render', 'shop'], { cwd, env });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(resourcesByKey(r.stdout).has('ConfigMap//shop-lib'));
        const plain = runCli(['render', 'shop'], { cwd, env: { ...env, CONTEXTCORE_HELM_PLAIN_HTTP: '' } });
        assert.equal(plain.code, 1, 'over HTTPS the plain-HTTP registry cannot answer');
        assert.match(plain.stderr, /server gave HTTP response to HTTPS client/);
      });
    });
  });

  it('a template that does not render: helm\'s message without its flag advice, exit 1, nothing on stdout', () => {
    const r = runCli(['render', 'shop'], { cwd: repo({ ...under('shop', shop()), 'shop/templates/broken.yaml': '{{ .Values.missing.deeper }}\n' }), env: withHelm });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: \S*helm template shop failed \(exit 1\): shop\/templates\/broken\.yaml:1:\d+ executing "shop\/templates\/broken\.yaml" at <\.Values\.missing\.deeper>: nil pointer evaluating interface \{\}\.deeper$/m);
    assert.doesNotMatch(r.stderr, /--debug/);
  });
});

describe('which helm templates a chart', () => {
  const dir = scratch('which-helm');
  const cwd = writeApp(join(dir, 'repo'), under('shop', shop()));
  const empty = join(dir, 'empty-bin');
  mkdirSync(empty);

  it('without helm: a usage error (exit 2) naming it, how to get it and CONTEXTCORE_HELM', () => {
    for (const command of ['render', 'validate', 'plan']) {
      const r = runCli([command, 'shop'], { cwd, env: { PATH: empty, CONTEXTCORE_HELM: '' } });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'contextcore: a Helm chart is templated with helm, and `helm` is not on PATH: install helm v3 or v4 (the sidecar image has helm v4.3.2: `go install helm.sh/helm/v4/cmd/helm@v4.3.2`), or set CONTEXTCORE_HELM to its path\n');
    }
  });

  it('a kustomization with helmCharts: without helm: exit 2 before kustomize runs, naming what needs it', () => {
    const repo = writeApp(join(dir, 'kustomized'), { 'app/kustomization.yaml': 'helmCharts:\n  - {name: shop}\n', ...under('app/charts/shop', shop()) });
    const r = runCli(['render', 'app'], { cwd: repo, env: { PATH: empty, CONTEXTCORE_HELM: '', CONTEXTCORE_KUSTOMIZE: '/nonexistent/kustomize build' } });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^contextcore: a kustomization with helmCharts: is templated with helm, and `helm` is not on PATH: /);
  });

  it('CONTEXTCORE_HELM naming a helm that is not there: exit 2, naming it', () => {
    const r = runCli(['render', 'shop'], { cwd, env: { CONTEXTCORE_HELM: '/nonexistent/helm' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^contextcore: a Helm chart is templated with helm, and \/nonexistent\/helm \(chosen by CONTEXTCORE_HELM="\/nonexistent\/helm"\) cannot be run \(ENOENT\)/);
  });
});

describe('a kustomization that inflates a chart (helmCharts:)', { skip: HELM.skip || skipWithout(KUSTOMIZE, 'kustomize', 'helmCharts: need kustomize v5.8 with helm v4') }, () => {
  const dir = scratch('helm-kustomize');
  const files = {
    ...under('app/charts/shop', shop({ namespaced: true })),
    'app/kustomization.yaml': 'helmCharts:\n  - name: shop\n    releaseName: shop\n    namespace: shop\n',
  };
  const cwd = writeApp(join(dir, 'repo'), files);

  it('is built with --enable-helm and the helm of every chart, and expanded after it', () => {
    const r = runCli(['render', 'app'], { cwd, env: { ...withHelm, CONTEXTCORE_KUSTOMIZE: `${KUSTOMIZE} build` } });
    assert.equal(r.code, 0, r.stderr);
    const out = resourcesByKey(r.stdout);
    assert.ok(out.has('PrometheusRule/shop/shop-slo'), [...out.keys()].join(', '));
    assert.match(JSON.stringify(out.get('PrometheusRule/shop/shop-slo')), /namespace=\\"shop\\", job=\\"shop\\"/);
    assert.ok(out.has('Deployment/shop/shop'));
  });

  it('Helm parameters of the plugin are refused for it: its helmCharts: entries carry their own values', () => {
    const r = runCli(['argocd', 'generate'], { cwd: join(cwd, 'app'), env: { ...withHelm, CONTEXTCORE_KUSTOMIZE: `${KUSTOMIZE} build`, ARGOCD_APP_PARAMETERS: '[{"name":"helm-values","string":"replicas: 3"}]' } });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: parameter helm-values: applies to a Helm chart app \(a directory with Chart\.yaml\), and this app is a kustomization/m);
  });

  it('with kubectl\'s kustomize (v5.5), which runs helm v3 only: said plainly, without its temporary names', { skip: skipWithout(KUBECTL, 'kubectl', 'kubectl kustomize is the kustomize refused') }, () => {
    const r = runCli(['render', 'app'], { cwd, env: { ...withHelm, CONTEXTCORE_KUSTOMIZE: `${KUBECTL} kustomize` } });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: \S*kubectl kustomize --enable-alpha-plugins --enable-helm app failed \(exit 1\): this kustomize runs helm v3 only \(kustomize before v5\.8, such as the one kubectl 1\.32 has built in\), and the helm is v4: /m);
    assert.doesNotMatch(r.stderr, /kustomize-helm-\d+/);
  });
});
