// What the commands that read paths share: each path is an app (apps.ts: a kustomization is built
// as Argo CD builds it), rendered together (functions/app/render-apps.ts) with --config when given.
// Apart from command.ts, which every command loads: reading files brings the yaml library.

import { parseArgs } from 'node:util';
import { renderApps, type Rendered } from '../../functions/app/index.js';
import { hasErrors, UserError } from '../../functions/core/index.js';
import { report, UsageError, type Io } from './command.js';
import { loadApps, type Apps } from './apps.js';
import { loadOne } from './io.js';

/** Reads the paths (and --config), renders, reports warnings; throws UserError on errors. */
export async function expandArgs(args: string[], io: Io, extra: Record<string, { type: 'boolean' | 'string' }> = {}): Promise<{ out: Rendered; values: Record<string, string | boolean | undefined> }> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' }, ...extra } });
  if (!positionals.length) throw new UsageError('no input: give files, directories or - for stdin');
  const config = typeof values.config === 'string' ? values.config : undefined;
  const out = await renderLoaded(() => loadApps(positionals, config === undefined ? {} : { config }), config);
  report(out.results, io);
  return { out, values: values as Record<string, string | boolean | undefined> };
}

/** Renders the apps a loader reads, with the configuration file if one is given; throws UserError on errors. */
export async function renderLoaded(load: () => Apps | Promise<Apps>, configPath?: string): Promise<Rendered> {
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
  if (hasErrors(results)) throw new UserError(results);
  const out = await renderApps(loaded.apps, { ...config });
  // Warnings of reading (a symbolic link not followed) come first, with the render's own.
  const all = [...results, ...out.results];
  if (!out.ok) throw new UserError(all);
  return { ...out, results: all };
}
