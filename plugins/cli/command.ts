// What every CLI command is: a name, a usage line, and a run function over argv and I/O.

import { formatResult, type Result } from '../../functions/core/index.js';

export const EXIT = { ok: 0, userError: 1, usage: 2, bug: 70 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A tool a command needs cannot run (no kustomize): exit 2 like a usage error, without the usage text. */
export class MissingTool extends UsageError {
  override name = 'MissingTool';
}

/** Output produced as it is written (a large YAML stream is never held whole). */
export interface Streamed {
  writeTo(sink: (chunk: Uint8Array) => void): void;
}

export type Output = string | Uint8Array | Streamed;

export interface Io {
  /** The product; written once the command has succeeded or failed cleanly. */
  stdout: (data: Output) => void;
  stderr: (text: string) => void;
}

/** A command's module (commands/index.ts imports it when the command runs). */
export interface CommandModule {
  run(args: string[], io: Io): number | Promise<number>;
}

export interface Command {
  name: string;
  /** Lines for the usage text, e.g. `render <paths...|-> [--config FILE]   what it does`. */
  usage: string[];
  /** What it does and its options, for `contextcore <command> --help`. */
  help: string;
  load(): Promise<CommandModule>;
}

export function report(results: readonly Result[], io: Io): void {
  for (const r of results) io.stderr(`${formatResult(r)}\n`);
}
