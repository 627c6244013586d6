// Reading stdin, and what a failed read is called. Apart from io.ts, which reads files with the
// yaml library at hand: the commands that read only stdin (fn, kustomize plugin) load neither.

import { readFileSync } from 'node:fs';

/** The code of a file-system error (EACCES, ENOTDIR, …); anything else is a bug and is rethrown. */
export function errnoCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') throw e;
  return code;
}

export function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN' || (e as NodeJS.ErrnoException).code === 'EOF') return Buffer.alloc(0);
    throw e;
  }
}
