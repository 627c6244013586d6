import { decodeUtf8 } from '../../../functions/core/index.js';
import { runFunction } from '../../../functions/project-context-expander/resource-list.js';
import { EXIT, report, UsageError, type Io } from '../command.js';
import { readStdin } from '../stdin.js';

export async function run(args: string[], io: Io): Promise<number> {
  if (args.length) throw new UsageError('fn takes no arguments: the ResourceList comes on stdin');
  // Bytes that are not UTF-8 are refused, not replaced (they would change the manifests silently).
  const stdin = decodeUtf8(readStdin(), '<stdin>');
  if (stdin.text === undefined) {
    report(stdin.results, io);
    return EXIT.userError;
  }
  const run = await runFunction(stdin.text);
  // kustomize shows only stderr when a function fails, so errors go there too.
  report(run.results.filter((r) => r.severity === 'error'), io);
  io.stdout(run.output);
  return run.exitCode === 0 ? EXIT.ok : EXIT.userError;
}
