// `contextcore argocd generate|discover|transform`: the commands of the Argo CD config-management
// plugin (argocd/install/plugin.yaml). They gather the directory, environment and stdin; the
// logic is in functions/argocd/.

import { appendFileSync, readFileSync, realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { applicationSettings, argocdBuildFailed, argocdGenerate, chartTemplate, directoryConfigs, discover, helmParametersUnused, settingsErrors, transformerRunLine, type ArgocdOutput } from '../../../functions/argocd/index.js';
import { error, hasErrors, UserError } from '../../../functions/core/index.js';
import { parseYamlStream } from '../../../functions/core/yaml-library.js';
import { appAt, NAMESPACE_UNKNOWN_IN_KUSTOMIZE, placementFor, type PlacementTable } from '../../../functions/app/index.js';
import { ARGOCD_APP_ENV, KUSTOMIZE_PLUGIN_CONFIG_ROOT_ENV } from '../../../functions/argocd/conventions.js';
import { repositoryRoot } from '../../../functions/helm/index.js';
import type { LegacyPluginOptions } from '../../../functions/project-context-expander/legacy-plugin.js';
import { loadChart, type TemplateFor } from '../../argocd/helm-template.js';
import { buildKustomization } from '../../argocd/kustomize-build.js';
import { nodeDiscoverFs } from '../../argocd/discover-fs.js';
import { EXIT, report, UsageError, type Io } from '../command.js';
import { diskSource, loadOne, loadPaths } from '../io.js';
import { runPluginOnInput } from './kustomize.js';

function print(out: ArgocdOutput, io: Io): number {
  report(out.results, io);
  if (!out.ok) return EXIT.userError;
  io.stdout(out.stdout);
  return EXIT.ok;
}

/** The app in the working directory: its kustomize build when it has a kustomization, its helm template when it is a chart, else its YAML files. */
async function generate(io: Io): Promise<number> {
  const dir = process.cwd();
  const kind = appAt(dir, diskSource).kind;
  // Before kustomize or helm: a bad setting would otherwise fail inside the build, once per transformer run.
  const problems = [...settingsErrors(process.env), ...(kind === 'chart' ? [] : helmParametersUnused(process.env, kind))];
  if (problems.length) throw new UserError(problems);
  if (kind === 'chart') {
    const root = repositoryRoot(dir, process.env[ARGOCD_APP_ENV.sourcePath]);
    const templateFor: TemplateFor = (beside) => {
      const { template, results } = chartTemplate(process.env, dir, { realpath: (p) => realOrUndefined(p) }, beside);
      return { ...template, results };
    };
    const chart = loadChart(dir, process.env, templateFor, { redactions: [{ path: `${root}/`, as: '' }] });
    return print(await argocdGenerate({ resources: chart.resources, origins: chart.origins, env: process.env, source: 'the output of helm template .', ...(chart.chart ? { chart: chart.chart } : {}) }), io);
  }
  if (kind !== 'kustomization') {
    const loaded = loadPaths(['.']);
    if (hasErrors(loaded.results)) throw new UserError(loaded.results);
    return print(await argocdGenerate({ resources: loaded.resources, origins: loaded.origins, env: process.env, source: 'the app directory' }), io);
  }
  const built = buildKustomization(dir, process.env);
  if (built.exit !== '0') return print(argocdBuildFailed(built, built.exit), io);
  const parsed = parseYamlStream(built.stdout, `<${built.command}>`);
  if (hasErrors(parsed.results)) throw new UserError(parsed.results);
  const input = { resources: parsed.objects, origins: parsed.origins, env: process.env, source: `the output of ${built.command}` };
  return print(await argocdGenerate(input, { ...built, directory: directoryConfigs(dir, nodeDiscoverFs) }), io);
}

/**
 * The kustomize legacy exec plugin that a build of ours installs (argocd generate, and the CLI's
 * render, validate, plan and diff of a kustomization): `kustomize plugin CONFIG` under the
 * Application's settings. --placement names the table of where the build puts each run's objects
 * afterwards (functions/app/placement.ts), looked up by the directory kustomize loaded the config
 * from; --config a ProjectContextExpander used instead of the one the run would choose. With
 * --results, what it reports is appended there for the build.
 */
async function transform(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { results: { type: 'string' }, placement: { type: 'string' }, config: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('argocd transform takes one argument: the transformer config file kustomize passes');
  const options: LegacyPluginOptions = { configure: applicationSettings(process.env) };
  const placement = values.placement === undefined ? undefined : placementFor(JSON.parse(readFileSync(values.placement, 'utf8')) as PlacementTable, configRoot());
  if (placement) options.placement = placement;
  else options.namespaceUnknown = NAMESPACE_UNKNOWN_IN_KUSTOMIZE;
  if (values.config !== undefined) {
    const one = loadOne(values.config);
    if (!one.object) throw new UserError(one.results);
    options.config = { object: one.object, origin: one.origin };
  }
  const run = await runPluginOnInput(positionals[0]!, options);
  if (values.results === undefined) {
    report(run.results, io);
  } else {
    try {
      const ok = run.expansion?.ok;
      appendFileSync(values.results, transformerRunLine({ results: run.results, plans: ok ? run.expansion!.plans : [], ...(ok ? { defaultNamespace: run.expansion!.defaultNamespace } : {}) }));
    } catch (e) {
      throw new UserError([error(`cannot write the transformer's results: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { origin: { path: values.results } })]);
    }
  }
  io.stdout(run.stdout);
  return hasErrors(run.results) ? EXIT.userError : EXIT.ok;
}

/** A path with its links resolved; undefined when nothing is there. */
function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Where kustomize loaded this run's transformer config from, links resolved as the table's roots are. */
function configRoot(): string | undefined {
  const root = process.env[KUSTOMIZE_PLUGIN_CONFIG_ROOT_ENV];
  if (!root) return undefined;
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
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
