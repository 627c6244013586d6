// npm as the install tests run it: in the environment of a user's shell, not of an npm that may
// be running the suite (its npm_* variables — its command, its prefix, its package — would steer
// a nested npm), with no audit, no funding notice and no update check, and the cache preferred
// to the registry (`npm ci` filled it). Global installs go to the prefix given.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, which } from '../helpers.js';

export const NPM = which('npm');
export const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies?: object };
/** The file `npm pack` writes. */
export const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;

/** Variables of the user's npm configuration that a nested npm should still see. */
const KEPT = /^npm_config_(cache|userconfig|globalconfig|registry)$/i;

export function npmEnv(prefix?: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || KEPT.test(k)));
  return {
    ...env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_prefer_offline: 'true',
    ...(prefix ? { npm_config_prefix: prefix } : {}),
  };
}

/** Runs npm; fails the test unless it exits 0. */
export function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv()): string {
  const r = spawnSync(NPM!, args, { cwd, encoding: 'utf8', env, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} (exit ${r.status}): ${r.stderr}${r.error ?? ''}`);
  return r.stdout;
}

/**
 * `npm pack` of the repository into `dir`, of the dist/ this run built: --ignore-scripts, as its
 * `prepare` would rebuild dist/ under the other tests' feet. Returns the tarball's path.
 */
export function packRepository(dir: string): string {
  const name = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], ROOT).trim().split('\n').pop()!;
  return join(dir, name);
}
