// What every CLI command is: a name, a usage line, and a run function over argv and I/O.

import { parseArgs } from 'node:util';
import { expand, formatResult, hasErrors, promqlFor, UserError, type ExpandOutput, type Result } from '../../functions/core/index.js';
import { loadOne, loadPaths, type Loaded } from './io.js';

export const EXIT = { ok: 0, userError: 1, usage: 2, bug: 70 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
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
  load(): Promise<CommandModule>;
}

export function report(results: readonly Result[], io: Io): void {
  for (const r of results) io.stderr(`${formatResult(r)}\n`);
}

/** Reads paths (and --config), expands, reports warnings; throws UserError on errors. */
export async function expandArgs(args: string[], io: Io, extra: Record<string, { type: 'boolean' | 'string' }> = {}): Promise<{ out: ExpandOutput; values: Record<string, string | boolean | undefined> }> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' }, ...extra } });
  if (!positionals.length) throw new UsageError('no input: give files, directories or - for stdin');
  const out = await expandLoaded(loadPaths(positionals), typeof values.config === 'string' ? values.config : undefined);
  report(out.results, io);
  return { out, values: values as Record<string, string | boolean | undefined> };
}

/** Expands loaded input, with the configuration file if one is given; throws UserError on errors. */
export async function expandLoaded(loaded: Loaded, configPath?: string): Promise<ExpandOutput> {
  let config;
  if (configPath !== undefined) {
    const one = loadOne(configPath);
    loaded.results.push(...one.results);
    config = one.object ? { config: one.object, configOrigin: one.origin } : undefined;
  }
  if (hasErrors(loaded.results)) throw new UserError(loaded.results);
  const out = expand({ resources: loaded.resources, origins: loaded.origins }, { ...config, ...(await promqlFor(loaded.resources)) });
  // Warnings of reading (a symbolic link not followed) come first, with the render's own.
  const results = [...loaded.results, ...out.results];
  if (!out.ok) throw new UserError(results);
  return { ...out, results };
}
