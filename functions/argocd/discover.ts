// The plugin's discover rule (`contextcore argocd discover`): an app is ours when it holds a
// ProjectContext, in its own files or in the local bases and components its kustomization
// builds (the usual overlays/prod → ../../base layout). Pure over a small file-system interface.

import { posix } from 'node:path';
import { KUSTOMIZATION_FILE_NAMES, PROJECT_CONTEXT_API_VERSION, PROJECT_CONTEXT_KIND } from '../core/conventions.js';
import { isProjectContext } from '../core/expand.js';
import { parseYamlStream } from '../core/yaml-io.js';

export interface DiscoverFs {
  /** YAML and JSON files below a directory, recursively, in a stable order (kustomization files excluded). */
  files(dir: string): string[];
  read(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

/** Bounds a hostile or cyclic kustomization graph. */
const MAX_KUSTOMIZATIONS = 64;

/** Broken YAML that names a ProjectContext still claims the app, so generate can say what is wrong. */
const KIND_LINE = new RegExp(`^\\s*(-\\s+)?kind:\\s*["']?${PROJECT_CONTEXT_KIND}["']?\\s*(#.*)?$|"kind"\\s*:\\s*"${PROJECT_CONTEXT_KIND}"`, 'm');

export function holdsProjectContext(text: string, path: string): boolean {
  if (!text.includes(PROJECT_CONTEXT_KIND) || !text.includes(PROJECT_CONTEXT_API_VERSION.split('/')[0]!)) return false;
  const parsed = parseYamlStream(text, path);
  if (parsed.results.length) return KIND_LINE.test(text);
  return parsed.objects.some(isProjectContext);
}

const isRemote = (ref: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) || ref.startsWith('git@');

/** Local paths a kustomization builds from: resources, components and the deprecated bases. */
export function kustomizationRefs(text: string, path: string): string[] {
  const parsed = parseYamlStream(text, path);
  const k = parsed.objects[0] as Record<string, unknown> | undefined;
  if (!k || parsed.results.length) return [];
  return ['resources', 'components', 'bases']
    .flatMap((field) => (Array.isArray(k[field]) ? (k[field] as unknown[]) : []))
    .filter((r): r is string => typeof r === 'string' && !isRemote(r));
}

function kustomizationIn(dir: string, fs: DiscoverFs): string | undefined {
  return KUSTOMIZATION_FILE_NAMES.map((n) => posix.join(dir, n)).find((p) => fs.read(p) !== undefined);
}

function matchFile(path: string, fs: DiscoverFs): boolean {
  const text = fs.read(path);
  return text !== undefined && holdsProjectContext(text, path);
}

/**
 * The first file that holds a ProjectContext, relative to appDir ("" when none): the app's own
 * files first, then what its kustomization builds, breadth first.
 */
export function discover(appDir: string, fs: DiscoverFs): string {
  const rel = (p: string) => posix.relative(appDir, p) || '.';
  const own = fs.files(appDir).find((p) => matchFile(p, fs));
  if (own) return rel(own);
  const queue = [appDir];
  const visited = new Set<string>();
  while (queue.length && visited.size < MAX_KUSTOMIZATIONS) {
    const dir = queue.shift()!;
    if (visited.has(dir)) continue;
    visited.add(dir);
    const kustomization = kustomizationIn(dir, fs);
    if (!kustomization) continue;
    for (const ref of kustomizationRefs(fs.read(kustomization)!, kustomization)) {
      const target = posix.normalize(posix.join(dir, ref));
      if (fs.isDirectory(target)) {
        // Directories inside the app were searched with its own files.
        const found = rel(target).startsWith('..') ? fs.files(target).find((p) => matchFile(p, fs)) : undefined;
        if (found) return rel(found);
        queue.push(target);
      } else if (matchFile(target, fs)) {
        return rel(target);
      }
    }
  }
  return '';
}
