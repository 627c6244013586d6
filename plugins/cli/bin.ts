#!/usr/bin/env node
// Entry point of the bundled executable: process I/O only.
import { argsForProgram } from '../../functions/project-context-expander/plugin-install.js';
import type { Output } from './command.js';
import { internalError, main } from './main.js';

/** Thrown by a write once the reader of stdout went away (e.g. `| head`): nothing more to say to it. */
const READER_GONE = new Error('stdout closed');

/**
 * Node writes stdout and stderr synchronously when they are pipes or files (Linux, macOS). A
 * failed write destroys the stream at once and reports the error after: the next write stops.
 */
function writer(stream: NodeJS.WriteStream): (data: string | Uint8Array) => void {
  return (data) => {
    if (stream.destroyed) throw READER_GONE;
    stream.write(data);
  };
}
const toStdout = writer(process.stdout);
// Messages to a stderr nobody reads any more are dropped; the exit code still tells.
const toStderr = (text: string) => void (process.stderr.destroyed || process.stderr.write(text));
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') process.exitCode = internalError(e, toStderr);
});

const outputs: Output[] = [];
// Installed as the kustomize plugin or called contextcore-fn, the name selects the command.
void Promise.resolve(
  main(argsForProgram(process.argv[1], process.argv.slice(2)), {
    stdout: (data) => void outputs.push(data),
    stderr: toStderr,
  }),
).then((code) => {
  // stdout is written only at the end: a run that fails cleanly never leaves partial output
  // behind. Large YAML is produced while it is written; a bug there leaves it cut short, with 70.
  try {
    for (const out of outputs) {
      if (typeof out === 'string' || out instanceof Uint8Array) toStdout(out);
      else out.writeTo(toStdout);
    }
  } catch (e) {
    if (e !== READER_GONE) code = internalError(e, toStderr);
  }
  process.exitCode ??= code;
});
