#!/usr/bin/env node
// Entry point of the bundled executable: process I/O only.
import { writeSync } from 'node:fs';
import { argsForProgram } from '../../functions/project-context-expander/plugin-install.js';
import type { Output } from './command.js';
import { internalError, main } from './main.js';

/**
 * Writes everything to a file descriptor. fs.writeSync instead of process.stdout: creating
 * Node's stdio streams costs every run milliseconds. A non-blocking pipe may refuse a write
 * (EAGAIN) until the reader catches up; then wait a moment and go on.
 */
function writeAll(fd: number, data: string | Uint8Array): void {
  let bytes = typeof data === 'string' ? Buffer.from(data) : data;
  while (bytes.length) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

const outputs: Output[] = [];
// Installed as the kustomize plugin or called contextcore-fn, the name selects the command.
void Promise.resolve(
  main(argsForProgram(process.argv[1], process.argv.slice(2)), {
    stdout: (data) => void outputs.push(data),
    stderr: (text) => writeAll(2, text),
  }),
).then((code) => {
  // stdout is written only at the end: a run that fails cleanly never leaves partial output
  // behind. Large YAML is produced while it is written; a bug there leaves it cut short, with 70.
  try {
    for (const out of outputs) {
      if (typeof out === 'string' || out instanceof Uint8Array) writeAll(1, out);
      else out.writeTo((chunk) => writeAll(1, chunk));
    }
  } catch (e) {
    // The reader went away (e.g. `| head`): nothing more to say to it.
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') code = internalError(e, (text) => writeAll(2, text));
  }
  process.exitCode = code;
});
