// A ContextCore transformer declared as a KRM function (config.kubernetes.io/function: exec or
// container) cannot run in the sidecar: kustomize skips exec functions without a word unless
// --enable-exec is given (never, in Argo CD), and there is no container runtime. So generate
// builds a copy of the kustomizations involved in which those transformer configs are plain
// plugin configs: the same transformer, run in place by our plugin with the same config.
// Pure: says what to copy and what to rewrite; the caller does the copying.

import { posix } from 'node:path';
import { isConfig, toYamlStream, type KubeObject } from '../core/index.js';
import { KRM_FUNCTION_ANNOTATIONS } from './conventions.js';
import { parseYamlStream } from '../core/yaml-library.js';
import { kustomizationGraph, type DiscoverFs } from './kustomization-graph.js';

export const declaredAsFunction = (o: KubeObject) => isConfig(o) && KRM_FUNCTION_ANNOTATIONS.some((a) => o.metadata?.annotations?.[a] !== undefined);

/** The config as a plugin config: the KRM function annotations removed. */
export function asPluginConfig(o: KubeObject): KubeObject {
  const annotations = Object.fromEntries(Object.entries(o.metadata?.annotations ?? {}).filter(([k]) => !(KRM_FUNCTION_ANNOTATIONS as readonly string[]).includes(k)));
  const metadata = { ...o.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...o, metadata };
}

export interface PluginFormWorkspace {
  /** The common ancestor of the app and every kustomization it builds (absolute). */
  root: string;
  /** Directories to copy, relative to root, none inside another. */
  dirs: string[];
  /** Transformer files to write over their copies, relative to root. */
  rewrites: Array<{ path: string; text: string }>;
  /** The app directory relative to root. */
  app: string;
}

/** The deepest directory that holds every path (absolute paths). */
export function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => posix.normalize(p).split('/'));
  const first = split[0]!;
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join('/') || '/';
}

/** undefined when no ContextCore transformer of the app is declared as a KRM function. appDir is absolute. */
export function pluginFormWorkspace(appDir: string, fs: DiscoverFs): PluginFormWorkspace | undefined {
  const graph = kustomizationGraph(appDir, fs);
  const transformerFiles = [...new Set(graph.filter((e) => e.field === 'transformers').flatMap((e) => (e.isDirectory ? fs.files(e.target) : [e.target])))];
  const rewrites: Array<{ path: string; text: string }> = [];
  for (const path of transformerFiles) {
    const text = fs.read(path);
    const parsed = text === undefined ? undefined : parseYamlStream(text, path);
    if (!parsed || parsed.results.length || !parsed.objects.some(declaredAsFunction)) continue;
    rewrites.push({ path, text: toYamlStream(parsed.objects.map((o) => (declaredAsFunction(o) ? asPluginConfig(o) : o))) });
  }
  if (!rewrites.length) return undefined;
  const all = [posix.normalize(appDir), ...graph.filter((e) => e.isDirectory).map((e) => e.target)];
  const root = commonAncestor(all);
  const sorted = [...new Set(all)].sort();
  const dirs = sorted.filter((d) => !sorted.some((o) => o !== d && d.startsWith(`${o}/`))).map((d) => posix.relative(root, d) || '.');
  return { root, dirs, rewrites: rewrites.map((r) => ({ path: posix.relative(root, r.path), text: r.text })), app: posix.relative(root, appDir) || '.' };
}
