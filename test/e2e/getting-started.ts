// docs/getting-started.md, command by command, on a real API server: every `sh` block run in
// the page's order by bash in a scratch directory (admin kubeconfig, kubectl on PATH), every
// `yaml` block written first to the file its first line names (`# PATH`, as the reader sees it),
// every `text output` block compared with what the command before it printed. The page's GitHub URLs point here at local copies (SUBSTITUTIONS;
// each must be used, and no other URL may remain but the Application's repoURL).
//
// No Argo CD controller runs on these servers, so after the `application` step the test does what
// Argo CD would: reads the Application from the API server, renders it through the plugin as the
// repo-server runs it (test/argocd/cmp-harness: the plugin config from the cluster's ConfigMap,
// discovery, generate with the Application's environment, as the sidecar's user), applies the
// result into the destination namespace (CreateNamespace), and runs the PostSync hook with its
// Job's arguments as its ServiceAccount. kube-prometheus-stack is not installed either: its
// Prometheus object, as the chart renders it from the page's values, stands in for it.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { after, before, it } from 'node:test';
import { parse } from 'yaml';
import { ARGOCD_HEALTH_KEY } from '../../functions/argocd/conventions.js';
import { applicationEnv, applicationOf, generateManifest, loadPlugin, matchRepository, sidecar, splitManifests, stageRepository } from '../argocd/cmp-harness.js';
import { ROOT, SHARED, which } from '../helpers.js';
import { fencedBlocks, holdsLines, type FencedBlock } from '../support/fenced-blocks.js';
import { yamlStream } from '../support/kubectl.js';
import { bash } from '../support/shell.js';
import { OPERATOR_CRDS, PROJECT_CONTEXT_CRD, waitEstablished } from './crd-install.js';
import { argocdHealth } from './health-in-argocd.js';
import { deployWithHook, runHook, statusOf } from './hook-scenario.js';
import type { ServerUnderTest } from './server-under-test.js';

type Obj = Record<string, any>;

export const PAGE = join(ROOT, 'docs/getting-started.md');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const ARGOCD_INSTALL = join(SHARED, 'argocd/install-v3.5.1.yaml');
const REPO_URL = 'https://github.com/contextcore/contextcore-gitops.git';
/** The commit Argo CD resolves the Application's targetRevision to. */
const REVISION = 'f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8';
/** The Helm release of kube-prometheus-stack the page names. */
const RELEASE = 'kube-prometheus-stack';
const MONITORING = 'monitoring';
/** The page's values of kube-prometheus-stack. */
const VALUES_FILE = 'kube-prometheus-stack-values.yaml';
/** The step after which Argo CD syncs the Application. */
const SYNC_AFTER = 'application';

/** What the page needs besides a throwaway API server; undefined when it can run. */
export function gettingStartedSkip(sut: ServerUnderTest): string | undefined {
  if (!existsSync(ARGOCD_INSTALL)) return `no ${ARGOCD_INSTALL} (Argo CD's install.yaml, in ../shared)`;
  if (!existsSync(join(SHARED, 'crds/upstream'))) return `no ${join(SHARED, 'crds/upstream')} (prometheus-operator's CRDs)`;
  if (!sut.server.throwaway) return 'the page installs Argo CD cluster-wide: run on throwaway API servers only';
  return undefined;
}

/**
 * The page's URLs and the local copies that stand in for them, as a function of where the text
 * is used (a command runs in the work directory; a file's relative paths start at its directory).
 */
const SUBSTITUTIONS: Array<{ url: string; local: (dir: string) => string; copy?: string }> = [
  {
    url: 'https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/',
    local: () => `${join(SHARED, 'crds/upstream')}/`,
  },
  // Copied beside the kustomization: kustomize refuses a resource file outside its root.
  { url: 'https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/install.yaml', local: () => basename(ARGOCD_INSTALL), copy: ARGOCD_INSTALL },
  // A directory: kustomize takes one anywhere, by a relative path.
  ...['kustomize/crd', 'argocd/install'].map((path) => ({
    url: `https://github.com/contextcore/contextcore-gitops//${path}?ref=v${VERSION}`,
    local: (dir: string) => relative(dir, join(ROOT, path)),
  })),
];

/** The page's text as used in `dir`, with the local copies in place (put there when copied); counts each substitution. */
function localized(text: string, dir: string, used: Map<string, number>): string {
  let out = text;
  for (const s of SUBSTITUTIONS) {
    const parts = out.split(s.url);
    if (parts.length === 1) continue;
    used.set(s.url, (used.get(s.url) ?? 0) + parts.length - 1);
    if (s.copy) copyFileSync(s.copy, join(dir, basename(s.copy)));
    out = parts.join(s.local(dir));
  }
  return out;
}

/** A file the page has the reader write: its path (the block's first line, `# PATH`) and text. */
interface PageFile {
  path: string;
  text: string;
}

/** Steps of the page: its sh blocks, each with its expected output and the files written before it. */
interface Step {
  name: string;
  block: FencedBlock;
  output?: FencedBlock;
  files: PageFile[];
}

function stepsOf(markdown: string): Step[] {
  const steps: Step[] = [];
  let files: PageFile[] = [];
  const blocks = fencedBlocks(markdown);
  blocks.forEach((b, i) => {
    const where = `docs/getting-started.md:${b.line}`;
    if (b.lang === 'sh') {
      assert.equal(typeof b.info.step, 'string', `${where}: an sh block names its step (\`\`\`sh step=NAME)`);
      steps.push({ name: b.info.step as string, block: b, files });
      files = [];
    } else if (b.lang === 'yaml') {
      const path = /^# (\S+\.ya?ml)\n/.exec(b.body)?.[1];
      assert.ok(path, `${where}: a yaml block names its file on its first line (# PATH)`);
      files.push({ path, text: b.body });
    } else if (b.lang === 'text' && b.info.output) {
      assert.equal(blocks[i - 1]?.lang, 'sh', `${where}: an output block follows the sh block that prints it`);
      steps[steps.length - 1]!.output = b;
    } else assert.fail(`${where}: a \`\`\`${b.lang} block, which the test neither runs nor checks (sh step=NAME, yaml, text output)`);
  });
  assert.deepEqual(files, [], 'every yaml block comes before a step that uses it');
  return steps;
}

/**
 * The Prometheus object kube-prometheus-stack renders from these values for release `release`
 * (templates/prometheus/prometheus.yaml of the chart, 88.5.3): a selector given is kept; an
 * empty or missing one becomes `release: <release>` while *SelectorNilUsesHelmValues is true (the
 * default), else {}; a namespace selector given is kept, else {} (every namespace).
 */
export function chartPrometheus(values: Obj, release: string): Obj {
  const spec: Obj = values.prometheus?.prometheusSpec ?? {};
  const given = (v: unknown) => v && typeof v === 'object' && Object.keys(v).length > 0;
  const selector = (key: string) => (given(spec[key]) ? spec[key] : spec[`${key}NilUsesHelmValues`] !== false ? { matchLabels: { release } } : {});
  const namespaces = (key: string) => (given(spec[key]) ? spec[key] : {});
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Prometheus',
    metadata: { name: `${release}-prometheus`, namespace: MONITORING },
    spec: {
      serviceMonitorSelector: selector('serviceMonitorSelector'),
      serviceMonitorNamespaceSelector: namespaces('serviceMonitorNamespaceSelector'),
      ruleSelector: selector('ruleSelector'),
      ruleNamespaceSelector: namespaces('ruleNamespaceSelector'),
    },
  };
}

export function gettingStarted(sut: ServerUnderTest): void {
  const page = readFileSync(PAGE, 'utf8');
  const steps = stepsOf(page);
  const used = new Map<string, number>();
  let work = '';
  let env: NodeJS.ProcessEnv = {};
  let rendered: Obj[] = [];
  let values: Obj = {};

  // Once the server runs: its kubeconfig and scratch directory exist only then.
  before(() => {
    work = join(sut.dir, 'getting-started');
    mkdirSync(work, { recursive: true });
    env = { PATH: [dirname(which('kubectl')!), '/usr/local/bin', '/usr/bin', '/bin'].join(':'), HOME: work, KUBECONFIG: sut.admin.kubeconfig };
  });
  after(() => sut.admin.run(['delete', 'prometheuses.monitoring.coreos.com', '--all', '-n', MONITORING, '--ignore-not-found']));

  /** What Argo CD does once the Application exists: render through the plugin, apply, run the PostSync hook. */
  async function syncAsArgoCd(): Promise<void> {
    const application = JSON.parse((await sut.admin.ok(['-n', 'argocd', 'get', 'applications.argoproj.io', 'checkout', '-o', 'json'])).stdout);
    const app = applicationOf(application);
    assert.equal(app.repoURL, REPO_URL, 'the Application points at this repository, which the test stands in for');
    // The plugin config as the sidecar mounts it: the ConfigMap the Component generated.
    const repoServer = JSON.parse((await sut.admin.ok(['-n', 'argocd', 'get', 'deployment', 'argocd-repo-server', '-o', 'json'])).stdout);
    const volume = repoServer.spec.template.spec.volumes.find((v: Obj) => v.name === 'contextcore-cmp-plugin');
    const pluginConfig = JSON.parse((await sut.admin.ok(['-n', 'argocd', 'get', 'configmap', volume.configMap.name, '-o', 'json'])).stdout).data['plugin.yaml'];
    writeFileSync(join(work, 'plugin.yaml'), pluginConfig);
    const plugin = loadPlugin(join(work, 'plugin.yaml'));
    const repo = stageRepository(ROOT);
    const car = sidecar();
    try {
      const appEnv = applicationEnv(app, REVISION);
      assert.ok(matchRepository(plugin, repo, app.path, appEnv, car), 'discovery claims the app (its directory holds a ProjectContext)');
      const run = generateManifest(plugin, repo, app.path, appEnv, car);
      assert.equal(run.code, 0, run.stderr);
      rendered = splitManifests(run.stdout);
    } finally {
      car.dispose();
      rmSync(repo, { recursive: true, force: true });
    }
    // The kube-prometheus-stack release, as far as ContextCore sees it: its Prometheus object.
    await sut.namespaces([app.namespace!, MONITORING]);
    await sut.admin.ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], yamlStream([chartPrometheus(values, RELEASE)]));
    await waitEstablished(sut, [PROJECT_CONTEXT_CRD, ...OPERATOR_CRDS]);
    const site = await deployWithHook(sut, rendered, { context: 'checkout', destination: app.namespace });
    const hook = await runHook(site);
    assert.equal(hook.code, 0, hook.stderr);
  }

  for (const step of steps) {
    it(`step ${step.name}: ${step.block.body.trim().split('\n')[0]}${step.block.body.trim().includes('\n') ? ' …' : ''}`, async () => {
      for (const file of step.files) {
        const path = join(work, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, localized(file.text, dirname(path), used));
        if (file.path === VALUES_FILE) values = parse(file.text) ?? {};
      }
      const r = await bash(localized(step.block.body, work, used), work, env);
      assert.equal(r.code, 0, `docs/getting-started.md:${step.block.line}: ${r.stderr}${r.stdout}`);
      assert.doesNotMatch(r.stderr, /Warning/, r.stderr);
      if (step.output) assert.ok(holdsLines(r.stdout, step.output.body), `docs/getting-started.md:${step.output.line}: the output shown\n${step.output.body}\nis not in what the command printed\n${r.stdout}`);
      if (step.name === SYNC_AFTER) await syncAsArgoCd();
    });
  }

  it('every URL the page gives is swapped for a local copy, but the repository Argo CD reads', () => {
    assert.deepEqual(SUBSTITUTIONS.filter((s) => !used.get(s.url)).map((s) => s.url), [], 'substitutions the page no longer uses');
    // What the API server and the repo-server read as data, not what kubectl or kustomize fetch.
    const left = fencedBlocks(page)
      .filter((b) => b.lang === 'sh' || b.lang === 'yaml')
      .flatMap((b) => [...SUBSTITUTIONS.reduce((text, s) => text.split(s.url).join(''), b.body).matchAll(/https?:\/\/[^\s"']+/g)].map((m) => m[0]));
    assert.deepEqual([...new Set(left)].sort(), [REPO_URL, 'https://kubernetes.default.svc'].sort());
    assert.ok(steps.some((s) => s.name === SYNC_AFTER), `the page has a step ${SYNC_AFTER}`);
  });

  it('Argo CD with the Component: argocd-cm holds the ProjectContext health check, byte for byte', async () => {
    const cm = JSON.parse((await sut.admin.ok(['-n', 'argocd', 'get', 'configmap', 'argocd-cm', '-o', 'json'])).stdout);
    assert.equal(cm.data[ARGOCD_HEALTH_KEY], readFileSync(join(ROOT, 'argocd/install/resource_customizations/contextcore.io/ProjectContext/health.lua'), 'utf8'));
  });

  it('Argo CD’s health check, from argocd-cm in the cluster, gives the synced ProjectContext the health the page shows', async (t) => {
    const cm = JSON.parse((await sut.admin.ok(['-n', 'argocd', 'get', 'configmap', 'argocd-cm', '-o', 'json'])).stdout);
    const script = join(work, 'health.lua');
    writeFileSync(script, cm.data[ARGOCD_HEALTH_KEY]);
    const live = JSON.parse((await sut.admin.ok(['-n', 'commerce', 'get', 'projectcontexts.contextcore.io', 'checkout', '-o', 'json'])).stdout);
    const health = argocdHealth(script, live);
    if (!health) return t.skip('the Lua harness is not built (no Go)');
    assert.equal(health.status, 'Healthy');
    assert.ok(page.includes(`*Healthy*, \`${health.message}\``), `the page quotes Argo CD's message: ${health.message}`);
  });

  it('the hook recorded every artifact as verified, as the Application’s revision', async () => {
    const status = (await statusOf(sut, 'commerce', 'checkout'))!;
    assert.equal(status.coverage, 1);
    assert.equal(status.observedRevision, REVISION);
    assert.deepEqual([...new Set(status.artifacts.map((a: Obj) => a.state))], ['verified']);
  });

  it('the kube-prometheus-stack values fit the render: the sidecar finds the dashboard, the Prometheus selects the monitor and the rules', () => {
    const sidecar = values.grafana?.sidecar?.dashboards ?? {};
    const dashboard = rendered.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'checkout-dashboard')!;
    assert.equal(sidecar.enabled, true);
    assert.equal(dashboard.metadata.labels[sidecar.label], sidecar.labelValue, `the dashboard carries ${sidecar.label}: "${sidecar.labelValue}"`);
    const searched = sidecar.searchNamespace === 'ALL' ? 'ALL' : [sidecar.searchNamespace].flat().join(',').split(',');
    assert.ok(searched === 'ALL' || searched.includes(dashboard.metadata.namespace), `the sidecar searches ${dashboard.metadata.namespace}`);
    assert.ok(dashboard.metadata.annotations[sidecar.folderAnnotation], `the dashboard carries the folder annotation ${sidecar.folderAnnotation}`);
    assert.ok(page.replace(/\s+/g, ' ').includes(`folder \`${dashboard.metadata.annotations[sidecar.folderAnnotation]}\``), 'the page names the folder');
    const uid = JSON.parse(Object.values(dashboard.data as Record<string, string>)[0]!).uid;
    assert.ok(page.includes(`/d/${uid}`), `the page links the dashboard by its uid ${uid}`);
    const prometheus = chartPrometheus(values, RELEASE).spec;
    for (const kind of ['ServiceMonitor', 'PrometheusRule']) {
      const labels = rendered.find((o) => o.kind === kind)!.metadata.labels;
      const selector = kind === 'ServiceMonitor' ? prometheus.serviceMonitorSelector : prometheus.ruleSelector;
      for (const [k, v] of Object.entries(selector.matchLabels ?? {})) assert.equal(labels[k], v, `${kind} ${k}`);
    }
  });
}
