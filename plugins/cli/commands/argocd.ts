// `contextcore argocd generate|discover|transform`: the commands of the Argo CD config-management
// plugin (argocd/install/plugin.yaml). They gather the directory, environment and stdin; the
// logic is in functions/argocd/.

import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  applicationSettings,
  argocdBuildFailed,
  argocdGenerate,
  directoryConfigs,
  discover,
  kustomizationIn,
  settingsErrors,
  transformerRunLine,
  type ArgocdOutput,
} from '../../../functions/argocd/index.js';
import { hasErrors, UserError } from '../../../functions/core/index.js';
import { parseYamlStream } from '../../../functions/core/yaml-parse.js';
import { error } from '../../../functions/core/results.js';
import { buildKustomization } from '../../argocd/kustomize-build.js';
import { nodeDiscoverFs } from '../../argocd/discover-fs.js';
import { EXIT, report, UsageError, type Io } from '../command.js';
import { loadPaths } from '../io.js';
import { runPluginOnInput } from './kustomize.js';

function print(out: ArgocdOutput, io: Io): number {
  report(out.results, io);
  if (!out.ok) return EXIT.userError;
  io.stdout(out.stdout);
  return EXIT.ok;
}

/** The app in the working directory: its kustomize build when it has a kustomization, else its YAML files. */
async function generate(io: Io): Promise<number> {
  const dir = process.cwd();
  if (!kustomizationIn(dir, nodeDiscoverFs)) {
    const loaded = loadPaths(['.']);
    if (hasErrors(loaded.results)) throw new UserError(loaded.results);
    return print(await argocdGenerate({ resources: loaded.resources, origins: loaded.origins, env: process.env, source: 'the app directory' }), io);
  }
  // Before kustomize: a bad setting would otherwise fail inside the build, once per transformer run.
  const problems = settingsErrors(process.env);
  if (problems.length) throw new UserError(problems);
  const built = buildKustomization(dir, process.env);
  if (built.exit !== '0') return print(argocdBuildFailed(built, built.exit), io);
  const parsed = parseYamlStream(built.stdout, `<${built.command}>`);
  if (hasErrors(parsed.results)) throw new UserError(parsed.results);
  const input = { resources: parsed.objects, origins: parsed.origins, env: process.env, source: `the output of ${built.command}` };
  return print(await argocdGenerate(input, { ...built, directory: directoryConfigs(dir, nodeDiscoverFs) }), io);
}

/**
 * The kustomize legacy exec plugin generate installs: `kustomize plugin CONFIG` under the
 * Application's settings. With --results, what it reports is appended there for generate.
 */
async function transform(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { results: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('argocd transform takes one argument: the transformer config file kustomize passes');
  const run = await runPluginOnInput(positionals[0]!, { configure: applicationSettings(process.env) });
  if (values.results === undefined) {
    report(run.results, io);
  } else {
    try {
      appendFileSync(values.results, transformerRunLine(run.results));
    } catch (e) {
      throw new UserError([error(`cannot write the transformer's results: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { origin: { path: values.results } })]);
    }
  }
  io.stdout(run.stdout);
  return hasErrors(run.results) ? EXIT.userError : EXIT.ok;
}

export async function run(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'generate' && !rest.length) return generate(io);
  if (sub === 'discover' && !rest.length) {
    const found = discover(process.cwd(), nodeDiscoverFs);
    if (found) io.stdout(`${found}\n`);
    return EXIT.ok;
  }
  if (sub === 'transform') return transform(rest, io);
  throw new UsageError(`argocd takes generate, discover or transform CONFIG (got ${args.join(' ') || 'nothing'})`);
}
