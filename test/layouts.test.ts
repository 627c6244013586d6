// Repository layouts × front ends: each layout built through every front end that supports it
// (`contextcore render`, `kubectl kustomize --enable-alpha-plugins` with the installed plugin,
// `kpt fn eval`/`kpt fn render`, `argocd generate` under the CMP harness), with the real tools
// (helm and kustomize v5.8 for the layouts with charts).
// For each build: every namespace="…" and job="…" of every generated PromQL expression
// (PrometheusRules and dashboard queries) names a Service of the output in that namespace whose
// selector matches a workload there, every context key names the ProjectContext's final place, an
// overlay's patch of the ProjectContext shows in the rules, and a layout gives the same resources
// through every front end that supports it. A front end that cannot support a layout fails the
// build, naming the layout and the fix, and prints nothing.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import { applicationEnv, generateManifest, loadPlugin, sidecar, stageRepository, type Sidecar } from './argocd/cmp-harness.js';
import { ROOT, runCli } from './helpers.js';
import { FN_COMMAND, KPT, KUBECTL, KUSTOMIZE, packageStream, resourcesByKey, runTool, scratch, skipWithout, writeApp } from './orchestrators.js';
import { chartFiles, HELM, under } from './support/charts.js';

type FrontEnd = 'render' | 'kubectl' | 'kpt' | 'argocd';
type Obj = Record<string, any>;

const skip = skipWithout(KUBECTL && KPT, 'kubectl or kpt', 'the layout matrix builds with kubectl kustomize and kpt');
const REVISION = '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d';
const COMPONENT_FILES = ['kustomization.yaml', 'projectcontextexpander.yaml'];

const labels = { app: 'payments' };
const context = (namespace?: string) => ({
  apiVersion: 'contextcore.io/v1',
  kind: 'ProjectContext',
  metadata: { name: 'payments', ...(namespace ? { namespace } : {}) },
  spec: {
    project: { id: 'payments' },
    business: { criticality: 'high', owner: 'pay-team', value: 'revenue-primary' },
    requirements: { availability: '99.9', latencyP99: '300ms' },
    targets: [{ kind: 'Deployment', name: 'payments' }, { kind: 'Service', name: 'payments' }],
  },
});
const workload = (namespace?: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'payments', labels, ...(namespace ? { namespace } : {}) },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'example/payments:1' }] } } },
});
const svc = (namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'payments', labels, ...(namespace ? { namespace } : {}) },
  spec: { selector: labels, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] },
});
const app = (namespace?: string) => [context(namespace), workload(namespace), svc(namespace)].map((o) => stringify(o)).join('---\n');
const contextcoreConfig = readFileSync(join(ROOT, 'kustomize/components/contextcore/projectcontextexpander.yaml'), 'utf8');
const raise = 'patches:\n  - target: {kind: ProjectContext, name: payments}\n    patch: |\n      - op: replace\n        path: /spec/requirements/availability\n        value: "99.95"\n';
/** A stand-in for the catalog's set-namespace (its image needs Docker; its module is not on the Go proxy): the namespace of every namespaced item. */
const SET_NAMESPACE = `import { readFileSync } from 'node:fs';
import { parse, stringify } from ${JSON.stringify(join(ROOT, 'node_modules/yaml/dist/index.js'))};
const list = parse(readFileSync(0, 'utf8'));
const ns = list.functionConfig?.data?.namespace;
for (const item of list.items) {
  if (item.kind === 'Kptfile' || item.metadata?.annotations?.['config.kubernetes.io/local-config'] === 'true') continue;
  item.metadata.namespace = ns;
}
process.stdout.write(stringify(list));
`;

interface Layout {
  name: string;
  files: Record<string, string>;
  /** The app directory (kustomization or kpt package). */
  app: string;
  /** Where the workloads end up. */
  namespace: string;
  /** The objective the rules must hold when an overlay patches it. */
  objective?: string;
  /** Argo CD's destination namespace (default: one that must not win over kustomize's). */
  destination?: string;
  supported: FrontEnd[];
  refused?: Partial<Record<FrontEnd, RegExp>>;
  /** Front ends that cannot see the step that makes the layout wrong, and build it wrong (documented). */
  undetected?: FrontEnd[];
  /** The kpt command: eval of the package, or render of its Kptfile pipeline. */
  kpt?: 'eval' | 'render';
  /** Templated with helm (the pinned build; and kustomize v5.8 for helmCharts:, as the sidecar image has). */
  helm?: boolean;
}

/** A chart named payments (its release name, by its directory or the Application's name) making the app of every layout. */
const paymentsChart = (namespaced: boolean) =>
  chartFiles({ name: 'payments', contextTemplate: true, namespaced, values: `replicas: 1\nimage: example/payments:1\ncontext: {project: payments, criticality: high, owner: pay-team, availability: "99.9"}\n` });

const component = 'components/contextcore';
const LAYOUTS: Layout[] = [
  {
    name: 'a component beside namespace:',
    files: { 'app/kustomization.yaml': `namespace: pay\nresources: [app.yaml]\ncomponents: [../${component}]\n`, 'app/app.yaml': app() },
    app: 'app',
    namespace: 'pay',
    supported: ['render', 'argocd'],
    refused: { kubectl: /no metadata\.namespace, and the kustomize plugin cannot know where it will be: .*\(the layout \\*"component beside namespace:\\*"\).* list the ProjectContextExpander config under transformers: of the kustomization that sets namespace:/ },
  },
  {
    name: 'a component in an overlay over a namespaced base',
    files: { 'base/kustomization.yaml': 'namespace: pay\nresources: [app.yaml]\n', 'base/app.yaml': app(), 'overlays/prod/kustomization.yaml': `resources: [../../base]\ncomponents: [../../${component}]\n` },
    app: 'overlays/prod',
    namespace: 'pay',
    supported: ['render', 'argocd', 'kubectl'],
  },
  {
    name: 'the transformer config under transformers:, beside namespace: and a patch of the ProjectContext',
    files: { 'base/kustomization.yaml': 'resources: [app.yaml]\n', 'base/app.yaml': app(), 'overlays/prod/kustomization.yaml': `namespace: pay\nresources: [../../base]\n${raise}transformers: [contextcore.yaml]\n`, 'overlays/prod/contextcore.yaml': contextcoreConfig },
    app: 'overlays/prod',
    namespace: 'pay',
    objective: '99.95',
    supported: ['render', 'argocd', 'kubectl'],
  },
  {
    name: 'resources with explicit namespaces',
    files: { 'app/kustomization.yaml': `resources: [app.yaml]\ncomponents: [../${component}]\n`, 'app/app.yaml': app('pay') },
    app: 'app',
    namespace: 'pay',
    supported: ['render', 'argocd', 'kubectl', 'kpt'],
    kpt: 'eval',
  },
  {
    name: 'an overlay that patches the ProjectContext, without ContextCore in its kustomizations (the front end adds it last)',
    files: { 'base/kustomization.yaml': 'resources: [app.yaml]\n', 'base/app.yaml': app(), 'overlays/prod/kustomization.yaml': `namespace: pay\nresources: [../../base]\n${raise}` },
    app: 'overlays/prod',
    namespace: 'pay',
    objective: '99.95',
    supported: ['render', 'argocd'],
  },
  {
    name: 'a namespace: of an overlay over a base that runs ContextCore',
    files: { 'base/kustomization.yaml': `resources: [app.yaml]\ncomponents: [../${component}]\n`, 'base/app.yaml': app(), 'overlays/prod/kustomization.yaml': 'namespace: pay\nresources: [../../base]\n' },
    app: 'overlays/prod',
    namespace: 'pay',
    supported: ['render', 'argocd'],
    refused: { kubectl: /no metadata\.namespace, and the kustomize plugin cannot know where it will be/ },
  },
  {
    name: "Argo CD's destination namespace for namespace-less objects",
    files: { 'app/kustomization.yaml': `resources: [app.yaml]\ncomponents: [../${component}]\n`, 'app/app.yaml': app() },
    app: 'app',
    namespace: 'pay',
    destination: 'pay',
    supported: ['argocd'],
    refused: { kubectl: /no metadata\.namespace, and the kustomize plugin cannot know where it will be/ },
  },
  {
    name: 'a Helm chart whose templates name .Release.Namespace, its namespace in a ProjectContextExpander beside Chart.yaml',
    files: { ...under('payments', paymentsChart(true)), 'payments/contextcore.yaml': 'apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nmetadata: {name: contextcore}\nspec: {defaultNamespace: pay}\n' },
    app: 'payments',
    namespace: 'pay',
    destination: 'pay',
    supported: ['render', 'argocd'],
    helm: true,
  },
  {
    name: "a Helm chart's namespace-less objects in Argo CD's destination namespace",
    files: under('payments', paymentsChart(false)),
    app: 'payments',
    namespace: 'pay',
    destination: 'pay',
    supported: ['argocd'],
    helm: true,
  },
  {
    name: 'a Helm chart whose ProjectContextExpander, in a template, places namespace-less objects elsewhere than helm\'s namespace',
    files: { ...under('payments', paymentsChart(false)), 'payments/templates/contextcore.yaml': 'apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nmetadata: {name: contextcore}\nspec: {defaultNamespace: pay}\n' },
    app: 'payments',
    namespace: 'pay',
    destination: 'pay',
    supported: ['argocd'],
    refused: { render: /the chart payments was templated with --namespace default, and its ProjectContextExpander says namespace-less objects land in pay \(spec\.defaultNamespace\): set the namespace where helm sees it too/ },
    helm: true,
  },
  {
    // kustomize v5.8 gives helm the namespace: (--namespace) instead of setting it on what the chart makes.
    name: 'a kustomization that inflates a chart (helmCharts:) whose templates name .Release.Namespace, beside namespace:',
    files: { 'app/kustomization.yaml': 'namespace: pay\nhelmCharts:\n  - {name: payments, releaseName: payments}\n', ...under('app/charts/payments', paymentsChart(true)) },
    app: 'app',
    namespace: 'pay',
    supported: ['render', 'argocd'],
    helm: true,
  },
  {
    name: "a kustomization that inflates a chart (helmCharts:) beside namespace:, the chart's objects namespace-less (they land in Argo CD's destination namespace)",
    files: { 'app/kustomization.yaml': 'namespace: shop\nhelmCharts:\n  - {name: payments, releaseName: payments}\n', ...under('app/charts/payments', paymentsChart(false)) },
    app: 'app',
    namespace: 'pay',
    destination: 'pay',
    supported: ['argocd'],
    helm: true,
  },
  {
    name: 'kpt fn render with a namespace mutator before ContextCore',
    files: {
      'pkg/Kptfile': `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n  annotations: {config.kubernetes.io/local-config: "true"}\npipeline:\n  mutators:\n    - exec: SET_NAMESPACE\n      configMap: {namespace: pay}\n    - exec: ${FN_COMMAND}\n`,
      'pkg/app.yaml': app(),
    },
    app: 'pkg',
    namespace: 'pay',
    supported: ['kpt'],
    kpt: 'render',
  },
  {
    name: 'kpt fn render with a namespace mutator after ContextCore',
    files: {
      'pkg/Kptfile': `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n  annotations: {config.kubernetes.io/local-config: "true"}\npipeline:\n  mutators:\n    - exec: ${FN_COMMAND}\n    - exec: SET_NAMESPACE\n      configMap: {namespace: pay}\n`,
      'pkg/app.yaml': app('pay'),
    },
    app: 'pkg',
    namespace: 'pay',
    supported: [],
    refused: { kpt: /pipeline\.mutators\[1\] \(.*set-namespace.*\) runs after ContextCore \(pipeline\.mutators\[0\]\) and moves or renames the objects.*list it before ContextCore in pipeline\.mutators/ },
    kpt: 'render',
  },
  {
    name: 'a namePrefix: beside the component',
    files: { 'app/kustomization.yaml': `namespace: pay\nnamePrefix: prod-\nresources: [app.yaml]\ncomponents: [../${component}]\n`, 'app/app.yaml': app() },
    app: 'app',
    namespace: 'pay',
    supported: [],
    refused: {
      render: /the ContextCore component listed in .*components\/contextcore\/kustomization\.yaml runs before namePrefix: prod- of .*app\/kustomization\.yaml.*list its ProjectContextExpander config under transformers: of .*app\/kustomization\.yaml/,
      argocd: /runs before namePrefix: prod- of kustomization\.yaml/,
      kubectl: /no metadata\.namespace, and the kustomize plugin cannot know where it will be/,
    },
  },
  {
    name: 'a nameSuffix: of an overlay over a base that runs ContextCore, resources with explicit namespaces',
    files: { 'base/kustomization.yaml': `resources: [app.yaml]\ncomponents: [../${component}]\n`, 'base/app.yaml': app('pay'), 'overlays/prod/kustomization.yaml': 'nameSuffix: -v2\nresources: [../../base]\n' },
    app: 'overlays/prod',
    namespace: 'pay',
    supported: [],
    refused: { render: /runs before nameSuffix: -v2 of .*overlays\/prod\/kustomization\.yaml/, argocd: /runs before nameSuffix: -v2 of kustomization\.yaml/ },
    undetected: ['kubectl'],
  },
  {
    name: 'a patch of the ProjectContext beside the component',
    files: { 'base/kustomization.yaml': 'namespace: pay\nresources: [app.yaml]\n', 'base/app.yaml': app(), 'overlays/prod/kustomization.yaml': `resources: [../../base]\ncomponents: [../../${component}]\n${raise}` },
    app: 'overlays/prod',
    namespace: 'pay',
    objective: '99.95',
    supported: [],
    undetected: ['kubectl'],
    refused: {
      render: /ProjectContext pay\/payments: is not the ProjectContext ContextCore expanded \(pay\/payments\): a step of the build after the expansion .* runs before patches: of .*overlays\/prod\/kustomization\.yaml/,
      argocd: /ProjectContext pay\/payments: is not the ProjectContext ContextCore expanded/,
    },
  },
];

const docs = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((o) => o && typeof o === 'object');

const matches = (selector: Obj, podLabels: Obj) => Object.entries(selector).every(([k, v]) => podLabels?.[k] === v);

/** Every PromQL expression ContextCore generated: PrometheusRule rules and dashboard queries. */
function generatedPromql(objects: Obj[]): string[] {
  const managed = objects.filter((o) => o.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'contextcore');
  const exprs: string[] = [];
  for (const o of managed.filter((x) => x.kind === 'PrometheusRule')) for (const g of o.spec.groups) for (const r of g.rules) exprs.push(String(r.expr));
  const walk = (panels: Obj[] = []) => {
    for (const p of panels) {
      for (const t of p.targets ?? []) if (typeof t.expr === 'string') exprs.push(t.expr);
      walk(p.panels);
    }
  };
  for (const o of managed.filter((x) => x.kind === 'ConfigMap')) {
    for (const value of Object.values(o.data ?? {})) {
      const json = JSON.parse(String(value));
      if (Array.isArray(json.panels)) walk(json.panels);
    }
  }
  return exprs;
}

/** What does not hold of a build's output; `landing` is where namespace-less objects land. */
function placementProblems(text: string, landing: string): string[] {
  const objects = docs(text);
  const ns = (o: Obj) => o.metadata?.namespace || landing;
  const problems: string[] = [];
  const exprs = generatedPromql(objects);
  if (!exprs.length) return ['no generated PromQL in the output'];
  let selectors = 0;
  for (const expr of exprs) {
    for (const block of expr.match(/\{[^{}]*\}/g) ?? []) {
      const namespace = /(?:^|[{,\s])namespace="([^"]*)"/.exec(block)?.[1];
      const job = /(?:^|[{,\s])job="([^"]*)"/.exec(block)?.[1];
      const contextKey = /contextcore_context="([^"]*)"/.exec(block)?.[1];
      if (namespace === undefined && job === undefined) continue;
      selectors++;
      const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === job && ns(o) === namespace);
      if (!service) problems.push(`${block}: no Service ${namespace}/${job} in the output`);
      else if (!objects.some((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) && ns(o) === namespace && matches(service.spec.selector, o.spec.template.metadata.labels))) problems.push(`${block}: no workload of Service ${namespace}/${job}`);
      if (contextKey !== undefined && contextKey !== `${namespace}/payments`) problems.push(`${block}: context ${contextKey}, not ${namespace}/payments`);
    }
  }
  if (!selectors) problems.push('no namespace/job selector in the generated PromQL');
  for (const o of objects) {
    const key = o.metadata?.annotations?.['contextcore.io/projectcontext'];
    if (key !== undefined && key !== `${ns(o)}/payments`) problems.push(`${o.kind} ${ns(o)}/${o.metadata.name}: context key ${key}`);
  }
  return problems;
}

describe('layouts × front ends', { skip }, () => {
  const dir = scratch('layouts');
  const home = join(dir, 'plugin-home');
  const setNamespace = join(dir, 'set-namespace.mjs');
  const plugin = loadPlugin();
  let car: Sidecar;

  before(() => {
    const installed = runCli(['kustomize', 'install-plugin', '--plugin-home', home]);
    assert.equal(installed.code, 0, installed.stderr);
    writeFileSync(setNamespace, SET_NAMESPACE);
    car = sidecar();
  });
  after(() => car?.dispose());

  /** The layout as a repository: its files, with the component and the set-namespace stand-in in place. */
  function repository(layout: Layout, where: string): string {
    const files: Record<string, string> = {};
    for (const f of COMPONENT_FILES) files[`${component}/${f}`] = readFileSync(join(ROOT, 'kustomize/components/contextcore', f), 'utf8');
    for (const [path, text] of Object.entries(layout.files)) files[path] = text.replace('SET_NAMESPACE', `${process.execPath} ${setNamespace}`);
    return writeApp(mkdtempSync(join(dir, `${where}-`)), files);
  }

  function build(layout: Layout, frontEnd: FrontEnd): { code: number | null; stdout: string; stderr: string } {
    const repo = repository(layout, frontEnd);
    const appDir = join(repo, layout.app);
    switch (frontEnd) {
      case 'render':
        return runCli(['render', relative(repo, appDir)], { cwd: repo, env: helmEnv(layout) });
      case 'kubectl':
        return runTool(KUBECTL!, ['kustomize', '--enable-alpha-plugins', appDir], { env: { KUSTOMIZE_PLUGIN_HOME: home } });
      case 'kpt': {
        const args = layout.kpt === 'render' ? ['fn', 'render', appDir, '--allow-exec'] : ['fn', 'eval', appDir, '--exec', FN_COMMAND];
        const r = runTool(KPT!, args);
        return { ...r, stdout: r.code === 0 ? packageStream(appDir) : '' };
      }
      case 'argocd': {
        const work = stageRepository(repo);
        const env = applicationEnv({ name: 'payments', namespace: layout.destination ?? 'elsewhere', repoURL: 'https://git.example.com/pay.git', path: layout.app }, REVISION);
        return generateManifest(plugin, work, layout.app, env, car);
      }
    }
  }

  /** What render prints with the settings an Argo CD Application gives (for comparing the two). */
  function renderAsArgocd(layout: Layout): string {
    const repo = repository(layout, 'render-as-argocd');
    const config = join(repo, 'application-settings.yaml');
    const spec = { defaultNamespace: layout.destination ?? 'elsewhere', source: { application: 'payments', repoURL: 'https://git.example.com/pay.git', revision: REVISION } };
    writeFileSync(config, stringify({ apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'contextcore' }, spec }));
    const r = runCli(['render', layout.app, '--config', config], { cwd: repo, env: helmEnv(layout) });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  }

  /** The pinned helm and kustomize for a layout with a chart, as the sidecar image has them. */
  const helmEnv = (layout: Layout) => (layout.helm ? { CONTEXTCORE_HELM: HELM.path ?? '', CONTEXTCORE_KUSTOMIZE: KUSTOMIZE ? `${KUSTOMIZE} build` : '' } : {});

  const chartSkip = HELM.skip || skipWithout(KUSTOMIZE, 'kustomize', 'the layouts with charts build helmCharts: with kustomize v5.8, as the sidecar image does');
  for (const layout of LAYOUTS) {
    describe(layout.name, { skip: layout.helm ? chartSkip : false }, () => {
      const outputs = new Map<FrontEnd, string>();
      for (const frontEnd of layout.supported) {
        it(`${frontEnd}: every generated selector names where the objects are`, () => {
          const r = build(layout, frontEnd);
          assert.equal(r.code, 0, r.stderr);
          const landing = frontEnd === 'argocd' ? (layout.destination ?? 'elsewhere') : 'default';
          assert.deepEqual(placementProblems(r.stdout, landing), []);
          const placed = docs(r.stdout).filter((o) => ['Deployment', 'Service', 'PrometheusRule', 'ServiceMonitor'].includes(o.kind));
          assert.deepEqual([...new Set(placed.map((o) => o.metadata.namespace || landing))], [layout.namespace]);
          if (layout.objective) assert.match(JSON.stringify(docs(r.stdout).filter((o) => o.kind === 'PrometheusRule')), new RegExp(`of the ${layout.objective.replace('.', '\\.')}% objective`), "the overlay's patch shows in the rules");
          outputs.set(frontEnd, r.stdout);
        });
      }
      for (const [frontEnd, message] of Object.entries(layout.refused ?? {}) as Array<[FrontEnd, RegExp]>) {
        it(`${frontEnd}: refused, naming the layout and the fix, with nothing on stdout`, () => {
          const r = build(layout, frontEnd);
          assert.notEqual(r.code, 0);
          assert.equal(frontEnd === 'kpt' ? '' : r.stdout, '');
          assert.match(r.stderr, message);
        });
      }
      for (const frontEnd of layout.undetected ?? []) {
        it(`${frontEnd}: cannot see the step that makes the layout wrong, and builds it wrong (the documented limit)`, () => {
          const r = build(layout, frontEnd);
          assert.equal(r.code, 0, r.stderr);
          const stale = layout.objective !== undefined && !new RegExp(`of the ${layout.objective.replace('.', '\\.')}% objective`).test(r.stdout);
          assert.ok(stale || placementProblems(r.stdout, 'default').length > 0, 'the output is right after all: move the front end to supported');
        });
      }
      const others = layout.supported.filter((f) => f !== 'render' && f !== 'argocd');
      if (layout.supported.includes('render') && others.length) {
        it(`gives the same resources through ${['render', ...others].join(', ')}`, () => {
          for (const f of others) assert.deepEqual(resourcesByKey(outputs.get(f)!), resourcesByKey(outputs.get('render')!), f);
        });
      }
      if (layout.supported.includes('argocd') && layout.supported.includes('render')) {
        it('argocd generate gives what render gives with the Application\'s settings', () => {
          assert.deepEqual(resourcesByKey(outputs.get('argocd')!), resourcesByKey(renderAsArgocd(layout)));
        });
      }
    });
  }
});

describe('the layout matrix itself', () => {
  it('the Layouts table of docs/kustomize-kpt.md says what each front end does with each layout', () => {
    const doc = readFileSync(join(ROOT, 'docs/kustomize-kpt.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Layouts'));
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| layout')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    const columns: FrontEnd[] = ['render', 'kubectl', 'kpt', 'argocd'];
    const verdict = (l: Layout, f: FrontEnd) => (l.supported.includes(f) ? 'builds' : l.refused?.[f] ? 'refused' : l.undetected?.includes(f) ? 'not detected' : '—');
    assert.deepEqual(rows, LAYOUTS.map((l) => [l.name, ...columns.map((f) => verdict(l, f))]));
  });

  it('the matrix covers every front end, each where it builds and where it refuses', () => {
    for (const f of ['render', 'kubectl', 'kpt', 'argocd'] as FrontEnd[]) {
      assert.ok(LAYOUTS.some((l) => l.supported.includes(f)), `${f} builds a layout`);
      assert.ok(LAYOUTS.some((l) => l.refused?.[f]), `${f} refuses a layout`);
    }
  });
});
