// One render of the apps a command names, whatever their kind (app-kind.ts): a kustomization as
// kustomize built it, a Helm chart as helm templated it, a directory of manifests, a file. Where the build ran the ContextCore
// transformer in place, its output is final: expanding again would undo what the kustomization
// configured, and what the runs reported (results, plans) is taken over, once the output is
// checked against those plans (render-check.ts). Everything else is expanded here, together, as
// if ContextCore ran last: the front end adds the function where the kustomization does not run
// it. Shared by the CLI (render, validate, plan, diff) and `argocd generate`. Pure.

import type { DirectoryConfigs, FoundConfig } from '../argocd/directory-config.js';
import { kustomizeMessages, type TransformerRun } from '../argocd/kustomize-command.js';
import {
  DEFAULT_NAMESPACE,
  error,
  escalate,
  expand,
  hasErrors,
  info,
  isConfig,
  promqlFor,
  sortResults,
  warning,
  type ExpandOptions,
  type KubeObject,
  type Origin,
  type Plan,
  type Result,
} from '../core/index.js';
import { checkRender } from './render-check.js';

/** The kustomize build of an app, as the front end ran it. */
export interface KustomizeBuild {
  /** The command line, for messages: "kustomize build --enable-alpha-plugins .". */
  command: string;
  /** kustomize's stderr (on success only its own warnings: the transformer reports through its results file). */
  stderr: string;
  /** What each run of the ContextCore transformer reported, in run order. */
  transformerRuns: readonly TransformerRun[];
}

export interface KustomizeFindings extends KustomizeBuild {
  /** The app directory's ProjectContextExpanders (directoryConfigs()). */
  directory?: DirectoryConfigs;
  /** Transformer files whose ContextCore config was declared as a KRM function and built in its plugin form. */
  pluginFormFiles?: readonly string[];
  /** The steps the layout analysis found after ContextCore runs, in words (placement.ts laterStepsText). */
  laterSteps?: string;
}

/** One app as loaded: its resources and, for a kustomization, what its build reported. */
export interface LoadedApp {
  resources: readonly KubeObject[];
  origins: ReadonlyArray<Origin | undefined>;
  build?: KustomizeFindings;
  /** A Helm chart: the namespace it was templated in (.Release.Namespace), which must be where ContextCore places namespace-less objects. */
  chart?: { shownAs: string; namespace: string };
}

export interface RenderOptions {
  /** A configuration given outside the apps (the CLI's --config). */
  config?: KubeObject;
  configOrigin?: Origin;
  /** Settings layered over the chosen configuration (the Argo CD Application's). */
  configure?: ExpandOptions['configure'];
  /** Who configured the in-place runs besides the app, for messages: "under the Application's settings". */
  inPlaceSettings?: string;
  /** Every warning is an error (the CLI's --strict), those of in-place runs too. */
  strict?: boolean;
}

export interface Rendered {
  /** Empty when ok is false. */
  resources: KubeObject[];
  results: Result[];
  plans: Plan[];
  /** Where namespace-less resources are taken to be (the plans name them there). */
  defaultNamespace: string;
  ok: boolean;
}

/** One line per distinct message (a transformer that ran N times reports the same things N times). */
export const distinctResults = (results: Result[]) => [...new Map(results.map((r) => [JSON.stringify(r), r])).values()];

const failed = (results: Result[]): Rendered => ({ resources: [], results: sortResults(distinctResults(results)), plans: [], defaultNamespace: DEFAULT_NAMESPACE, ok: false });

/** kustomize's own messages of a successful build (deprecations and the like). */
export const kustomizeWarnings = (build: KustomizeBuild) => kustomizeMessages(build.stderr).map((m) => warning(`${build.command}: ${m}`));

/**
 * A ProjectContextExpander that a kustomization leaves out of its output still configures the
 * app: the config a directory holds is used whether it is built from files or from a kustomization.
 */
function chooseDirectoryConfig(resources: readonly KubeObject[], found: DirectoryConfigs): { config?: FoundConfig; results: Result[] } {
  if (resources.some(isConfig)) return { results: [] };
  const results = [...found.results];
  if (found.configs.length > 1) return { results: [...results, ...found.configs.slice(1).map((c) => error('more than one ProjectContextExpander in the app; keep one', { resource: c.object, origin: c.origin }))] };
  const config = found.configs[0];
  if (!config) return { results };
  return { config, results: [...results, info('the kustomization does not output this ProjectContextExpander; it configures the expansion as the app directory\'s config', { resource: config.object, origin: config.origin })] };
}

/** The output of a build that ran ContextCore in place, with what its runs reported. */
function inPlace(app: LoadedApp, build: KustomizeFindings, options: RenderOptions): { resources: KubeObject[]; plans: Plan[]; defaultNamespace: string; results: Result[] } {
  const runs = build.transformerRuns;
  const results: Result[] = [info(`the kustomization runs the ContextCore transformer (${runs.length}×); kustomize expanded the ProjectContexts in place with the app's configuration${options.inPlaceSettings ? ` ${options.inPlaceSettings}` : ''}`)];
  results.push(...runs.flatMap((r) => r.results));
  const resources = app.resources.filter((o, i) => {
    if (!isConfig(o)) return true;
    results.push(warning('a ProjectContextExpander resource is dropped: the kustomization\'s transformer configures the expansion', { resource: o, origin: app.origins[i] }));
    return false;
  });
  // A later run expands what an earlier one did again: its plan of a context is the one that holds.
  const plans = [...new Map(runs.flatMap((r) => r.plans).map((p) => [`${p.context.namespace}/${p.context.name}`, p])).values()];
  const defaultNamespace = runs.at(-1)?.defaultNamespace ?? DEFAULT_NAMESPACE;
  if (!hasErrors(results)) results.push(...checkRender(plans, resources, defaultNamespace, build.laterSteps));
  return { resources, plans, defaultNamespace, results };
}

/**
 * A chart templated in one namespace while the configuration, found among its templates, places
 * namespace-less objects in another: the selectors would name where half the objects are not.
 */
function chartNamespaceProblems(apps: readonly LoadedApp[], defaultNamespace: string): Result[] {
  return apps.flatMap((a) =>
    a.chart && a.chart.namespace !== defaultNamespace
      ? [
          error(
            `the chart ${a.chart.shownAs} was templated with --namespace ${a.chart.namespace}, and its ProjectContextExpander says namespace-less objects land in ${defaultNamespace} (spec.defaultNamespace): set the namespace where helm sees it too: the Application's destination namespace, or spec.defaultNamespace of a ProjectContextExpander beside Chart.yaml (or --config), not in a template`,
          ),
        ]
      : [],
  );
}

export async function renderApps(apps: readonly LoadedApp[], options: RenderOptions = {}): Promise<Rendered> {
  const results: Result[] = [];
  const resources: KubeObject[] = [];
  const plans: Plan[] = [];
  let defaultNamespace: string | undefined;
  const rest: LoadedApp[] = [];
  for (const app of apps) {
    const build = app.build;
    for (const path of build?.pluginFormFiles ?? []) {
      results.push(info('the ContextCore transformer is declared as a KRM function, which this build cannot run (no exec functions, no container runtime, as in Argo CD): it ran as the kustomize plugin, in place, with the same config', { origin: { path } }));
    }
    if (build) results.push(...kustomizeWarnings(build));
    if (!build?.transformerRuns.length) {
      rest.push(app);
      continue;
    }
    const done = inPlace(app, build, options);
    results.push(...done.results);
    resources.push(...done.resources);
    plans.push(...done.plans);
    defaultNamespace = done.defaultNamespace;
  }
  if (hasErrors(escalate(results, options.strict === true))) return failed(results);

  if (rest.length || !apps.length) {
    const input = { resources: rest.flatMap((a) => a.resources), origins: rest.flatMap((a) => a.resources.map((_, i) => a.origins[i])) };
    let given: Pick<ExpandOptions, 'config' | 'configOrigin'> = {};
    if (options.config) given = { config: options.config, ...(options.configOrigin ? { configOrigin: options.configOrigin } : {}) };
    else {
      const found = rest.map((a) => a.build?.directory).filter((d): d is DirectoryConfigs => !!d);
      const chosen = chooseDirectoryConfig(input.resources, { configs: found.flatMap((d) => d.configs), results: found.flatMap((d) => d.results) });
      results.push(...chosen.results);
      if (hasErrors(results)) return failed(results);
      if (chosen.config) given = { config: chosen.config.object, ...(chosen.config.origin ? { configOrigin: chosen.config.origin } : {}) };
    }
    const out = expand(input, { ...given, ...(options.configure ? { configure: options.configure } : {}), ...(options.strict ? { strict: true } : {}), ...(await promqlFor(input.resources)) });
    // With in-place apps beside, an input without contexts is not news.
    results.push(...(plans.length ? out.results.filter((r) => !/^no ProjectContext in the input/.test(r.message)) : out.results));
    if (!out.ok) return failed(results);
    results.push(...chartNamespaceProblems(rest, out.defaultNamespace));
    if (hasErrors(results)) return failed(results);
    resources.push(...out.resources);
    plans.push(...out.plans);
    defaultNamespace = out.defaultNamespace;
  }
  return { resources, results: sortResults(distinctResults(results)), plans, defaultNamespace: defaultNamespace ?? DEFAULT_NAMESPACE, ok: true };
}
