// contextcore: the command-line front end. Parses arguments, reads input, calls the core, writes
// stdout (the product) and stderr (results and logs). Exit codes: 0 ok, 1 the input has errors,
// 2 usage, 70 a bug in contextcore.

import { parseArgs } from 'node:util';
import {
  expand,
  formatResult,
  hasErrors,
  plansText,
  toYamlStream,
  UserError,
  type Result,
} from '../../functions/core/index.js';
import { GENERATOR_VERSION } from '../../functions/core/conventions.js';
import { runFunction } from '../../functions/project-context-expander/resource-list.js';
import { loadOne, loadPaths, readStdin } from './io.js';

export const EXIT = { ok: 0, userError: 1, usage: 2, bug: 70 } as const;

class UsageError extends Error {}

const USAGE = `contextcore ${GENERATOR_VERSION}: expand ProjectContexts into observability at render time

Usage:
  contextcore render <paths...|-> [--config FILE]   YAML stream of the input plus generated resources
  contextcore validate <paths...|-> [--config FILE] check ProjectContexts and configuration
  contextcore plan <paths...|-> [--config FILE] [--json]  epic → story → task plan per context
  contextcore fn                                     KRM function: ResourceList on stdin → stdout

Paths are YAML/JSON files or directories (read recursively, kustomization.yaml and Kptfile
skipped); "-" reads stdin. A ProjectContextExpander found in the input is used as the
configuration unless --config is given.

Exit codes: 0 ok, 1 invalid input (details on stderr), 2 usage, 70 internal error (a bug).
`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function report(results: readonly Result[], io: Io): void {
  for (const r of results) io.stderr(`${formatResult(r)}\n`);
}

function expandPaths(args: string[], io: Io) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' }, json: { type: 'boolean' } } });
  if (!positionals.length) throw new UsageError('no input: give files, directories or - for stdin');
  const loaded = loadPaths(positionals);
  let config;
  if (values.config !== undefined) {
    const one = loadOne(values.config);
    loaded.results.push(...one.results);
    config = one.object ? { config: one.object, configOrigin: one.origin } : undefined;
  }
  if (hasErrors(loaded.results)) throw new UserError(loaded.results);
  const out = expand({ resources: loaded.resources, origins: loaded.origins }, config ?? {});
  if (!out.ok) throw new UserError(out.results);
  report(out.results, io);
  return { out, json: values.json === true };
}

const commands: Record<string, (args: string[], io: Io) => number> = {
  render(args, io) {
    const { out } = expandPaths(args, io);
    io.stdout(toYamlStream(out.resources));
    return EXIT.ok;
  },
  validate(args, io) {
    const { out } = expandPaths(args, io);
    io.stderr(`valid: ${out.plans.length} ProjectContext(s), ${out.resources.length} resources rendered\n`);
    return EXIT.ok;
  },
  plan(args, io) {
    const { out, json } = expandPaths(args, io);
    io.stdout(json ? `${JSON.stringify(out.plans, null, 2)}\n` : plansText(out.plans));
    return EXIT.ok;
  },
  fn(args, io) {
    if (args.length) throw new UsageError('fn takes no arguments: the ResourceList comes on stdin');
    const run = runFunction(readStdin().toString('utf8'));
    // kustomize shows only stderr when a function fails, so errors go there too.
    report(run.results.filter((r) => r.severity === 'error'), io);
    io.stdout(run.stdout);
    return run.exitCode;
  },
};

export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return command ? EXIT.ok : EXIT.usage;
    }
    if (command === '--version') {
      io.stdout(`${GENERATOR_VERSION}\n`);
      return EXIT.ok;
    }
    const run = commands[command];
    if (!run) throw new UsageError(`unknown command "${command}"`);
    return run(rest, io);
  } catch (e) {
    if (e instanceof UserError) {
      report(e.results, io);
      return EXIT.userError;
    }
    if (e instanceof UsageError || (e as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.stderr(`contextcore: ${(e as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    io.stderr(`contextcore: internal error (this is a bug in contextcore, please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.bug;
  }
}
