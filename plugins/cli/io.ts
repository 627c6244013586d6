// File and stream I/O of the CLI: the only place that touches the disk. Paths are files or
// directories (read recursively, sorted) or "-" for stdin. Which files a path stands for is
// decided here once, over a FileSource (the disk, or a git tree in git-files.ts), so that
// `diff --git` reads at a ref exactly what render reads in the work tree.

import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { compareText, decodeUtf8, error, hasErrors, warning, type KubeObject, type Origin, type Result } from '../../functions/core/index.js';
import { KUSTOMIZATION_FILE_NAMES } from '../../functions/project-context-expander/conventions.js';
import { parseYamlStream } from '../../functions/core/yaml-library.js';
import { errnoCode, readStdin } from './stdin.js';

const STDIN = '<stdin>';

/** Orchestrator files that are not Kubernetes resources to render. */
const SKIPPED_FILES = new Set<string>([...KUSTOMIZATION_FILE_NAMES, 'Kptfile']);
const YAML_FILE = /\.(ya?ml|json)$/i;

export interface Loaded {
  resources: KubeObject[];
  origins: Origin[];
  results: Result[];
  /** Files that hold no document at all (empty, or only comments): `validate` refuses them. */
  empty?: string[];
}

/** Inside a directory, hidden entries and node_modules are never read. */
export const isSkippedEntry = (name: string) => name.startsWith('.') || name === 'node_modules';
export const isManifestFileName = (name: string) => YAML_FILE.test(name) && !SKIPPED_FILES.has(name);

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

/** Where files are read from: the disk, or a tree at a git ref. */
export interface FileSource {
  /** What is said of a named path that is not there. */
  readonly missing: string;
  /** What a path is, symbolic links followed; undefined when nothing is there. */
  typeOf(path: string): Exclude<EntryType, 'symlink'> | undefined;
  /** A directory's entries, symbolic links not followed. */
  list(dir: string): Array<{ name: string; type: EntryType }>;
  /** Where a directory really is, links resolved: a link back into its own walk is not followed. */
  realDir(dir: string): string;
  join(dir: string, name: string): string;
  /** The files' contents, in order; the errno code of a file that cannot be read. */
  read(files: readonly string[]): Array<Uint8Array | { code: string }>;
  /** How a path is named in messages and origins. */
  label(path: string): string;
}

export const cannotRead = (code: string, path: string) => error(`cannot read: ${code}`, { origin: { path } });

const entryType = (e: Dirent): EntryType => (e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other');

export const diskSource: FileSource = {
  missing: 'no such file or directory',
  typeOf(path) {
    const s = statSync(path, { throwIfNoEntry: false });
    return s === undefined ? undefined : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
  },
  list: (dir) => readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, type: entryType(e) })),
  realDir: (dir) => realpathSync(dir),
  join,
  read: (files) =>
    files.map((file) => {
      try {
        return readFileSync(file);
      } catch (e) {
        return { code: errnoCode(e) };
      }
    }),
  label: (path) => path,
};

const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);

/**
 * The files a named path stands for. A file is read whatever its name (a FIFO such as `<(…)`
 * too). A directory is read recursively, entries sorted by name: YAML/JSON files other than
 * kustomization.yaml and Kptfile; hidden entries and node_modules skipped; symbolic links
 * followed, except one leading back into its own walk (a warning). Unreadable entries are errors.
 */
export function selectFiles(source: FileSource, path: string, shownAs: string, results: Result[]): string[] {
  const files: string[] = [];
  let type;
  try {
    type = source.typeOf(path);
  } catch (e) {
    results.push(cannotRead(errnoCode(e), shownAs));
    return files;
  }
  if (type === undefined) results.push(error(source.missing, { origin: { path: shownAs } }));
  else if (type !== 'directory') files.push(path);
  else {
    const real = realDirOf(source, path, results);
    if (real !== undefined) walk(source, path, [real], files, results);
  }
  return files;
}

function realDirOf(source: FileSource, dir: string, results: Result[]): string | undefined {
  try {
    return source.realDir(dir);
  } catch (e) {
    results.push(cannotRead(errnoCode(e), source.label(dir)));
    return undefined;
  }
}

function walk(source: FileSource, dir: string, ancestors: string[], files: string[], results: Result[]): void {
  let entries;
  try {
    entries = source.list(dir).sort(byName);
  } catch (e) {
    results.push(cannotRead(errnoCode(e), source.label(dir)));
    return;
  }
  for (const entry of entries) {
    if (isSkippedEntry(entry.name)) continue;
    const path = source.join(dir, entry.name);
    let type: EntryType | undefined = entry.type;
    if (type === 'symlink') {
      try {
        type = source.typeOf(path);
      } catch (e) {
        // A link loop (ELOOP) or an unreadable target: only an error where a manifest was meant.
        const code = errnoCode(e);
        if (isManifestFileName(entry.name)) results.push(cannotRead(code, source.label(path)));
        else results.push(warning(`symbolic link not followed: ${code}`, { origin: { path: source.label(path) } }));
        continue;
      }
      if (type === undefined) {
        const say = isManifestFileName(entry.name) ? error : warning;
        results.push(say('broken symbolic link: nothing to read', { origin: { path: source.label(path) } }));
        continue;
      }
    }
    if (type === 'directory') {
      const real = realDirOf(source, path, results);
      if (real === undefined) continue;
      if (ancestors.includes(real)) {
        results.push(warning('symbolic link back into a directory being read: not followed', { origin: { path: source.label(path) } }));
        continue;
      }
      walk(source, path, [...ancestors, real], files, results);
    } else if (type === 'file' && isManifestFileName(entry.name)) files.push(path);
  }
}

/** Reads what each named path stands for, in the order named, into `loaded`. */
export function loadFrom(source: FileSource, path: string, shownAs: string, loaded: Loaded): void {
  const files = selectFiles(source, path, shownAs, loaded.results);
  source.read(files).forEach((bytes, i) => {
    const label = source.label(files[i]!);
    if (bytes instanceof Uint8Array) loadText(bytes, label, loaded);
    else loaded.results.push(cannotRead(bytes.code, label));
  });
}

/** The manifest files of a directory on disk, as render would read them (problems ignored). */
export function listFiles(path: string, out: string[]): void {
  out.push(...selectFiles(diskSource, path, path, []));
}


export function loadText(bytes: Uint8Array, path: string, into: Loaded): void {
  const { text, results } = decodeUtf8(bytes, path);
  into.results.push(...results);
  if (text === undefined) return;
  const parsed = parseYamlStream(text, path);
  into.results.push(...parsed.results);
  into.resources.push(...parsed.objects);
  into.origins.push(...parsed.origins);
  if (!parsed.objects.length && !parsed.results.length) (into.empty ??= []).push(path);
}

export function loadPaths(paths: readonly string[]): Loaded {
  const loaded: Loaded = { resources: [], origins: [], results: [] };
  for (const path of paths) {
    if (path !== '-') loadFrom(diskSource, path, path, loaded);
    else {
      let bytes;
      try {
        bytes = readStdin();
      } catch (e) {
        loaded.results.push(cannotRead(errnoCode(e), STDIN));
        continue;
      }
      loadText(bytes, STDIN, loaded);
    }
  }
  return loaded;
}

/** Loads a single-document YAML file (the --config file). */
export function loadOne(path: string): { object?: KubeObject; origin: Origin; results: Result[] } {
  const loaded = loadPaths([path]);
  if (hasErrors(loaded.results)) return { origin: { path }, results: loaded.results };
  if (loaded.resources.length !== 1) {
    return { origin: { path }, results: [...loaded.results, error(`must hold exactly one document (found ${loaded.resources.length})`, { origin: { path } })] };
  }
  return { object: loaded.resources[0], origin: loaded.origins[0]!, results: loaded.results };
}
