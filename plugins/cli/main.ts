// contextcore: the command-line front end. Dispatches to a command, maps failures to exit codes:
// 0 ok, 1 the input has errors, 2 usage, 70 a bug in contextcore.

import { GENERATOR_VERSION, UserError } from '../../functions/core/index.js';
import { EXIT, MissingTool, report, UsageError, type Command, type Io } from './command.js';
import { commandHelp, COMMANDS } from './commands/index.js';

export { EXIT };

const usage = () => `contextcore ${GENERATOR_VERSION}: expand ProjectContexts into observability at render time

Usage:
${COMMANDS.flatMap((c) => c.usage).map((l) => `  contextcore ${l}`).join('\n')}

contextcore <command> --help prints a command's options; -v (--version) the version.

Paths are apps, as Argo CD renders them: a directory with a kustomization is built with
kustomize (CONTEXTCORE_KUSTOMIZE, else kustomize on PATH, else kubectl kustomize), one with a
Chart.yaml templated with helm (CONTEXTCORE_HELM, else helm on PATH); a file is read
whatever its name; another directory is read recursively in name order: its .yaml, .yml and .json
files except kustomization.yaml and Kptfile; hidden entries and node_modules skipped; symbolic
links followed. "-" reads stdin. A ProjectContextExpander found in the input is used as the
configuration unless --config is given.

Exit codes: 0 ok, 1 invalid input (details on stderr), 2 usage (or no kustomize to build a
kustomization with, no helm to template a chart with), 70 internal error (a bug);
diff: 0 no differences, 1 differences with --exit-code, 2 a side that cannot be read or
rendered, 70 a bug;
hook emit: 1 also, with --strict, when the cluster or the export failed (missing artifacts never fail it).
`;

const HELP_FLAGS = ['--help', '-h'];

// parseArgs reports bad options with its own error codes.
const isUsageError = (e: unknown) => e instanceof UsageError || String((e as NodeJS.ErrnoException)?.code ?? '').startsWith('ERR_PARSE_ARGS');

/** After a usage error: the usage of the command given (its subcommand's, if named), else every command's. */
function usageFor(command: Command | undefined, rest: readonly string[]): string {
  if (!command) return usage();
  const sub = rest[0] !== undefined && !rest[0].startsWith('-') ? rest[0] : undefined;
  return commandHelp(command, sub);
}

function failure(e: unknown, io: Io, command?: Command, rest: readonly string[] = []): number {
  if (e instanceof UserError) {
    report(e.results, io);
    return EXIT.userError;
  }
  if (isUsageError(e)) {
    io.stderr(`contextcore: ${(e as Error).message}\n${e instanceof MissingTool ? '' : `\n${usageFor(command, rest)}`}`);
    return EXIT.usage;
  }
  return internalError(e, io.stderr);
}

export function internalError(e: unknown, stderr: Io['stderr']): number {
  stderr(`contextcore: internal error (this is a bug in contextcore, please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
  return EXIT.bug;
}

export function main(argv: string[], io: Io): number | Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name) {
      // A usage error: the usage goes where errors go.
      io.stderr(usage());
      return EXIT.usage;
    }
    if (HELP_FLAGS.includes(name) || name === 'help') {
      io.stdout(usage());
      return EXIT.ok;
    }
    if (name === '--version' || name === '-v' || name === 'version') {
      io.stdout(`${GENERATOR_VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    // --help or -h anywhere before `--`: that command's (or subcommand's) usage, nothing run.
    const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (options.some((a) => HELP_FLAGS.includes(a))) {
      io.stdout(usageFor(command, rest));
      return EXIT.ok;
    }
    return command
      .load()
      .then((m) => m.run(rest, io))
      .catch((e) => failure(e, io, command, rest));
  } catch (e) {
    return failure(e, io);
  }
}
