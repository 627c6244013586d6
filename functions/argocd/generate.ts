// The manifests Argo CD receives from `contextcore argocd generate`. Pure: loaded resources (or
// the kustomize build and what the ContextCore transformer reported during it, or a chart's
// `helm template` output) and the
// environment in, a YAML stream or errors out. The render itself is the one every command makes
// of an app (functions/app/render-apps.ts), under the Application's settings. On any error
// nothing is printed: Argo CD would prune what an empty or partial output leaves out.

import { distinctResults, renderApps, type KustomizeBuild, type KustomizeFindings, type LoadedApp } from '../app/render-apps.js';
import { error, hasErrors, sortResults, toYamlStream, type KubeObject, type Origin, type Result } from '../core/index.js';
import { applicationSettings } from './apply-settings.js';
import { kustomizeHelmVersionProblem } from '../helm/kustomize-helm.js';
import { kustomizeMessages } from './kustomize-command.js';
import type { Env } from './read-settings.js';

export type { KustomizeBuild, KustomizeFindings } from '../app/render-apps.js';

export interface ArgocdInput {
  resources: readonly KubeObject[];
  origins: ReadonlyArray<Origin | undefined>;
  env: Env;
  /** Where the resources came from, for messages: "the app directory" or "the output of kustomize build .". */
  source: string;
  /** A Helm chart's: the namespace it was templated in. */
  chart?: LoadedApp['chart'];
}

export interface ArgocdOutput {
  /** The YAML stream for Argo CD; empty when ok is false. */
  stdout: string;
  results: Result[];
  ok: boolean;
}

const failed = (results: Result[]): ArgocdOutput => ({ stdout: '', results: sortResults(distinctResults(results)), ok: false });

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
 * `argocd generate`: the app rendered as every command renders it, with the Application's
 * settings layered over the app's configuration.
 */
export async function argocdGenerate(input: ArgocdInput, kustomize?: KustomizeFindings): Promise<ArgocdOutput> {
  const rendered = await renderApps([{ resources: input.resources, origins: input.origins, ...(kustomize ? { build: kustomize } : {}), ...(input.chart ? { chart: input.chart } : {}) }], {
    configure: applicationSettings(input.env),
    inPlaceSettings: "under the Application's settings",
  });
  if (!rendered.ok) return failed(rendered.results);
  const results = [...rendered.results, ...checkManifests(rendered.resources, input.source)];
  if (hasErrors(results)) return failed(results);
  return { stdout: toYamlStream(rendered.resources), results: sortResults(distinctResults(results)), ok: true };
}

/**
 * A kustomize build that failed: what the ContextCore transformer reported when it is the one
 * that failed (kustomize would fold it into one escaped line), else kustomize's message.
 */
export function argocdBuildFailed(build: KustomizeBuild, exit: string): ArgocdOutput {
  return failed(buildFailure(build, exit));
}

/** The problems of a failed kustomize build, as argocdBuildFailed reports them. */
export function buildFailure(build: KustomizeBuild, exit: string): Result[] {
  const reported = build.transformerRuns.flatMap((r) => r.results);
  if (hasErrors(reported)) return reported;
  const helm = kustomizeHelmVersionProblem(build.stderr);
  return [...reported, error(`${build.command} failed (exit ${exit}): ${helm ?? kustomizeMessages(build.stderr).join('; ')}`)];
}
