// The real file system behind the discover rule and the kustomization graph (functions/argocd/).

import { readFileSync, statSync } from 'node:fs';
import type { DiscoverFs } from '../../functions/argocd/index.js';
import { listFiles } from '../cli/io.js';

export const nodeDiscoverFs: DiscoverFs = {
  files(dir) {
    const out: string[] = [];
    try {
      listFiles(dir, out);
    } catch {
      // An unreadable or missing directory holds nothing of ours.
    }
    return out;
  },
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};
