// The manifests Argo CD receives from `contextcore argocd generate`. Pure: loaded resources (or
// the kustomize build and what the ContextCore transformer reported during it) and the
// environment in, a YAML stream or errors out. On any error nothing is printed: Argo CD would
// prune what an empty or partial output leaves out.

import { isConfig } from '../core/config.js';
import { expand } from '../core/expand.js';
import { promqlFor } from '../core/load-promql.js';
import { error, hasErrors, info, sortResults, warning, type Result } from '../core/results.js';
import type { KubeObject, Origin } from '../core/types/kube.js';
import { toYamlStream } from '../core/yaml-io.js';
import { applicationSettings } from './apply-settings.js';
import type { DirectoryConfigs, FoundConfig } from './directory-config.js';
import { kustomizeMessages } from './kustomize-command.js';
import type { Env } from './read-settings.js';

export interface ArgocdInput {
  resources: readonly KubeObject[];
  origins: ReadonlyArray<Origin | undefined>;
  env: Env;
  /** Where the resources came from, for messages: "the app directory" or "the output of kustomize build .". */
  source: string;
}

export interface ArgocdOutput {
  /** The YAML stream for Argo CD; empty when ok is false. */
  stdout: string;
  results: Result[];
  ok: boolean;
}

/** The kustomize build of the app, as the front end ran it. */
export interface KustomizeBuild {
  /** The command line, for messages: "kustomize build --enable-alpha-plugins .". */
  command: string;
  /** kustomize's stderr (on success only its own warnings: the transformer reports through its results file). */
  stderr: string;
  /** What each run of the ContextCore transformer reported, in run order (transformerRuns()). */
  transformerRuns: ReadonlyArray<readonly Result[]>;
}

export interface KustomizeFindings extends KustomizeBuild {
  /** The app directory's ProjectContextExpanders (directoryConfigs()). */
  directory?: DirectoryConfigs;
  /** Transformer files whose ContextCore config was declared as a KRM function and built in its plugin form. */
  pluginFormFiles?: readonly string[];
}

/** One line per distinct message (a transformer that ran N times reports the same things N times). */
const distinct = (results: Result[]) => [...new Map(results.map((r) => [JSON.stringify(r), r])).values()];

const failed = (results: Result[]): ArgocdOutput => ({ stdout: '', results: sortResults(distinct(results)), ok: false });

/** Every document Argo CD gets must be an object with apiVersion and kind, and there must be one. */
function checkManifests(resources: readonly KubeObject[], source: string): Result[] {
  if (!resources.length) {
    return [error(`no Kubernetes resources in ${source}; refusing to print an empty manifest list (Argo CD would prune every resource of the application)`)];
  }
  return resources.flatMap((o) =>
    typeof o?.apiVersion === 'string' && o.apiVersion && typeof o.kind === 'string' && o.kind ? [] : [error('output resource has no apiVersion or kind', { resource: o })],
  );
}

/**
 * A ProjectContextExpander that a kustomization leaves out of its output still configures the
 * app: the config a directory holds is used whether it is built from files or from a kustomization.
 */
function chooseDirectoryConfig(input: ArgocdInput, found: DirectoryConfigs): { config?: FoundConfig; results: Result[] } {
  if (input.resources.some(isConfig)) return { results: [] };
  const results = [...found.results];
  if (found.configs.length > 1) return { results: [...results, ...found.configs.slice(1).map((c) => error('more than one ProjectContextExpander in the app; keep one', { resource: c.object, origin: c.origin }))] };
  const config = found.configs[0];
  if (!config) return { results };
  return { config, results: [...results, info('the kustomization does not output this ProjectContextExpander; it configures the expansion as the app directory\'s config', { resource: config.object, origin: config.origin })] };
}

/** kustomize's own messages of a successful build (deprecations and the like), which Argo CD would not show. */
const kustomizeWarnings = (build: KustomizeBuild) => kustomizeMessages(build.stderr).map((m) => warning(`${build.command}: ${m}`));

/**
 * `argocd generate`. When kustomize already ran the ContextCore transformer, its output is final:
 * expanding again would undo what the kustomization configured (or fail on names a later
 * namePrefix changed), and what the runs reported is reported here. Otherwise the app's resources
 * are expanded here, with the config among them or, for a kustomization, the one in the app
 * directory, under the Application's settings.
 */
export async function argocdGenerate(input: ArgocdInput, kustomize?: KustomizeFindings): Promise<ArgocdOutput> {
  const results: Result[] = [];
  let resources: KubeObject[];
  for (const path of kustomize?.pluginFormFiles ?? []) {
    results.push(info('the ContextCore transformer is declared as a KRM function, which cannot run in Argo CD (no exec functions, no container runtime); it ran as the kustomize plugin, in place, with the same config', { origin: { path } }));
  }
  if (kustomize) results.push(...kustomizeWarnings(kustomize));
  const runs = kustomize?.transformerRuns ?? [];
  if (runs.length) {
    results.push(info(`the kustomization runs the ContextCore transformer (${runs.length}×); kustomize expanded the ProjectContexts in place with the app's configuration under the Application's settings`));
    results.push(...runs.flat());
    resources = input.resources.filter((o, i) => {
      if (!isConfig(o)) return true;
      results.push(warning('a ProjectContextExpander resource is dropped: the kustomization\'s transformer configures the expansion', { resource: o, origin: input.origins[i] }));
      return false;
    });
  } else {
    const fromDirectory = kustomize?.directory ? chooseDirectoryConfig(input, kustomize.directory) : { results: [] };
    results.push(...fromDirectory.results);
    if (hasErrors(results)) return failed(results);
    const given = fromDirectory.config ? { config: fromDirectory.config.object, ...(fromDirectory.config.origin ? { configOrigin: fromDirectory.config.origin } : {}) } : {};
    const out = expand({ resources: input.resources, origins: input.origins }, { ...given, configure: applicationSettings(input.env), ...(await promqlFor(input.resources)) });
    results.push(...out.results);
    if (!out.ok) return failed(results);
    resources = out.resources;
  }
  results.push(...checkManifests(resources, input.source));
  if (hasErrors(results)) return failed(results);
  return { stdout: toYamlStream(resources), results: sortResults(distinct(results)), ok: true };
}

/**
 * A kustomize build that failed: what the ContextCore transformer reported when it is the one
 * that failed (kustomize would fold it into one escaped line), else kustomize's message.
 */
export function argocdBuildFailed(build: KustomizeBuild, exit: string): ArgocdOutput {
  const reported = build.transformerRuns.flat();
  if (hasErrors(reported)) return failed(reported);
  return failed([...reported, error(`${build.command} failed (exit ${exit}): ${kustomizeMessages(build.stderr).join('; ')}`)]);
}
