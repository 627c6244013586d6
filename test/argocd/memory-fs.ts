// A repository in memory for the kustomization-graph, discover and plugin-form tables.

import { posix } from 'node:path';
import type { DiscoverFs } from '../../functions/argocd/index.js';

export function memoryFs(files: Record<string, string>): DiscoverFs {
  const paths = Object.keys(files).sort();
  const isKustomization = (p: string) => ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].includes(posix.basename(p));
  return {
    files: (dir) => paths.filter((p) => p.startsWith(`${posix.normalize(dir)}/`) && /\.(ya?ml|json)$/.test(p) && !isKustomization(p)),
    read: (p) => files[posix.normalize(p)],
    isDirectory: (p) => paths.some((f) => f.startsWith(`${posix.normalize(p)}/`)),
  };
}
