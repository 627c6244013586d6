// Builds the ResourceList an orchestrator (kpt) sends for a directory: every item annotated
// with its path and index, the ProjectContextExpander as functionConfig.

import { isConfig, toYaml, type KubeObject } from '../functions/core/index.js';
import { KRM_INDEX_ANNOTATIONS, KRM_PATH_ANNOTATIONS } from '../functions/project-context-expander/conventions.js';
import { loadPaths } from '../plugins/cli/io.js';

export function resourceListObject(dir: string): { apiVersion: string; kind: string; items: KubeObject[]; functionConfig?: KubeObject } {
  const loaded = loadPaths([dir]);
  const items: KubeObject[] = [];
  let functionConfig: KubeObject | undefined;
  loaded.resources.forEach((r, i) => {
    if (isConfig(r)) {
      functionConfig = r;
      return;
    }
    const origin = loaded.origins[i]!;
    const rel = origin.path.slice(dir.length + 1);
    const annotations: Record<string, string> = { ...(r.metadata?.annotations ?? {}) };
    for (const k of KRM_PATH_ANNOTATIONS) annotations[k] = rel;
    for (const k of KRM_INDEX_ANNOTATIONS) annotations[k] = String(origin.index ?? 0);
    items.push({ ...r, metadata: { ...r.metadata, annotations } });
  });
  return { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) };
}

export const toResourceList = (dir: string) => toYaml(resourceListObject(dir));
