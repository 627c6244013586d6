// `contextcore validate`: the render's checks, and what only validation asks for: something to
// validate. A file named on the command line that holds no document, or an input without any
// ProjectContext, is an error (a typo of apiVersion or kind is one already, in the core); an
// empty file found in a directory is a warning.
import { error, PROJECT_CONTEXT_API_VERSION, PROJECT_CONTEXT_KIND, warning } from '../../../functions/core/index.js';
import { EXIT, report, type Io } from '../command.js';
import { expandArgs, type ReadProblems } from '../expand-args.js';

const STDIN_LABEL = '<stdin>';
const EXPECTED = `a ProjectContext starts with apiVersion: ${PROJECT_CONTEXT_API_VERSION} and kind: ${PROJECT_CONTEXT_KIND}`;

/** Files named on the command line that hold no document are errors; those found in a directory, warnings. */
const emptyFiles: ReadProblems = ({ paths, empty }) => {
  const named = new Set(paths.map((p) => (p === '-' ? STDIN_LABEL : p)));
  return empty.map((path) => (named.has(path) ? error : warning)(`holds no YAML document (it is empty, or only comments); ${EXPECTED}`, { origin: { path } }));
};

export async function run(args: string[], io: Io): Promise<number> {
  const { out, paths, empty } = await expandArgs(args, io, {}, emptyFiles);
  const problems = emptyFiles({ paths, empty });
  if (!out.plans.length) problems.push(error(`no ProjectContext in the input, so nothing was validated; ${EXPECTED}`));
  report(problems, io);
  if (problems.some((p) => p.severity === 'error')) return EXIT.userError;
  io.stderr(`valid: ${out.plans.length} ProjectContext(s), ${out.resources.length} resources rendered\n`);
  return EXIT.ok;
}
