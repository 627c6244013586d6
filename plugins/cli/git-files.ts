// Reads manifests as they are at a git ref, without touching the work tree or the index: the
// tree is listed once (`git ls-tree`), files are read with `git cat-file --batch`. Which files a
// path stands for is decided by io.ts's selectFiles, as on disk; files are named `<ref>:<path>`,
// as `git show` names them, with paths from the repository's root.

import { spawnSync } from 'node:child_process';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_KINDS, type AppKind } from '../../functions/app/app-kind.js';
import { error, type Result } from '../../functions/core/index.js';
import { loadFrom, type EntryType, type FileSource, type Loaded } from './io.js';

interface Run {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

export function git(args: string[], input?: Buffer): Run {
  const r = spawnSync('git', args, { input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) return { ok: false, stdout: Buffer.alloc(0), stderr: r.error.message };
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

/** A git failure after the ref was found to be a commit: a result, not a crash. */
class GitFailed extends Error {}

function gitOrThrow(args: string[], input?: Buffer): Buffer {
  const r = git(args, input);
  if (!r.ok) throw new GitFailed(`git ${args[0]} failed${r.stderr ? `: ${r.stderr}` : ''}`);
  return r.stdout;
}

/** Symbolic links followed at most this often while resolving one path (Linux's limit). */
const MAX_LINKS = 40;
const errno = (code: string) => Object.assign(new Error(code), { code });

interface TreeEntry {
  mode: string;
  type: string;
  id: string;
}

const typeOfEntry = (e: TreeEntry): EntryType => (e.type === 'tree' ? 'directory' : e.mode === '120000' ? 'symlink' : e.type === 'blob' ? 'file' : 'other');

/** Contents of blobs, in request order (`<id> <type> <size>\n<bytes>\n` each). */
function readBlobs(ids: readonly string[]): Buffer[] {
  if (!ids.length) return [];
  const stdout = gitOrThrow(['cat-file', '--batch'], Buffer.from(ids.map((id) => `${id}\n`).join('')));
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    const eol = stdout.indexOf(0x0a, at);
    const size = Number(stdout.subarray(at, eol).toString('latin1').split(' ')[2]);
    if (eol < 0 || !Number.isInteger(size)) throw new GitFailed(`git cat-file failed: no content for ${ids[i]}`);
    out.push(stdout.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return out;
}

/** The tree of one commit as a FileSource over paths from the repository's root ('' is the root). */
function treeSource(ref: string, commit: string): FileSource {
  const entries = new Map<string, TreeEntry>();
  const children = new Map<string, Array<{ name: string; type: EntryType }>>([['', []]]);
  for (const record of gitOrThrow(['ls-tree', '-r', '-t', '-z', '--full-tree', commit]).toString('utf8').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, id] = record.slice(0, tab).split(' ') as [string, string, string];
    const path = record.slice(tab + 1);
    const entry = { mode, type, id };
    entries.set(path, entry);
    if (type === 'tree') children.set(path, children.get(path) ?? []);
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    (children.get(parent) ?? children.set(parent, []).get(parent)!).push({ name: path.slice(slash + 1), type: typeOfEntry(entry) });
  }
  const targets = new Map<string, string>();
  const linkTarget = (id: string) => targets.get(id) ?? targets.set(id, readBlobs([id])[0]!.toString('utf8')).get(id)!;

  /** The path with every link resolved, as git would check it out; undefined when it leads nowhere in the tree. */
  function real(path: string): string | undefined {
    const parts = path.split('/');
    const done: string[] = [];
    let links = 0;
    while (parts.length) {
      const part = parts.shift()!;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        // Above the root is outside the repository: nothing there at the ref.
        if (!done.length) return undefined;
        done.pop();
        continue;
      }
      const entry = entries.get([...done, part].join('/'));
      if (!entry) return undefined;
      if (entry.mode !== '120000') {
        done.push(part);
        continue;
      }
      if (++links > MAX_LINKS) throw errno('ELOOP');
      const target = linkTarget(entry.id);
      if (target.startsWith('/')) return undefined;
      parts.unshift(...target.split('/'));
    }
    return done.join('/');
  }

  return {
    missing: `no such file or directory at ${ref}`,
    typeOf(path) {
      const at = real(path);
      if (at === undefined) return undefined;
      return at === '' ? 'directory' : (typeOfEntry(entries.get(at)!) as Exclude<EntryType, 'symlink'>);
    },
    list(dir) {
      const at = real(dir);
      const list = at === undefined ? undefined : children.get(at);
      if (!list) throw errno(at === undefined ? 'ENOENT' : 'ENOTDIR');
      return [...list];
    },
    realDir(dir) {
      const at = real(dir);
      if (at === undefined) throw errno('ENOENT');
      return at;
    },
    join: (dir, name) => (dir ? `${dir}/${name}` : name),
    read(files) {
      const found = files.map((f) => {
        const at = real(f);
        return at === undefined ? undefined : entries.get(at);
      });
      const blobs = readBlobs(found.flatMap((e) => (e?.type === 'blob' ? [e.id] : [])));
      let next = 0;
      // A submodule is a commit of another repository: its files are not in this tree.
      return found.map((e) => (e === undefined ? { code: 'ENOENT' } : e.type === 'blob' ? blobs[next++]! : { code: 'a submodule, not in this tree' }));
    },
    label: (path) => `${ref}:${path}`,
  };
}

/** A path as the user gave it (relative to the working directory) → from the repository's root. */
export function repoPath(top: string, path: string): string | undefined {
  const rel = relative(top, resolve(path));
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
}

/** The commit a ref names and the top of the work tree, or what is wrong with them. */
export function locateRef(ref: string): { commit: string; top: string } | { problem: string } {
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit.ok) return { problem: `--git ${ref}: not a commit in this repository${commit.stderr ? ` (${commit.stderr})` : ''}` };
  const top = git(['rev-parse', '--show-toplevel']);
  if (!top.ok) return { problem: `--git ${ref}: not in a git work tree${top.stderr ? ` (${top.stderr})` : ''}` };
  return { commit: commit.stdout.toString('utf8').trim(), top: top.stdout.toString('utf8').trim() };
}

/** The kind of app a directory of the commit (a path from the repository's root) is, when it is built: a kustomization or a chart. */
export function appKindAtCommit(commit: string, dir: string): AppKind | undefined {
  const isFile = (name: string) => {
    const r = git(['cat-file', '-t', `${commit}:${dir ? `${dir}/` : ''}${name}`]);
    return r.ok && r.stdout.toString('utf8').trim() === 'blob';
  };
  return APP_KINDS.find((k) => k.marks.some(isFile))?.kind;
}

export function loadPathsAtRef(ref: string, paths: readonly string[]): Loaded {
  const loaded: Loaded = { resources: [], origins: [], results: [] };
  const fail = (message: string, path?: string): Loaded => {
    loaded.results.push(error(message, path === undefined ? {} : { origin: { path } }));
    return loaded;
  };
  const at = locateRef(ref);
  if ('problem' in at) return fail(at.problem);
  try {
    const source = treeSource(ref, at.commit);
    for (const path of paths) {
      const inRepo = repoPath(at.top, path);
      if (inRepo === undefined) loaded.results.push(outsideRepository(path, ref));
      else loadFrom(source, inRepo, path, loaded);
    }
  } catch (e) {
    if (!(e instanceof GitFailed)) throw e;
    return fail(`--git ${ref}: ${e.message}`);
  }
  return loaded;
}

export const outsideRepository = (path: string, ref: string): Result => error(`outside the repository, so not at ${ref}`, { origin: { path } });
