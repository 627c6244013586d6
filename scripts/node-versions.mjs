// The Node.js versions ContextCore supports and tests: the official Linux binaries, which the
// npm registry ships as the `node-linux-<arch>` package, pinned here and fetched with `npm pack`
// into a cache directory outside node_modules. The tests run the CLI on each one besides the
// Node running them (test/support/node-versions.ts); `npm run bench` times fn's cold start on each.
//
//   node scripts/node-versions.mjs install [MAJOR…]  fetch the pinned versions (default: all but this Node's major)
//   node scripts/node-versions.mjs path MAJOR  print a fetched binary's path, exit 1 when absent
//   node scripts/node-versions.mjs list        major, version, state, path of each
//
// The cache is $CONTEXTCORE_NODE_CACHE, else ~/.cache/contextcore-node; each version extracts
// to a directory of its own (bin/node and the LICENSE, ~120 MB), so a second run fetches nothing.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Supported majors → the pinned release tested: the latest of each line that the registry served
 * on 2026-12-06. 24 is the active LTS (the images run it), 22 the maintenance LTS; 20 reached its
 * end of life upstream in April 2026 and stays supported while users move off it.
 */
export const NODE_VERSIONS = { 20: '20.20.2', 22: '22.23.5', 24: '24.22.3' };

/** The major the images run (argocd/Dockerfile, functions/Dockerfile) and the docs' snippets name. */
export const IMAGE_NODE_MAJOR = 24;

export const nodeCacheDir = () => process.env.CONTEXTCORE_NODE_CACHE || join(homedir(), '.cache', 'contextcore-node');

const packageName = () => `node-${process.platform}-${process.arch}`;
const versionDir = (version, dir = nodeCacheDir()) => join(dir, `node-v${version}-${process.platform}-${process.arch}`);

/** The fetched binary of a supported major, or undefined when it has not been fetched. */
export function nodeBinaryPath(major, dir = nodeCacheDir()) {
  const version = NODE_VERSIONS[major];
  if (!version) throw new Error(`Node ${major} is not a supported major (${Object.keys(NODE_VERSIONS).join(', ')})`);
  const path = join(versionDir(version, dir), 'bin', 'node');
  return existsSync(path) ? path : undefined;
}

/** The majors to fetch: every pinned one but the running Node's (its tests run on it already). */
export const otherMajors = () => Object.keys(NODE_VERSIONS).map(Number).filter((m) => m !== Number(process.versions.node.split('.')[0]));

function install(majors) {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
    console.error(`node-versions: no ${packageName()} package of official binaries; the tests on other Node versions will skip`);
    return 0;
  }
  const dir = nodeCacheDir();
  mkdirSync(dir, { recursive: true });
  let failed = 0;
  for (const major of majors) {
    const version = NODE_VERSIONS[major];
    if (nodeBinaryPath(major, dir)) {
      console.error(`node-versions: Node ${version} already fetched (${versionDir(version, dir)})`);
      continue;
    }
    const started = Date.now();
    // A scratch directory renamed at the end (an interrupted fetch leaves nothing half done), with
    // an npm cache of its own: the extracted binary is the cache, the ~50 MB tarball is not kept.
    const scratch = mkdtempSync(join(dir, `.fetch-${version}-`));
    try {
      const spec = `${packageName()}@${version}`;
      const r = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', scratch, '--cache', join(scratch, 'npm-cache'), '--no-update-notifier'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`npm pack ${spec} exited with ${r.status}`);
      const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack ${spec} wrote no tarball`);
      execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', scratch, 'package/bin/node', 'package/LICENSE']);
      const said = execFileSync(join(scratch, 'package/bin/node'), ['--version'], { encoding: 'utf8' }).trim();
      if (said !== `v${version}`) throw new Error(`${spec} holds Node ${said}`);
      rmSync(versionDir(version, dir), { recursive: true, force: true });
      renameSync(join(scratch, 'package'), versionDir(version, dir));
      console.error(`node-versions: Node ${version} fetched in ${Math.round((Date.now() - started) / 1000)} s -> ${versionDir(version, dir)}`);
    } catch (e) {
      console.error(`node-versions: could not fetch Node ${version}: ${e.message}; its tests will skip`);
      failed++;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return failed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, arg, ...more] = process.argv.slice(2);
  const majors = [arg, ...more].filter(Boolean);
  if (command === 'install' && majors.every((m) => m in NODE_VERSIONS)) process.exit(install(majors.length ? majors.map(Number) : otherMajors()) ? 1 : 0);
  else if (command === 'path' && arg in NODE_VERSIONS) {
    const p = nodeBinaryPath(Number(arg));
    if (!p) process.exit(1);
    console.log(p);
  } else if (command === 'list') {
    for (const [major, version] of Object.entries(NODE_VERSIONS)) console.log(`${major}\t${version}\t${nodeBinaryPath(major) ? 'fetched' : 'missing'}\t${versionDir(version)}`);
  } else {
    console.error(`usage: node scripts/node-versions.mjs install [MAJOR…] | path MAJOR | list; MAJOR: ${Object.keys(NODE_VERSIONS).join(', ')}`);
    process.exit(2);
  }
}
