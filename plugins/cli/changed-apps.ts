// The apps a change since a git ref touches (functions/app/affected-apps.ts), read from the
// repository: the work tree as it is (tracked and untracked files, ignored ones left out) and the
// ref from a worktree of it; the changed files from `git diff` against the ref plus the untracked
// ones. An app of either side counts, so one added or removed by the change is listed too.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { affectedApps, appsUnder, type RepoView } from '../../functions/app/index.js';
import { compareText } from '../../functions/core/index.js';
import { git } from './git-files.js';

export interface ChangedApp {
  /** From the repository's root. */
  dir: string;
  atBase: boolean;
  atHead: boolean;
}

function lines(root: string, args: string[]): string[] | { problem: string } {
  const r = git(['-C', root, ...args]);
  if (!r.ok) return { problem: `git ${args[0]} failed${r.stderr ? `: ${r.stderr}` : ''}` };
  return r.stdout.toString('utf8').split('\0').filter(Boolean);
}

function view(root: string, files: string[]): RepoView {
  return {
    files,
    read: (p) => {
      try {
        return readFileSync(join(root, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** The apps under roots (from the repository's root) that the change from commit to the work tree at top touches. */
export function changedApps(top: string, commit: string, worktree: string, roots: readonly string[]): ChangedApp[] | { problem: string } {
  const head = lines(top, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  const base = lines(worktree, ['ls-files', '-z']);
  const diffed = lines(top, ['diff', '--name-only', '--no-renames', '-z', commit, '--']);
  const untracked = lines(top, ['ls-files', '-z', '--others', '--exclude-standard']);
  for (const r of [head, base, diffed, untracked]) if ('problem' in r) return r;
  const [headFiles, baseFiles, changed] = [head as string[], base as string[], [...(diffed as string[]), ...(untracked as string[])]];
  // A file deleted in the work tree but not yet staged is still listed by ls-files --cached.
  const headView = view(top, headFiles);
  const baseView = view(worktree, baseFiles);
  const found = new Map<string, ChangedApp>();
  for (const [side, v] of [['atHead', headView], ['atBase', baseView]] as const) {
    for (const app of affectedApps(appsUnder(v, roots), changed)) {
      const entry = found.get(app.dir) ?? { dir: app.dir, atBase: false, atHead: false };
      entry[side] = true;
      found.set(app.dir, entry);
    }
  }
  const exists = (v: RepoView, dir: string) => dir === '.' || v.files.some((f) => f.startsWith(`${dir}/`) && v.read(f) !== undefined);
  return [...found.values()]
    .map((a) => ({ ...a, atHead: exists(headView, a.dir), atBase: exists(baseView, a.dir) }))
    .sort((a, b) => compareText(a.dir, b.dir));
}
