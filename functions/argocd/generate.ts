// The manifests Argo CD receives from `contextcore argocd generate`, and from the kustomize
// transformer it runs in place. Pure: loaded resources and the environment in, a YAML stream or
// errors out. On any error nothing is printed: Argo CD would prune what an empty or partial
// output leaves out.

import { isConfig } from '../core/config.js';
import { expand } from '../core/expand.js';
import { error, hasErrors, info, sortResults, warning, type Result } from '../core/results.js';
import type { KubeObject, Origin } from '../core/types/kube.js';
import { toYamlStream } from '../core/yaml-io.js';
import { applySettings } from './apply-settings.js';
import { readSettings, type Env } from './read-settings.js';

export interface ArgocdInput {
  resources: readonly KubeObject[];
  origins: ReadonlyArray<Origin | undefined>;
  env: Env;
  /** Where the resources came from, for messages: "." or "kustomize build .". */
  source: string;
}

export interface ArgocdOutput {
  /** The YAML stream for Argo CD; empty when ok is false. */
  stdout: string;
  results: Result[];
  ok: boolean;
}

const failed = (results: Result[]): ArgocdOutput => ({ stdout: '', results: sortResults(results), ok: false });

/** The one ProjectContextExpander among the resources (at most one), and the rest. */
function splitConfig(input: ArgocdInput): { config?: KubeObject; configOrigin?: Origin; resources: KubeObject[]; origins: Array<Origin | undefined>; results: Result[] } {
  const results: Result[] = [];
  const resources: KubeObject[] = [];
  const origins: Array<Origin | undefined> = [];
  let config: KubeObject | undefined;
  let configOrigin: Origin | undefined;
  input.resources.forEach((o, i) => {
    if (!isConfig(o)) {
      resources.push(o);
      origins.push(input.origins[i]);
    } else if (config) {
      results.push(error('more than one ProjectContextExpander in the app; keep one', { resource: o, origin: input.origins[i] }));
    } else {
      config = o;
      configOrigin = input.origins[i];
    }
  });
  return { ...(config ? { config } : {}), ...(configOrigin ? { configOrigin } : {}), resources, origins, results };
}

/** Every document Argo CD gets must be an object with apiVersion and kind, and there must be one. */
function checkManifests(resources: readonly KubeObject[], source: string): Result[] {
  if (!resources.length) {
    return [error(`no Kubernetes resources in ${source}; refusing to print an empty manifest list (Argo CD would prune every resource of the application)`)];
  }
  return resources.flatMap((o) =>
    typeof o?.apiVersion === 'string' && o.apiVersion && typeof o.kind === 'string' && o.kind ? [] : [error('output resource has no apiVersion or kind', { resource: o })],
  );
}

/** Expands resources with the app's ProjectContextExpander (given or found among them) under the Application's settings. */
function expandWithSettings(input: ArgocdInput, given?: { config: KubeObject; origin?: Origin }): { resources: KubeObject[]; results: Result[]; ok: boolean } {
  const split = given ? { config: given.config, configOrigin: given.origin, resources: [...input.resources], origins: [...input.origins], results: [] } : splitConfig(input);
  const settings = readSettings(input.env);
  const layered = applySettings(split.config, split.configOrigin, settings.assignments);
  const results = [...split.results, ...settings.results, ...layered.results];
  if (hasErrors(results)) return { resources: [], results, ok: false };
  const out = expand({ resources: split.resources, origins: split.origins }, { config: layered.config, ...(split.configOrigin ? { configOrigin: split.configOrigin } : {}) });
  return { resources: out.resources, results: [...results, ...out.results], ok: out.ok };
}

/**
 * `argocd generate`. When kustomize already ran the ContextCore transformer (transformerConfigs
 * holds the config of each run), its output is final: expanding again would undo what the
 * kustomization configured (or fail on names a later namePrefix changed). Otherwise the app's
 * resources are expanded here.
 */
export function argocdGenerate(input: ArgocdInput, transformerConfigs: readonly KubeObject[] = []): ArgocdOutput {
  let resources: KubeObject[];
  const results: Result[] = [];
  if (transformerConfigs.length) {
    results.push(info(`the kustomization runs the ContextCore transformer (${transformerConfigs.length}×); kustomize expanded the ProjectContexts in place with its configuration under the Application's settings`));
    // What the in-place runs reported is not shown by kustomize on success: report it here.
    const settings = readSettings(input.env);
    for (const config of transformerConfigs) results.push(...applySettings(config, { path: 'the kustomization transformer' }, settings.assignments).results.filter((r) => r.severity !== 'error'));
    resources = input.resources.filter((o, i) => {
      if (!isConfig(o)) return true;
      results.push(warning('a ProjectContextExpander resource is dropped: the kustomization\'s transformer configures the expansion', { resource: o, origin: input.origins[i] }));
      return false;
    });
  } else {
    const out = expandWithSettings(input);
    results.push(...out.results);
    if (!out.ok) return failed(results);
    resources = out.resources;
  }
  results.push(...checkManifests(resources, input.source));
  if (hasErrors(results)) return failed(results);
  return { stdout: toYamlStream(resources), results: sortResults(results), ok: true };
}

/**
 * `argocd transform CONFIG`: the kustomize legacy exec plugin that generate installs for the
 * kustomization's ProjectContextExpander transformer, so that it expands in place with the same
 * settings as everything else.
 */
export function argocdTransform(input: ArgocdInput, config: KubeObject, configOrigin: Origin): ArgocdOutput {
  const out = expandWithSettings(input, { config, origin: configOrigin });
  if (!out.ok || hasErrors(out.results)) return failed(out.results);
  return { stdout: toYamlStream(out.resources), results: sortResults(out.results), ok: true };
}
