// What the builds of an app (kustomize-build.ts, helm-template.ts) share: finding a command on
// PATH, a scratch directory under TMPDIR, and paths with their links resolved.

import { accessSync, constants, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { error, UserError } from '../../functions/core/index.js';

export function onPath(command: string, path = ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A scratch directory for `what` ("the kustomize build"); the sidecar's TMPDIR is the emptyDir mounted at /tmp. */
export function scratchDir(prefix: string, what: string): string {
  try {
    return mkdtempSync(join(tmpdir(), prefix));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UserError([error(`cannot create a scratch directory for ${what} in ${tmpdir()} (${code}); TMPDIR must name a writable directory (in the contextcore-cmp sidecar, the emptyDir mounted at /tmp)`)]);
  }
}

export const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};
