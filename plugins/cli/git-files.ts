// Reads manifests as they are at a git ref, without touching the work tree or the index:
// `git ls-tree` names the files, `git cat-file --batch` reads them. Files are chosen as loadPaths
// chooses them on disk (YAML/JSON, no hidden entries, no kustomization.yaml or Kptfile) and are
// named `<ref>:<path>`, as `git show` names them.

import { spawnSync } from 'node:child_process';
import { error } from '../../functions/core/results.js';
import { isManifestFileName, isSkippedEntry, loadText, type Loaded } from './io.js';

function git(args: string[], input?: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) return { ok: false, stdout: Buffer.alloc(0), stderr: r.error.message };
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

const isManifestPath = (path: string) => {
  const parts = path.split('/');
  return !parts.some(isSkippedEntry) && isManifestFileName(parts[parts.length - 1]!);
};

/** Component-wise order: the order loadPaths reads a directory in. */
function comparePaths(a: string, b: string): number {
  const [x, y] = [a.split('/'), b.split('/')];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/** `<size>`-framed blobs of `git cat-file --batch`, in request order. */
function readBlobs(ids: string[]): Buffer[] {
  const r = git(['cat-file', '--batch'], Buffer.from(ids.map((id) => `${id}\n`).join('')));
  if (!r.ok) throw new Error(`git cat-file failed: ${r.stderr}`);
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    const eol = r.stdout.indexOf(0x0a, at);
    const size = Number(r.stdout.subarray(at, eol).toString('latin1').split(' ')[2]);
    out.push(r.stdout.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return out;
}

export function loadPathsAtRef(ref: string, paths: readonly string[]): Loaded {
  const loaded: Loaded = { resources: [], origins: [], results: [] };
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit.ok) {
    loaded.results.push(error(`--git ${ref}: not a commit in this repository${commit.stderr ? ` (${commit.stderr})` : ''}`));
    return loaded;
  }
  const files: Array<{ id: string; path: string }> = [];
  for (const path of paths) {
    const listed = git(['ls-tree', '-r', '-z', '--full-name', commit.stdout.toString('utf8').trim(), '--', path]);
    if (!listed.ok) throw new Error(`git ls-tree failed: ${listed.stderr}`);
    const entries = listed.stdout.toString('utf8').split('\0').filter(Boolean);
    if (!entries.length) loaded.results.push(error(`no such file or directory at ${ref}`, { origin: { path } }));
    for (const entry of entries) {
      const [meta, name] = [entry.slice(0, entry.indexOf('\t')), entry.slice(entry.indexOf('\t') + 1)];
      const [mode, type, id] = meta.split(' ');
      if (type === 'blob' && mode !== '120000' && isManifestPath(name)) files.push({ id: id!, path: name });
    }
  }
  files.sort((a, b) => comparePaths(a.path, b.path));
  const blobs = files.length ? readBlobs(files.map((f) => f.id)) : [];
  files.forEach((f, i) => loadText(blobs[i]!, `${ref}:${f.path}`, loaded));
  return loaded;
}
