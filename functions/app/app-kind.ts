// "The app at a path": what Argo CD would render there. Argo CD decides by the files of the
// directory (util/app/discovery/discovery.go: a kustomization makes it a Kustomize app, a
// Chart.yaml a Helm app, where a kustomization wins, anything else a Directory app); a file is
// read as it is. Every command that reads paths (render, validate, plan, diff, argocd generate)
// sees the app this way. Pure over a small view of the file system.
//
// A kind is a row in APP_KINDS and its build in the front ends' loader (plugins/cli/apps.ts,
// plugins/cli/commands/argocd.ts): a kustomization is built with kustomize, a chart templated
// with `helm template` (functions/helm).

import { CHART_FILE } from '../helm/conventions.js';
import { KUSTOMIZATION_FILE_NAMES } from '../project-context-expander/conventions.js';

export type AppKind = 'kustomization' | 'chart' | 'directory' | 'file' | 'stdin';

export interface AppFs {
  /** What a path is, symbolic links followed; undefined when nothing is there. */
  typeOf(path: string): 'file' | 'directory' | 'other' | undefined;
  join(dir: string, name: string): string;
}

/** Directory kinds in the order Argo CD gives them precedence; each is recognised by a file it holds. */
export const APP_KINDS: ReadonlyArray<{ kind: AppKind; marks: readonly string[] }> = [
  { kind: 'kustomization', marks: KUSTOMIZATION_FILE_NAMES },
  { kind: 'chart', marks: [CHART_FILE] },
];

export interface AppAt {
  kind: AppKind;
  /** The file that decided the kind (the kustomization file, Chart.yaml). */
  mark?: string;
}

/** The kind of app a path names ("-" is stdin). A path that is not there is a directory-or-file problem for the reader. */
export function appAt(path: string, fs: AppFs): AppAt {
  if (path === '-') return { kind: 'stdin' };
  let type;
  try {
    type = fs.typeOf(path);
  } catch {
    // Unreadable: the reader reports it.
    return { kind: 'file' };
  }
  if (type !== 'directory') return { kind: 'file' };
  for (const { kind, marks } of APP_KINDS) {
    for (const name of marks) {
      let markType;
      try {
        markType = fs.typeOf(fs.join(path, name));
      } catch {
        continue;
      }
      if (markType === 'file') return { kind, mark: fs.join(path, name) };
    }
  }
  return { kind: 'directory' };
}
