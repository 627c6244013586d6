// "The app at a path" for the CLI (functions/app/app-kind.ts): a kustomization is built as the
// Argo CD plugin builds it (plugins/argocd/kustomize-build.ts), a Helm chart templated as the
// plugin templates it (plugins/argocd/helm-template.ts; release name the directory's name, the
// namespace the configuration's), a directory of manifests or a file is read as io.ts reads
// them, "-" is stdin. With a git ref, each path is read as it is at the ref: files and
// directories from the tree (git-files.ts), a kustomization or a chart from a worktree of the ref
// (git-worktree.ts), so that the bases or file:// charts it reaches outside its directory
// (../../base) are those of the ref too.

import { join } from 'node:path';
import { directoryConfigs, buildFailure } from '../../functions/argocd/index.js';
import { appAt, type AppKind, type LoadedApp } from '../../functions/app/index.js';
import { error, UserError, type KubeObject, type Origin, type Result } from '../../functions/core/index.js';
import { chartNamespace, releaseName } from '../../functions/helm/index.js';
import { parseYamlStream } from '../../functions/core/yaml-library.js';
import { loadChart, type TemplateFor } from '../argocd/helm-template.js';
import { buildKustomization } from '../argocd/kustomize-build.js';
import { nodeDiscoverFs } from '../argocd/discover-fs.js';
import { appKindAtCommit, loadPathsAtRef, locateRef, repoPath } from './git-files.js';
import { withWorktree } from './git-worktree.js';
import { diskSource, loadOne, loadPaths } from './io.js';

export interface Apps {
  apps: LoadedApp[];
  results: Result[];
  /** Files that held no document at all (empty, or only comments): `validate` refuses them. */
  empty?: string[];
}

export interface AppOptions {
  /** The --config file: every in-place ContextCore run of a kustomization uses it. */
  config?: string;
  env?: NodeJS.ProcessEnv;
}

/** A kustomization built, with the app directory's own ProjectContextExpanders; `shownAs` names it in messages. */
function builtApp(dir: string, shownAs: string, options: AppOptions, into: Apps): void {
  const built = buildKustomization(dir, options.env ?? process.env, { ...(options.config !== undefined ? { config: options.config } : {}), shownAs });
  if (built.exit !== '0') {
    into.results.push(...buildFailure(built, built.exit));
    return;
  }
  const parsed = parseYamlStream(built.stdout, `<${built.command}>`);
  into.results.push(...parsed.results);
  const directory = directoryConfigs(diskSource.realDir(dir), nodeDiscoverFs);
  const named = (o: Origin | undefined): Origin | undefined => (o ? { ...o, path: join(shownAs, o.path) } : o);
  into.apps.push({
    resources: parsed.objects,
    origins: parsed.origins,
    build: { ...built, directory: { configs: directory.configs.map((c) => ({ ...c, ...(c.origin ? { origin: named(c.origin)! } : {}) })), results: directory.results } },
  });
}

/** A Helm chart templated as the plugin templates it, with its defaults (no Application to set them); `shownAs` names it. */
function chartApp(dir: string, shownAs: string, options: AppOptions, into: Apps): void {
  let config: KubeObject | undefined;
  if (options.config !== undefined) {
    const one = loadOne(options.config);
    if (!one.object) {
      into.results.push(...one.results);
      return;
    }
    config = one.object;
  }
  try {
    const templateFor: TemplateFor = (beside) => ({ options: { releaseName: releaseName(undefined, undefined, diskSource.realDir(dir)), namespace: chartNamespace(undefined, config ?? beside) }, results: [] });
    into.apps.push(loadChart(dir, options.env ?? process.env, templateFor, { shownAs }));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    into.results.push(...e.results);
  }
}

/** Builds or templates the app at a path whose kind needs it; false for files and plain directories. */
function builtOrTemplated(kind: AppKind, dir: string, shownAs: string, options: AppOptions, into: Apps): boolean {
  if (kind === 'kustomization') builtApp(dir, shownAs, options, into);
  else if (kind === 'chart') chartApp(dir, shownAs, options, into);
  else return false;
  return true;
}

/** The apps at paths in the work tree (or stdin). */
export function loadApps(paths: readonly string[], options: AppOptions = {}): Apps {
  const into: Apps = { apps: [], results: [] };
  for (const path of paths) {
    if (!builtOrTemplated(appAt(path, diskSource).kind, path, path, options, into)) {
      const loaded = loadPaths([path]);
      into.results.push(...loaded.results);
      if (loaded.empty) (into.empty ??= []).push(...loaded.empty);
      into.apps.push({ resources: loaded.resources, origins: loaded.origins });
    }
  }
  return into;
}

/** A worktree of the ref already made, with the commit and work tree top it was made for. */
export interface RefCheckout {
  commit: string;
  top: string;
  root: string;
}

/** The apps at paths as they are at a git ref (in `checkout` when one is made already). */
export async function loadAppsAtRef(ref: string, paths: readonly string[], options: AppOptions = {}, checkout?: RefCheckout): Promise<Apps> {
  const into: Apps = { apps: [], results: [] };
  const at = checkout ?? locateRef(ref);
  if ('problem' in at) return { apps: [], results: [error(at.problem)] };
  const kinds = new Map(paths.map((p) => {
    const inRepo = repoPath(at.top, p);
    return [p, inRepo === undefined ? undefined : appKindAtCommit(at.commit, inRepo)] as const;
  }));
  const built = paths.filter((p) => kinds.get(p) !== undefined);
  const files = paths.filter((p) => !built.includes(p));
  if (files.length) {
    const loaded = loadPathsAtRef(ref, files);
    into.results.push(...loaded.results);
    into.apps.push({ resources: loaded.resources, origins: loaded.origins });
  }
  const build = (root: string) => {
    for (const p of built) builtOrTemplated(kinds.get(p)!, join(root, repoPath(at.top, p)!), `${ref}:${repoPath(at.top, p) || '.'}`, options, into);
  };
  if (built.length && checkout) build(checkout.root);
  else if (built.length) {
    const made = await withWorktree(at.commit, build);
    if (made && typeof made === 'object' && 'problem' in made) into.results.push(error(`--git ${ref}: ${made.problem}`));
  }
  return into;
}

