// What the commands that read paths share: reading them (and --config), expanding, reporting.
// Apart from command.ts, which every command loads: reading files brings the yaml library.

import { parseArgs } from 'node:util';
import { escalate, expand, hasErrors, promqlFor, UserError, type ExpandOutput } from '../../functions/core/index.js';
import { report, UsageError, type Io } from './command.js';
import { loadOne, loadPaths, type Loaded } from './io.js';

export interface ExpandedArgs {
  out: ExpandOutput;
  values: Record<string, string | boolean | undefined>;
  /** The paths as given ("-" for stdin). */
  paths: string[];
  /** Files that held no document (as named in messages: `<stdin>` for "-"). */
  empty: string[];
}

/** Reads paths (and --config), expands, reports warnings; throws UserError on errors. */
export async function expandArgs(args: string[], io: Io, extra: Record<string, { type: 'boolean' | 'string' }> = {}): Promise<ExpandedArgs> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' }, strict: { type: 'boolean' }, ...extra } });
  if (!positionals.length) throw new UsageError('no input: give files, directories or - for stdin');
  const loaded = loadPaths(positionals);
  const out = await expandLoaded(loaded, typeof values.config === 'string' ? values.config : undefined, values.strict === true);
  report(out.results, io);
  return { out, values: values as Record<string, string | boolean | undefined>, paths: positionals, empty: loaded.empty ?? [] };
}

/** Expands loaded input, with the configuration file if one is given; throws UserError on errors (under strict, on warnings too). */
export async function expandLoaded(loaded: Loaded, configPath?: string, strict = false): Promise<ExpandOutput> {
  let config;
  if (configPath !== undefined) {
    const one = loadOne(configPath);
    loaded.results.push(...one.results);
    config = one.object ? { config: one.object, configOrigin: one.origin } : undefined;
  }
  if (hasErrors(escalate(loaded.results, strict))) throw new UserError(loaded.results);
  const out = expand({ resources: loaded.resources, origins: loaded.origins }, { ...config, ...(strict ? { strict } : {}), ...(await promqlFor(loaded.resources)) });
  // Warnings of reading (a symbolic link not followed) come first, with the render's own.
  const results = [...loaded.results, ...out.results];
  if (!out.ok) throw new UserError(results);
  return { ...out, results };
}
