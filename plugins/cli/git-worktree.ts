// A checkout of a commit beside the work tree, for what must be built from files as they were
// (a kustomization at a ref reaches ../../base of the same ref): `git worktree add --detach` into
// a scratch directory, removed with `git worktree remove` when done. Hooks do not run in it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git-files.js';

/** Runs fn with the root of a worktree of commit; the problem when git cannot make one. */
export async function withWorktree<T>(commit: string, fn: (root: string) => Promise<T> | T): Promise<T | { problem: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'contextcore-worktree-'));
  const root = join(scratch, 'tree');
  try {
    const added = git(['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--quiet', root, commit]);
    if (!added.ok) return { problem: `git worktree add failed${added.stderr ? `: ${added.stderr}` : ''}` };
    return await fn(root);
  } finally {
    // The registration goes with the checkout; prune catches one git could not remove.
    if (!git(['worktree', 'remove', '--force', root]).ok) git(['worktree', 'prune']);
    rmSync(scratch, { recursive: true, force: true });
  }
}
