// Which apps a change touches: the directories Argo CD would render under some roots of a
// repository, and of those the ones whose inputs a changed file is among. An app is
//   - a kustomization that no other kustomization under the roots builds (bases, components and
//     directories of transformers are not apps; an overlay is), reaching a ProjectContext (the
//     plugin's discover rule); its inputs are its directory and everything its kustomization
//     graph reaches (../../base, components, files), so a change to a base touches every overlay
//     that builds it;
//   - a Helm chart (a directory with Chart.yaml and no kustomization) that no kustomization or
//     chart holds, reaching a ProjectContext in its templates or beside Chart.yaml; its inputs are
//     its directory and the charts its file:// dependencies name;
//   - a directory holding a ProjectContext file, with no kustomization or chart in it or above it
//     under the root; its input is the directory.
// Pure over a list of the repository's files (paths from its root) and a way to read them.

import { posix } from 'node:path';
import { compareText } from '../core/index.js';
import { discover, holdsProjectContext } from '../argocd/discover.js';
import { kustomizationGraph, type DiscoverFs } from '../argocd/kustomization-graph.js';
import { CHART_FILE } from '../helm/conventions.js';
import { KUSTOMIZATION_FILE_NAMES } from '../project-context-expander/conventions.js';
import { chartInputs } from '../helm/chart-files.js';

export interface RepoView {
  /** Every file, as paths from the repository's root. */
  files: readonly string[];
  read(path: string): string | undefined;
}

export interface App {
  dir: string;
  kind: 'kustomization' | 'chart' | 'directory';
  /** Directories and files the app is built from. */
  inputs: string[];
}

const MANIFEST = /\.(ya?ml|json)$/i;
const isKustomizationFile = (p: string) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(posix.basename(p));
const under = (path: string, dir: string) => dir === '.' || path === dir || path.startsWith(`${dir}/`);

/** The file-system interface of the kustomization graph over a repository view ('.' is the root). */
export function viewFs(view: RepoView): DiscoverFs {
  const norm = (p: string) => posix.normalize(p).replace(/^\.\//, '');
  return {
    files: (dir) => view.files.filter((p) => under(p, norm(dir)) && p !== norm(dir) && MANIFEST.test(p) && !isKustomizationFile(p)),
    read: (p) => view.read(norm(p)),
    isDirectory: (p) => {
      const d = norm(p);
      return d === '.' || view.files.some((f) => f.startsWith(`${d}/`));
    },
  };
}

/** The apps under the roots (paths from the repository's root; '.' for all). */
export function appsUnder(view: RepoView, roots: readonly string[]): App[] {
  const fs = viewFs(view);
  const inRoots = view.files.filter((f) => roots.some((r) => under(f, posix.normalize(r))));
  const kustomizationDirs = [...new Set(inRoots.filter(isKustomizationFile).map((f) => posix.dirname(f)))].sort();
  const graphs = new Map(kustomizationDirs.map((d) => [d, kustomizationGraph(d, fs)]));
  const built = new Set([...graphs.values()].flatMap((edges) => edges.filter((e) => e.isDirectory).map((e) => e.target)));
  const apps: App[] = kustomizationDirs
    .filter((d) => !built.has(d) && discover(d, fs) !== '')
    .map((d) => ({ dir: d, kind: 'kustomization', inputs: [d, ...new Set(graphs.get(d)!.map((e) => e.target))] }));
  const insideKustomization = (d: string) => kustomizationDirs.some((k) => under(d, k));
  const chartDirs = [...new Set(inRoots.filter((f) => posix.basename(f) === CHART_FILE).map((f) => posix.dirname(f)))].filter((d) => !insideKustomization(d)).sort();
  const insideChart = (d: string) => chartDirs.some((c) => under(d, c));
  for (const d of chartDirs.filter((c) => !chartDirs.some((o) => o !== c && under(c, o)))) {
    if (discover(d, fs) !== '') apps.push({ dir: d, kind: 'chart', inputs: chartInputs(d, fs).map((i) => posix.normalize(i)) });
  }
  const contextDirs = [...new Set(inRoots.filter((f) => MANIFEST.test(f) && !isKustomizationFile(f)).map((f) => posix.dirname(f)))].sort();
  for (const d of contextDirs) {
    if (insideKustomization(d) || insideChart(d)) continue;
    const own = fs.files(d).filter((f) => posix.dirname(f) === d);
    if (own.some((f) => holdsProjectContext(view.read(f) ?? '', f))) apps.push({ dir: d, kind: 'directory', inputs: [d] });
  }
  return apps.sort((a, b) => compareText(a.dir, b.dir));
}

/** The apps a changed file is an input of. */
export function affectedApps(apps: readonly App[], changed: readonly string[]): App[] {
  return apps.filter((app) => changed.some((c) => app.inputs.some((i) => under(c, i))));
}
