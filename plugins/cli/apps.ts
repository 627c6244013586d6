// "The app at a path" for the CLI (functions/app/app-kind.ts): a kustomization is built as the
// Argo CD plugin builds it (plugins/argocd/kustomize-build.ts), a directory of manifests or a
// file is read as io.ts reads them, "-" is stdin. With a git ref, each path is read as it is at
// the ref: files and directories from the tree (git-files.ts), a kustomization from a worktree
// of the ref (git-worktree.ts), so that the bases it reaches outside its directory (../../base)
// are those of the ref too.

import { join } from 'node:path';
import { directoryConfigs, buildFailure } from '../../functions/argocd/index.js';
import { appAt, type LoadedApp } from '../../functions/app/index.js';
import { error, type Result } from '../../functions/core/results.js';
import type { Origin } from '../../functions/core/types/kube.js';
import { parseYamlStream } from '../../functions/core/yaml-parse.js';
import { buildKustomization } from '../argocd/kustomize-build.js';
import { nodeDiscoverFs } from '../argocd/discover-fs.js';
import { kustomizationAtCommit, loadPathsAtRef, locateRef, repoPath } from './git-files.js';
import { withWorktree } from './git-worktree.js';
import { diskSource, loadPaths } from './io.js';

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

/** The apps at paths in the work tree (or stdin). */
export function loadApps(paths: readonly string[], options: AppOptions = {}): Apps {
  const into: Apps = { apps: [], results: [] };
  for (const path of paths) {
    if (appAt(path, diskSource).kind === 'kustomization') builtApp(path, path, options, into);
    else {
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
  const kustomizations = paths.filter((p) => {
    const inRepo = repoPath(at.top, p);
    return inRepo !== undefined && kustomizationAtCommit(at.commit, inRepo);
  });
  const files = paths.filter((p) => !kustomizations.includes(p));
  if (files.length) {
    const loaded = loadPathsAtRef(ref, files);
    into.results.push(...loaded.results);
    into.apps.push({ resources: loaded.resources, origins: loaded.origins });
  }
  const build = (root: string) => {
    for (const p of kustomizations) builtApp(join(root, repoPath(at.top, p)!), `${ref}:${repoPath(at.top, p) || '.'}`, options, into);
  };
  if (kustomizations.length && checkout) build(checkout.root);
  else if (kustomizations.length) {
    const made = await withWorktree(at.commit, build);
    if (made && typeof made === 'object' && 'problem' in made) into.results.push(error(`--git ${ref}: ${made.problem}`));
  }
  return into;
}

