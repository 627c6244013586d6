// Value files of a chart, resolved as Argo CD resolves spec.source.helm.valueFiles
// (util/io/path/resolved.go ResolveValueFilePathOrUrl, Argo CD v3): relative to the chart
// directory, or from the repository's root when absolute; symbolic links followed; and never
// outside the repository, which the plugin receives whole (a value file elsewhere would read the
// sidecar's own files). Remote value files (URLs) are refused: the plugin renders files of the
// repository. Paths and --set values take Argo CD's substitutions ($ARGOCD_APP_NAME, …; $$ is $).
// Pure over realpath.

import { posix } from 'node:path';
import { ARGOCD_APP_ENV } from '../argocd/conventions.js';

export interface ValueFileFs {
  /** The path with every symbolic link resolved; undefined when nothing is there. */
  realpath(path: string): string | undefined;
}

export type ResolvedValueFile = { path: string } | { problem: string };

const URL_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const inside = (path: string, root: string) => {
  const rel = posix.relative(root, path);
  return rel !== '' && !rel.startsWith('../') && rel !== '..' && !posix.isAbsolute(rel);
};

/** One value file, as given (after substitution), resolved to a file of the repository. chartDir and repoRoot are absolute. */
export function resolveValueFile(file: string, chartDir: string, repoRoot: string, fs: ValueFileFs): ResolvedValueFile {
  const scheme = URL_SCHEME.exec(file)?.[1];
  if (scheme) return { problem: `is a URL (${scheme}): the plugin reads value files from the repository only; commit the file and name its path` };
  const path = posix.isAbsolute(file) ? posix.join(repoRoot, file) : posix.join(chartDir, file);
  if (!inside(path, repoRoot)) return { problem: `${posix.relative(repoRoot, path) === '' ? 'is the repository root' : 'resolves outside the repository'}: a value file must be a file of the repository (a path relative to the chart directory, or /path from the repository root)` };
  const real = fs.realpath(path);
  if (real === undefined) return { problem: 'does not exist in the repository' };
  const realRoot = fs.realpath(repoRoot) ?? repoRoot;
  if (!inside(real, realRoot)) return { problem: 'is a symbolic link that leads outside the repository: a value file must be a file of the repository' };
  return { path: real };
}

/**
 * The repository as the plugin received it: the app directory less the trailing segments of
 * ARGOCD_APP_SOURCE_PATH that it ends with (with manifest-generate-paths, Argo CD sends a
 * directory above the app, not always the repository's root; then that directory).
 */
export function repositoryRoot(appDir: string, sourcePath: string | undefined): string {
  const app = posix.normalize(appDir).split('/');
  const source = posix.normalize(sourcePath ?? '.').split('/').filter((s) => s && s !== '.');
  let n = 0;
  while (n < source.length && n < app.length - 1 && app[app.length - 1 - n] === source[source.length - 1 - n]) n++;
  return app.slice(0, app.length - n).join('/') || '/';
}

/** The variables Argo CD substitutes in Helm value file paths and parameters (reposerver newEnv). */
export const SUBSTITUTED_ENV = [
  ARGOCD_APP_ENV.name,
  ARGOCD_APP_ENV.namespace,
  'ARGOCD_APP_PROJECT_NAME',
  ARGOCD_APP_ENV.revision,
  ARGOCD_APP_ENV.revisionShort,
  ARGOCD_APP_ENV.revisionShort8,
  ARGOCD_APP_ENV.repoURL,
  ARGOCD_APP_ENV.sourcePath,
  'ARGOCD_APP_SOURCE_TARGET_REVISION',
] as const;

/** Argo CD's Env.Envsubst: $NAME and ${NAME} of SUBSTITUTED_ENV (others are empty, as there), $$ is $. */
export function substitute(text: string, env: Readonly<Record<string, string | undefined>>): string {
  const known = new Set<string>(SUBSTITUTED_ENV);
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, all: string, braced?: string, bare?: string) => {
    if (all === '$') return '$';
    const name = (braced ?? bare)!;
    return known.has(name) ? (env[name] ?? '') : '';
  });
}
