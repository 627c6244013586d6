// What the commands that read paths share: reading them (and --config), rendering, reporting.
// Apart from command.ts, which every command loads: reading files brings the yaml library.

import { parseArgs } from 'node:util';
import { renderApps, type Rendered } from '../../functions/app/index.js';
import { escalate, hasErrors, UserError, type Result } from '../../functions/core/index.js';
import { report, UsageError, type Io } from './command.js';
import { loadApps, type Apps } from './apps.js';
import { loadOne } from './io.js';

export interface ExpandedArgs {
  out: Rendered;
  values: Record<string, string | boolean | undefined>;
  /** The paths as given ("-" for stdin). */
  paths: string[];
  /** Files that held no document (as named in messages: `<stdin>` for "-"). */
  empty: string[];
}

/** A command's own problems with what was read, reported with the render's, also when the render fails. */
export type ReadProblems = (read: { paths: string[]; empty: string[] }) => Result[];

/** Reads the paths (and --config), renders, reports warnings; throws UserError on errors. */
export async function expandArgs(args: string[], io: Io, extra: Record<string, { type: 'boolean' | 'string' }> = {}, readProblems?: ReadProblems): Promise<ExpandedArgs> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' }, strict: { type: 'boolean' }, ...extra } });
  if (!positionals.length) throw new UsageError('no input: give files, directories or - for stdin');
  const config = typeof values.config === 'string' ? values.config : undefined;
  let empty: string[] = [];
  const load = () => {
    const apps = loadApps(positionals, config === undefined ? {} : { config });
    empty = apps.empty ?? [];
    return apps;
  };
  let out: Rendered;
  try {
    out = await renderLoaded(load, config, values.strict === true);
  } catch (e) {
    // All problems at once: an empty file named beside a broken one is said too.
    if (e instanceof UserError && readProblems) throw new UserError([...e.results, ...readProblems({ paths: positionals, empty })]);
    throw e;
  }
  report(out.results, io);
  return { out, values: values as Record<string, string | boolean | undefined>, paths: positionals, empty };
}

/**
 * Renders the apps a loader reads, with the configuration file if one is given; throws UserError
 * on errors (under strict, on warnings too).
 */
export async function renderLoaded(load: () => Apps | Promise<Apps>, configPath?: string, strict = false): Promise<Rendered> {
  const results = [];
  let config;
  if (configPath !== undefined) {
    const one = loadOne(configPath);
    results.push(...one.results);
    config = one.object ? { config: one.object, configOrigin: one.origin } : undefined;
  }
  if (hasErrors(results)) throw new UserError(results);
  const loaded = await load();
  results.push(...loaded.results);
  if (hasErrors(escalate(results, strict))) throw new UserError(results);
  const out = await renderApps(loaded.apps, { ...config, ...(strict ? { strict } : {}) });
  // Warnings of reading (a symbolic link not followed) come first, with the render's own.
  const all = [...results, ...out.results];
  if (!out.ok) throw new UserError(all);
  return { ...out, results: all };
}
