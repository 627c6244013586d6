// Running the CLI as another user: uid 999 as the Argo CD sidecar does, nobody for files root
// could read anyway. The clone may be one that only its owner can enter (under /root, or in a
// `mktemp -d` directory), so nothing is run or read from it: what the other user needs is copied
// first into a directory every user can reach, as the sidecar image has its own copy of the CLI.

import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, parse } from 'node:path';
import { CLI, which } from '../helpers.js';

/** Why this process cannot run commands as another user, or undefined when it can. */
export function cannotSwitchUser(): string | undefined {
  if (process.getuid?.() !== 0) return 'the tests do not run as root';
  if (!which('setpriv')) return 'setpriv (util-linux) is not installed';
  return undefined;
}

/** argv run as `uid` (and its own group, no supplementary groups). */
export const asUser = (uid: number, argv: readonly string[]): string[] => ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', ...argv];

/** True when every directory from / down to `dir` lets others through (o+x). */
function othersCanEnter(dir: string): boolean {
  let path = realpathSync(dir);
  for (;;) {
    if ((statSync(path).mode & 0o001) === 0) return false;
    if (path === parse(path).root) return true;
    path = dirname(path);
  }
}

/**
 * A fresh directory (0755) that every user can enter: under $TMPDIR when others can reach it,
 * else under /tmp (a private $TMPDIR is a user's right).
 */
export function reachableTempDir(prefix: string): string {
  const base = [tmpdir(), '/tmp'].find((d) => {
    try {
      return othersCanEnter(d);
    } catch {
      return false;
    }
  });
  if (!base) throw new Error(`neither ${tmpdir()} nor /tmp can be entered by other users`);
  const dir = mkdtempSync(join(base, prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Readable (and, where the owner could, executable) by all, whatever the umask of the clone. */
function openUp(path: string): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    chmodSync(path, 0o755);
    for (const name of readdirSync(path)) openUp(join(path, name));
  } else chmodSync(path, st.mode & 0o100 ? 0o755 : 0o644);
}

/**
 * Copies the built CLI into `dir` and returns the path of its entry point. The whole directory
 * of the bundle is copied: the CLI may be several files that load each other.
 */
export function installCli(dir: string): string {
  cpSync(dirname(CLI), dir, { recursive: true });
  openUp(dir);
  return join(dir, basename(CLI));
}

/**
 * Why `uid` cannot run `cli --version` from `cwd` (e.g. node itself lies in a directory it
 * cannot enter), or undefined when it can.
 */
export function cannotRunAs(uid: number, cli: string, cwd: string): string | undefined {
  const argv = asUser(uid, [process.execPath, cli, '--version']);
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  if (r.status === 0) return undefined;
  return `uid ${uid} cannot run ${process.execPath} ${cli}: ${(r.error?.message ?? r.stderr).trim().split('\n')[0]}`;
}
