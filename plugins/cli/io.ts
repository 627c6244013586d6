// File and stream I/O of the CLI: the only place that touches the disk. Paths are files or
// directories (read recursively, sorted) or "-" for stdin.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUtf8, parseYamlStream, type KubeObject, type Origin, type Result } from '../../functions/core/index.js';
import { KUSTOMIZATION_FILE_NAMES } from '../../functions/core/conventions.js';
import { error } from '../../functions/core/results.js';

/** Orchestrator files that are not Kubernetes resources to render. */
const SKIPPED_FILES = new Set<string>([...KUSTOMIZATION_FILE_NAMES, 'Kptfile']);
const YAML_FILE = /\.(ya?ml|json)$/i;

export interface Loaded {
  resources: KubeObject[];
  origins: Origin[];
  results: Result[];
}

/** Hidden entries and node_modules are never read. */
export const isSkippedEntry = (name: string) => name.startsWith('.') || name === 'node_modules';
export const isManifestFileName = (name: string) => YAML_FILE.test(name) && !SKIPPED_FILES.has(name);

export function listFiles(path: string, out: string[]): void {
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (isSkippedEntry(e.name)) continue;
    const full = join(path, e.name);
    if (e.isDirectory()) listFiles(full, out);
    else if (e.isFile() && isManifestFileName(e.name)) out.push(full);
  }
}

export function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN' || (e as NodeJS.ErrnoException).code === 'EOF') return Buffer.alloc(0);
    throw e;
  }
}

export function loadText(bytes: Uint8Array, path: string, into: Loaded): void {
  const { text, results } = decodeUtf8(bytes, path);
  into.results.push(...results);
  if (text === undefined) return;
  const parsed = parseYamlStream(text, path);
  into.results.push(...parsed.results);
  into.resources.push(...parsed.objects);
  into.origins.push(...parsed.origins);
}

export function loadPaths(paths: readonly string[]): Loaded {
  const loaded: Loaded = { resources: [], origins: [], results: [] };
  for (const path of paths) {
    if (path === '-') {
      loadText(readStdin(), '<stdin>', loaded);
      continue;
    }
    let stat;
    try {
      stat = statSync(path);
    } catch {
      loaded.results.push(error('no such file or directory', { origin: { path } }));
      continue;
    }
    const files: string[] = [];
    if (stat.isDirectory()) listFiles(path, files);
    else files.push(path);
    for (const file of files) loadText(readFileSync(file), file, loaded);
  }
  return loaded;
}

/** Loads a single-document YAML file (the --config file). */
export function loadOne(path: string): { object?: KubeObject; origin: Origin; results: Result[] } {
  const loaded = loadPaths([path]);
  if (loaded.results.length) return { origin: { path }, results: loaded.results };
  if (loaded.resources.length !== 1) {
    return { origin: { path }, results: [error(`must hold exactly one document (found ${loaded.resources.length})`, { origin: { path } })] };
  }
  return { object: loaded.resources[0], origin: loaded.origins[0]!, results: [] };
}
