import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { besideChart, chartNamespace, chartWorkspace, helmChartsIn, httpRepositories, readChartOutput, releaseName, repositoriesWith, repositoryConfigPath } from '../../../../functions/helm/index.js';
import { toYamlStream } from '../../../../functions/core/index.js';
import { memoryFs } from '../../../argocd/memory-fs.js';
import { config, deployment, projectContext } from '../../../fixtures.js';

const CHART = 'apiVersion: v2\nname: shop\nversion: 0.1.0\n';

describe('what beside a chart is ours', () => {
  it('ProjectContexts and a ProjectContextExpander at the top of the chart directory; value files and templates are not read', () => {
    const fs = memoryFs({
      '/c/Chart.yaml': CHART,
      '/c/values.yaml': 'projectContext: {enabled: true}\n',
      '/c/values-prod.yaml': 'replicas: 3\n',
      '/c/projectcontext.yaml': toYamlStream([projectContext()]),
      '/c/contextcore.yaml': toYamlStream([config({ environment: 'prod' })]),
      '/c/templates/context.yaml': toYamlStream([projectContext({}, { name: 'other' })]),
    });
    const out = besideChart('/c', fs);
    assert.deepEqual(out.results, []);
    assert.deepEqual(out.resources.map((o) => o.kind).sort(), ['ProjectContext', 'ProjectContextExpander']);
    assert.deepEqual(out.origins.map((o) => o.path).sort(), ['contextcore.yaml', 'projectcontext.yaml']);
  });

  it('a file beside the chart with a ProjectContext and another object: an error naming the other object', () => {
    const out = besideChart('/c', memoryFs({ '/c/Chart.yaml': CHART, '/c/all.yaml': toYamlStream([projectContext(), deployment()]) }));
    assert.equal(out.resources.length, 1);
    assert.equal(out.results.length, 1);
    assert.match(out.results[0]!.message, /may hold only ProjectContexts and a ProjectContextExpander/);
    assert.equal(out.results[0]!.resourceRef?.kind, 'Deployment');
  });

  it('a broken file that names the kind is reported; one that only mentions the word is left alone', () => {
    const out = besideChart('/c', memoryFs({ '/c/Chart.yaml': CHART, '/c/ctx.yaml': 'apiVersion: contextcore.io/v1\nkind: ProjectContext\nspec: [\n', '/c/notes.yaml': 'about: "ProjectContext: [\n' }));
    assert.equal(out.results.length, 1);
    assert.equal(out.results[0]!.file?.path, 'ctx.yaml');
  });
});

describe('helm template\'s output', () => {
  it('each document is named by the template it came from, as a path in the app', () => {
    const stdout = '---\n# Source: shop/templates/workload.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n---\n# Source: shop/charts/lib/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';
    const out = readChartOutput(stdout, 'deploy/shop');
    assert.deepEqual(out.resources.map((o) => o.kind), ['Deployment', 'ConfigMap']);
    assert.deepEqual(out.origins.map((o) => o.path), ['deploy/shop/templates/workload.yaml', 'deploy/shop/charts/lib/templates/cm.yaml']);
  });

  it('a document that does not parse is an error naming its template', () => {
    const out = readChartOutput('---\n# Source: shop/templates/x.yaml\nkind: [\n', '.');
    assert.equal(out.results[0]?.file?.path, 'templates/x.yaml');
  });
});

describe('what a dependency build needs', () => {
  it('the chart and the charts its file:// dependencies name, transitively, at their places under a common root', () => {
    const fs = memoryFs({
      '/r/apps/shop/Chart.yaml': `${CHART}dependencies:\n  - {name: lib, version: 0.1.0, repository: "file://../../libs/lib"}\n  - {name: redis, version: 1.0.0, repository: "oci://registry.example.com/charts"}\n`,
      '/r/apps/shop/templates/a.yaml': 'x: 1\n',
      '/r/libs/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.0\ndependencies:\n  - {name: base, version: 0.1.0, repository: "file://../base"}\n',
      '/r/libs/base/Chart.yaml': 'apiVersion: v2\nname: base\nversion: 0.1.0\n',
    });
    assert.deepEqual(chartWorkspace('/r/apps/shop', fs), { root: '/r', dirs: ['apps/shop', 'libs/base', 'libs/lib'], app: 'apps/shop' });
  });

  it('a chart without file:// dependencies is copied alone', () => {
    assert.deepEqual(chartWorkspace('/r/shop', memoryFs({ '/r/shop/Chart.yaml': CHART })), { root: '/r/shop', dirs: ['.'], app: '.' });
  });
});

describe('release name and namespace', () => {
  it('the release name: the parameter, else the Application\'s name (of ns_name the name), else the chart directory\'s', () => {
    assert.equal(releaseName('given', 'app', '/r/shop'), 'given');
    assert.equal(releaseName(undefined, 'argocd_shop-prod', '/r/shop'), 'shop-prod');
    assert.equal(releaseName(undefined, undefined, '/r/shop/'), 'shop');
  });

  it('the namespace: the destination, else the configuration\'s default namespace, else default', () => {
    assert.equal(chartNamespace('shop', config({ defaultNamespace: 'x' })), 'shop');
    assert.equal(chartNamespace('', config({ defaultNamespace: 'x' })), 'x');
    assert.equal(chartNamespace(undefined, undefined), 'default');
  });
});

describe('kustomizations that inflate charts', () => {
  it('helmCharts: in the app\'s kustomization or in a base it builds is found', () => {
    const fs = memoryFs({ '/r/base/kustomization.yaml': 'helmCharts:\n  - {name: shop}\n', '/r/app/kustomization.yaml': 'resources: [../base]\n', '/r/plain/kustomization.yaml': 'resources: [a.yaml]\nhelmCharts: []\n' });
    assert.deepEqual(helmChartsIn('/r/app', fs), ['/r/base/kustomization.yaml']);
    assert.deepEqual(helmChartsIn('/r/plain', fs), []);
  });
});

describe('the repositories a dependency build must know', () => {
  it('the http(s) repositories a chart names, not file://, oci:// or @alias ones', () => {
    const fs = memoryFs({ '/c/Chart.yaml': `${CHART}dependencies:\n  - {name: a, repository: "https://charts.example.com"}\n  - {name: b, repository: "oci://r.example.com/x"}\n  - {name: c, repository: "@internal"}\n  - {name: d, repository: "file://../d"}\n  - {name: e, repository: "https://charts.example.com"}\n` });
    assert.deepEqual(httpRepositories('/c', fs), ['https://charts.example.com']);
  });

  it("helm's repositories file: HELM_REPOSITORY_CONFIG, else under HELM_CONFIG_HOME, XDG_CONFIG_HOME, ~/.config", () => {
    assert.equal(repositoryConfigPath({ HELM_REPOSITORY_CONFIG: '/etc/helm/r.yaml', HELM_CONFIG_HOME: '/x' }, '/home/u'), '/etc/helm/r.yaml');
    assert.equal(repositoryConfigPath({ HELM_CONFIG_HOME: '/tmp/helm/config' }, '/home/u'), '/tmp/helm/config/repositories.yaml');
    assert.equal(repositoryConfigPath({ XDG_CONFIG_HOME: '/xdg' }, '/home/u'), '/xdg/helm/repositories.yaml');
    assert.equal(repositoryConfigPath({}, '/home/u'), '/home/u/.config/helm/repositories.yaml');
  });

  it('the missing ones are added, named as Argo CD names them; entries with credentials are kept; none missing, no copy', () => {
    const own = 'apiVersion: ""\nrepositories:\n  - {name: internal, url: "https://charts.example.com/", username: u, password: p}\n';
    const merged = parse(repositoriesWith(own, ['https://charts.example.com', 'https://other.example.com/charts'])!);
    assert.deepEqual(merged.repositories, [
      { name: 'internal', url: 'https://charts.example.com/', username: 'u', password: 'p' },
      { name: 'https:--other.example.com-charts', url: 'https://other.example.com/charts' },
    ]);
    assert.equal(repositoriesWith(own, ['https://charts.example.com']), undefined);
    assert.deepEqual(parse(repositoriesWith(undefined, ['https://a.example.com'])!).repositories, [{ name: 'https:--a.example.com', url: 'https://a.example.com' }]);
  });
});
