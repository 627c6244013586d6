// The local kustomization graph of an app: what its kustomization (and the bases and components
// it builds, transitively) refers to on disk. Read without running kustomize, for the discover
// rule and to find the ContextCore transformers a build will meet. Remote references are not
// fetched. Pure over a small file-system interface.

import { posix } from 'node:path';
import { KUSTOMIZATION_FILE_NAMES } from '../project-context-expander/conventions.js';
import { parseYamlStream } from '../core/yaml-library.js';

export interface DiscoverFs {
  /** YAML and JSON files below a directory, recursively, in a stable order (kustomization files excluded). */
  files(dir: string): string[];
  read(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

/** Fields of a kustomization whose entries are local paths kustomize reads. */
export const KUSTOMIZATION_PATH_FIELDS = ['resources', 'components', 'bases', 'transformers'] as const;
export type KustomizationField = (typeof KUSTOMIZATION_PATH_FIELDS)[number];

/** Bounds a hostile or cyclic graph. */
const MAX_KUSTOMIZATIONS = 64;

const isRemote = (ref: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) || ref.startsWith('git@');

/** The local paths of one kustomization, field by field in KUSTOMIZATION_PATH_FIELDS order. */
export function kustomizationRefs(text: string, path: string): Array<{ field: KustomizationField; ref: string }> {
  const parsed = parseYamlStream(text, path);
  const k = parsed.objects[0] as Record<string, unknown> | undefined;
  if (!k || parsed.results.length) return [];
  return KUSTOMIZATION_PATH_FIELDS.flatMap((field) =>
    (Array.isArray(k[field]) ? (k[field] as unknown[]) : []).filter((r): r is string => typeof r === 'string' && !isRemote(r)).map((ref) => ({ field, ref })),
  );
}

export function kustomizationIn(dir: string, fs: DiscoverFs): string | undefined {
  return KUSTOMIZATION_FILE_NAMES.map((n) => posix.join(dir, n)).find((p) => fs.read(p) !== undefined);
}

export interface GraphEdge {
  field: KustomizationField;
  /** The referenced path, normalised. */
  target: string;
  isDirectory: boolean;
}

/** Every local reference reachable from the kustomization in appDir, breadth first. */
export function kustomizationGraph(appDir: string, fs: DiscoverFs): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const queue = [posix.normalize(appDir)];
  const visited = new Set<string>();
  while (queue.length && visited.size < MAX_KUSTOMIZATIONS) {
    const dir = queue.shift()!;
    if (visited.has(dir)) continue;
    visited.add(dir);
    const kustomization = kustomizationIn(dir, fs);
    if (!kustomization) continue;
    for (const { field, ref } of kustomizationRefs(fs.read(kustomization)!, kustomization)) {
      const target = posix.normalize(posix.join(dir, ref));
      const isDirectory = fs.isDirectory(target);
      edges.push({ field, target, isDirectory });
      if (isDirectory) queue.push(target);
    }
  }
  return edges;
}
