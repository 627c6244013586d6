// The plugin's discover rule (`contextcore argocd discover`): an app is ours when it holds a
// ProjectContext, in its own files or in the local bases and components its kustomization
// builds (the usual overlays/prod → ../../base layout). Pure over a small file-system interface.

import { posix } from 'node:path';
import { isProjectContext, PROJECT_CONTEXT_API_VERSION, PROJECT_CONTEXT_KIND } from '../core/index.js';
import { parseYamlStream } from '../core/yaml-library.js';
import { kustomizationGraph, type DiscoverFs } from './kustomization-graph.js';

/** Broken YAML that names a ProjectContext still claims the app, so generate can say what is wrong. */
const KIND_LINE = new RegExp(`^\\s*(-\\s+)?kind:\\s*["']?${PROJECT_CONTEXT_KIND}["']?\\s*(#.*)?$|"kind"\\s*:\\s*"${PROJECT_CONTEXT_KIND}"`, 'm');

export function holdsProjectContext(text: string, path: string): boolean {
  if (!text.includes(PROJECT_CONTEXT_KIND) || !text.includes(PROJECT_CONTEXT_API_VERSION.split('/')[0]!)) return false;
  const parsed = parseYamlStream(text, path);
  if (parsed.results.length) return KIND_LINE.test(text);
  return parsed.objects.some(isProjectContext);
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
  for (const edge of kustomizationGraph(appDir, fs)) {
    if (edge.field === 'transformers') continue;
    // Directories inside the app were searched with its own files.
    const candidates = !edge.isDirectory ? [edge.target] : rel(edge.target).startsWith('..') ? fs.files(edge.target) : [];
    const found = candidates.find((p) => matchFile(p, fs));
    if (found) return rel(found);
  }
  return '';
}
