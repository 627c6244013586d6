// What a Helm chart app is made of besides `helm template`'s output: the ProjectContexts (and a
// ProjectContextExpander) in files beside the chart, the output split by the template it came
// from, the directories a dependency build must see (the chart and the charts its file://
// dependencies name, transitively), and the release name and namespace it is templated with.
// Pure over the file-system interface of the discover rule.

import { posix } from 'node:path';
import type { DiscoverFs } from '../argocd/kustomization-graph.js';
import { commonAncestor } from '../argocd/plugin-form.js';
import { DEFAULT_NAMESPACE, error, isConfig, isProjectContext, PROJECT_CONTEXT_KIND, type KubeObject, type Origin, type Result } from '../core/index.js';
import { CHART_FILE } from './conventions.js';
import { parseYamlStream } from '../core/yaml-library.js';

export interface ChartObjects {
  resources: KubeObject[];
  origins: Origin[];
  results: Result[];
}

const ours = (o: KubeObject) => isProjectContext(o) || isConfig(o);

/**
 * The ProjectContexts and ProjectContextExpanders in files at the top of the chart directory
 * (beside Chart.yaml and values.yaml; never templates/, charts/ or crds/, which are helm's). A
 * file is taken when it holds one of them, and then must hold nothing else: the chart's own
 * objects come from its templates. Other files there (value files, values.schema.json) are not
 * read as manifests. chartDir is absolute; origins are relative to it.
 */
export function besideChart(chartDir: string, fs: DiscoverFs): ChartObjects {
  const dir = posix.normalize(chartDir);
  const out: ChartObjects = { resources: [], origins: [], results: [] };
  for (const path of fs.files(dir).filter((p) => posix.dirname(p) === dir)) {
    const text = fs.read(path);
    if (text === undefined || !text.includes(PROJECT_CONTEXT_KIND)) continue;
    const rel = posix.relative(dir, path);
    const parsed = parseYamlStream(text, rel);
    if (parsed.results.length) {
      // A value file that only mentions the word is not ours; one that fails to parse and names the kind is.
      if (new RegExp(`^\\s*kind:\\s*["']?${PROJECT_CONTEXT_KIND}`, 'm').test(text)) out.results.push(...parsed.results);
      continue;
    }
    if (!parsed.objects.some(ours)) continue;
    parsed.objects.forEach((o, i) => {
      if (ours(o)) {
        out.resources.push(o);
        out.origins.push(parsed.origins[i] ?? { path: rel });
      } else {
        out.results.push(error(`is beside a chart with a ProjectContext: a file beside Chart.yaml may hold only ProjectContexts and a ProjectContextExpander; put the chart's objects in templates/`, { resource: o, origin: parsed.origins[i] ?? { path: rel } }));
      }
    });
  }
  return out;
}

/**
 * `helm template`'s YAML stream read document by document, each named by the template it came
 * from (helm writes `# Source: <chart>/templates/x.yaml` above it) as a path in the app: `shownAs`
 * joined with the path inside the chart (templates/x.yaml, charts/sub/templates/y.yaml).
 */
export function readChartOutput(stdout: string, shownAs: string): ChartObjects {
  const out: ChartObjects = { resources: [], origins: [], results: [] };
  for (const chunk of stdout.split(/^---[ \t]*$/m)) {
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim();
    const inChart = source ? source.split('/').slice(1).join('/') : '';
    const parsed = parseYamlStream(chunk, inChart ? posix.join(shownAs, inChart) : `<helm template ${shownAs}>`);
    out.resources.push(...parsed.objects);
    out.origins.push(...parsed.origins);
    out.results.push(...parsed.results);
  }
  return out;
}

export interface Dependency {
  name?: unknown;
  repository?: unknown;
}

/** The dependencies a chart names: Chart.yaml's (apiVersion v2), or requirements.yaml's (v1). */
export function dependenciesOf(chartDir: string, fs: DiscoverFs): Dependency[] {
  const list = (path: string): Dependency[] => {
    const text = fs.read(path);
    if (text === undefined) return [];
    const parsed = parseYamlStream(text, path);
    const deps = (parsed.objects[0] as { dependencies?: unknown } | undefined)?.dependencies;
    return Array.isArray(deps) ? deps.filter((d): d is Dependency => !!d && typeof d === 'object') : [];
  };
  return [...list(posix.join(chartDir, CHART_FILE)), ...list(posix.join(chartDir, 'requirements.yaml'))];
}

/** Bounds a hostile or cyclic chain of file:// dependencies. */
const MAX_CHARTS = 64;

export interface ChartWorkspace {
  /** The common ancestor of the chart and the charts its file:// dependencies name (absolute). */
  root: string;
  /** Directories to copy, relative to root, none inside another. */
  dirs: string[];
  /** The chart directory relative to root. */
  app: string;
}

/**
 * What a copy of the chart needs so that `helm dependency build` can run in it without writing
 * into the repository: the chart, and every chart its file:// dependencies name, transitively, at
 * the same places relative to each other (helm resolves file://../lib from the chart).
 */
export function chartWorkspace(chartDir: string, fs: DiscoverFs): ChartWorkspace {
  const all = chartInputs(chartDir, fs).sort();
  const root = commonAncestor(all);
  const dirs = all.filter((d) => !all.some((o) => o !== d && d.startsWith(`${o}/`))).map((d) => posix.relative(root, d) || '.');
  return { root, dirs, app: posix.relative(root, posix.normalize(chartDir)) || '.' };
}

/** The chart directory and the directories of the charts its file:// dependencies name, transitively (the chart first). */
export function chartInputs(chartDir: string, fs: DiscoverFs): string[] {
  const seen = new Set<string>();
  const queue = [posix.normalize(chartDir)];
  while (queue.length && seen.size < MAX_CHARTS) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const d of dependenciesOf(dir, fs)) {
      if (typeof d.repository !== 'string' || !d.repository.startsWith('file://')) continue;
      const ref = d.repository.slice('file://'.length);
      const target = posix.isAbsolute(ref) ? posix.normalize(ref) : posix.join(dir, ref);
      if (fs.isDirectory(target)) queue.push(target);
    }
  }
  return [...seen];
}

/** Argo CD's release name: the helm-release-name parameter, else the Application's name (of `ns_name`, the name), else the chart directory's. */
export function releaseName(given: string | undefined, application: string | undefined, chartDir: string): string {
  if (given) return given;
  if (application) return application.includes('_') ? application.slice(application.indexOf('_') + 1) : application;
  return posix.basename(posix.normalize(chartDir));
}

/**
 * The namespace the chart is templated in (.Release.Namespace): where its namespace-less objects
 * land, so the namespace ContextCore places them in. Argo CD's destination namespace, else the
 * spec.defaultNamespace of the configuration known before helm runs (--config, or one beside the
 * chart), else "default".
 */
export function chartNamespace(destination: string | undefined, config: KubeObject | undefined): string {
  const configured = (config?.spec as { defaultNamespace?: unknown } | undefined)?.defaultNamespace;
  return destination || (typeof configured === 'string' && configured ? configured : DEFAULT_NAMESPACE);
}
