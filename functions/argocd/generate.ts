// The manifests Argo CD receives from `contextcore argocd generate`, and from the kustomize
// transformer it runs in place. Pure: loaded resources and the environment in, a YAML stream or
// errors out. On any error nothing is printed: Argo CD would prune what an empty or partial
// output leaves out.

import { selectFunctionConfig } from '../project-context-expander/function-config.js';
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

/** A ProjectContextExpander found in the app directory's own files. */
export interface FoundConfig {
  object: KubeObject;
  origin?: Origin;
}

export interface KustomizeFindings {
  /** The config of each run of the ContextCore transformer during the kustomize build. */
  transformerConfigs?: readonly KubeObject[];
  /** ProjectContextExpanders in the app directory's files, whether the kustomization includes them or not. */
  directoryConfigs?: readonly FoundConfig[];
  /** Transformer files whose ContextCore config was declared as a KRM function and built in its plugin form. */
  pluginFormFiles?: readonly string[];
}

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
function expandWithSettings(input: ArgocdInput, given?: FoundConfig): { resources: KubeObject[]; results: Result[]; ok: boolean } {
  const split = given ? { config: given.object, configOrigin: given.origin, resources: [...input.resources], origins: [...input.origins], results: [] } : splitConfig(input);
  const settings = readSettings(input.env);
  const layered = applySettings(split.config, split.configOrigin, settings.assignments);
  const results = [...split.results, ...settings.results, ...layered.results];
  if (hasErrors(results)) return { resources: [], results, ok: false };
  const out = expand({ resources: split.resources, origins: split.origins }, { config: layered.config, ...(split.configOrigin ? { configOrigin: split.configOrigin } : {}) });
  return { resources: out.resources, results: [...results, ...out.results], ok: out.ok };
}

/**
 * A ProjectContextExpander that a kustomization leaves out of its output (not listed, or dropped
 * as config.kubernetes.io/local-config) still configures the app: the config a directory holds is
 * used whether it is built from files or from a kustomization.
 */
function directoryConfig(input: ArgocdInput, found: readonly FoundConfig[]): { config?: FoundConfig; results: Result[] } {
  if (!found.length || input.resources.some(isConfig)) return { results: [] };
  if (found.length > 1) return { results: found.slice(1).map((c) => error('more than one ProjectContextExpander in the app; keep one', { resource: c.object, origin: c.origin })) };
  return { config: found[0]!, results: [info('the kustomization does not output this ProjectContextExpander; it configures the expansion as the app directory\'s config', { resource: found[0]!.object, origin: found[0]!.origin })] };
}

/** One line per distinct message (a transformer that ran N times reports the same things N times). */
const distinct = (results: Result[]) => [...new Map(results.map((r) => [JSON.stringify(r), r])).values()];

/**
 * `argocd generate`. When kustomize already ran the ContextCore transformer, its output is final:
 * expanding again would undo what the kustomization configured (or fail on names a later
 * namePrefix changed). Otherwise the app's resources are expanded here, with the config among
 * them or, for a kustomization, the one in the app directory.
 */
export function argocdGenerate(input: ArgocdInput, kustomize: KustomizeFindings = {}): ArgocdOutput {
  let resources: KubeObject[];
  const results: Result[] = [];
  const transformerConfigs = kustomize.transformerConfigs ?? [];
  for (const path of kustomize.pluginFormFiles ?? []) {
    results.push(info('the ContextCore transformer is declared as a KRM function, which cannot run in Argo CD (no exec functions, no container runtime); it ran as the kustomize plugin, in place, with the same config', { origin: { path } }));
  }
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
    const fromDirectory = directoryConfig(input, kustomize.directoryConfigs ?? []);
    results.push(...fromDirectory.results);
    if (hasErrors(results)) return failed(results);
    const out = expandWithSettings(input, fromDirectory.config);
    results.push(...out.results);
    if (!out.ok) return failed(results);
    resources = out.resources;
  }
  results.push(...checkManifests(resources, input.source));
  if (hasErrors(results)) return failed(distinct(results));
  return { stdout: toYamlStream(resources), results: sortResults(distinct(results)), ok: true };
}

/**
 * `argocd transform CONFIG`: the kustomize legacy exec plugin that generate installs for the
 * kustomization's ProjectContextExpander transformer, so that it expands in place with the same
 * settings as everything else.
 */
export function argocdTransform(input: ArgocdInput, config: KubeObject, configOrigin: Origin): ArgocdOutput {
  // The same rule as the kustomize plugin: a transformer config without settings (the Component's)
  // only turns the expander on, and the app's own ProjectContextExpander configures it.
  const choice = selectFunctionConfig(config, input.resources);
  if (hasErrors(choice.results)) return failed(choice.results);
  const out = expandWithSettings(input, choice.config ? { object: choice.config, origin: configOrigin } : undefined);
  if (!out.ok || hasErrors(out.results)) return failed(out.results);
  return { stdout: toYamlStream(out.resources), results: sortResults(out.results), ok: true };
}
