// git as the tests run it in repositories they build: a committer of its own and no signing, so
// a user's git configuration neither blocks a commit nor changes what it holds. A failed command
// fails the test with git's words.

import { spawnSync } from 'node:child_process';

const IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false'];

/** Runs git in `cwd`; its stdout. Throws with stderr unless it exits 0. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', [...IDENTITY, ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} (exit ${r.status}): ${r.stderr}${r.error ?? ''}`);
  return r.stdout;
}
