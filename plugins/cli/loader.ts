// The first code of the bundle: loads the main code (carried as comment lines after this
// loader, see scripts/build.mjs) with a V8 code cache, so that repeated runs — Argo CD renders
// every app on every refresh — skip compiling it. The pattern of the v8-compile-cache package:
// one cache file per build, Node version, architecture and command, in a directory only this
// user can write, written atomically after a run that had none; anything unusual (no writable
// place, a rejected or foreign cache, an old Node) just runs without one.
// CONTEXTCORE_CACHE_DIR chooses the directory; CONTEXTCORE_CACHE=off turns caching off.

import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';

declare const BUILD_ID: string;
/**
 * Where the commented main code lies in this file (scripts/build.mjs writes the numbers): its
 * offset counted from the end of the `#!` line, which `kustomize install-plugin` rewrites, and
 * its length in bytes.
 */
declare const MAIN_OFFSET: number;
declare const MAIN_LENGTH: number;

interface Loader {
  main: string;
  cacheFile?: string;
}

const mine = (path: string) => {
  const s = statSync(path);
  return (typeof process.getuid !== 'function' || s.uid === process.getuid()) && (s.mode & 0o022) === 0;
};

/** A directory for the cache that only this user can write, or undefined. */
function cacheDir(): string | undefined {
  if (process.env.CONTEXTCORE_CACHE === 'off') return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const candidates = process.env.CONTEXTCORE_CACHE_DIR
    ? [process.env.CONTEXTCORE_CACHE_DIR]
    : [join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'contextcore'), join(tmpdir(), `contextcore-cache-${uid}`)];
  for (const dir of candidates) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (mine(dir)) return dir;
    } catch {
      // Not writable here (read-only home, no /tmp): try the next place.
    }
  }
  return undefined;
}

function load(file: string): Loader {
  // Only the main code's bytes: the embedded modules after it are read by the commands using them.
  const bytes = Buffer.allocUnsafe(MAIN_LENGTH);
  const fd = openSync(file, 'r');
  try {
    const first = Buffer.allocUnsafe(4096);
    const firstLineEnd = first.subarray(0, readSync(fd, first, 0, first.length, 0)).indexOf(0x0a) + 1;
    readSync(fd, bytes, 0, MAIN_LENGTH, firstLineEnd + MAIN_OFFSET);
  } finally {
    closeSync(fd);
  }
  // Every line of the main code was prefixed with `//` so that this file parses as the loader only.
  const main = bytes.toString('latin1').replace(/^\/\//gm, '');
  const dir = cacheDir();
  const command = (process.argv[2] ?? '').replace(/[^a-z-]/g, '').slice(0, 20) || 'none';
  return dir ? { main, cacheFile: join(dir, `${BUILD_ID}-${command}-${process.version}-${process.arch}.v8cache`) } : { main };
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return mine(file) ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch {
    // The cache is an optimisation; a run never fails for it.
  }
}

const self = __filename;
const { main, cacheFile } = load(self);
const wrapped = `(function (exports, require, module, __filename, __dirname) {${main}\n})`;
const useDefaultLoader = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: unknown } | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
if (useDefaultLoader) {
  const cached = readCache(cacheFile);
  const script = new vm.Script(wrapped, { filename: self, cachedData: cached, importModuleDynamically: useDefaultLoader as never });
  if (cacheFile && (!cached || script.cachedDataRejected)) {
    // After the run, the cache also holds every function the run compiled.
    process.once('exit', () => writeCache(cacheFile, script.createCachedData()));
  }
  script.runInThisContext()(exports, require, module, self, __dirname);
} else {
  // Node without vm's default dynamic-import loader: compile as a CommonJS module, no cache.
  (module as unknown as { _compile(code: string, file: string): void })._compile(main, self);
}
