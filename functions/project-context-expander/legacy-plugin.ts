// The kustomize legacy exec plugin (what `kubectl kustomize --enable-alpha-plugins` runs):
// kustomize writes the transformer config to a file it names in argv[1] and sends the resources
// as a YAML stream on stdin; the plugin answers with the YAML stream of all resources. Kustomize
// matches the answer to its resources by apiVersion/kind/namespace/name, keeps their annotations
// (including its own kustomize.config.k8s.io/id, which it removes afterwards) and shows stderr only
// when the plugin fails. Pure: texts in, text and an exit code out.

import { error, hasErrors, NO_OUTPUT, readYamlStream, sortResults, yamlStream, type ExpandOptions, type ExpandOutput, type KubeObject, type Origin, type Result, type YamlOutput } from '../core/index.js';
import { place, type Placement } from '../app/placement.js';
import { expandChosen } from './expand-chosen.js';
import { selectFunctionConfig } from './function-config.js';

export interface PluginRun {
  /** The YAML stream for kustomize (written on demand); nothing when the run failed. */
  stdout: YamlOutput;
  results: Result[];
  exitCode: 0 | 1;
  expansion?: ExpandOutput;
}

/** What a failed run names as the file of the config: the transformer config kustomize passed. */
export const TRANSFORMER_CONFIG = 'transformer config';

function failed(results: Result[]): PluginRun {
  return { stdout: NO_OUTPUT, results: sortResults(results), exitCode: 1 };
}

export interface LegacyPluginOptions {
  /** Settings layered over the configuration the run chooses (the Argo CD plugin's, for `argocd transform`). */
  configure?: ExpandOptions['configure'];
  /** A configuration given outside the build (the CLI's --config): used instead of the one the run would choose. */
  config?: { object: KubeObject; origin: Origin };
  /** Where the build puts the objects after this run (functions/app/placement.ts): applied to the input first. */
  placement?: Placement;
  /** Why namespace-less ProjectContexts cannot be placed by this run (ExpandOptions.namespaceUnknown). */
  namespaceUnknown?: string;
}

export async function runLegacyPlugin(configText: string, resourcesText: string, options: LegacyPluginOptions = {}): Promise<PluginRun> {
  const configOrigin: Origin = { path: TRANSFORMER_CONFIG };
  const configDocs = await readYamlStream(configText, TRANSFORMER_CONFIG);
  if (configDocs.results.length) return failed(configDocs.results);
  if (configDocs.objects.length > 1) return failed([error(`must hold one ProjectContextExpander (found ${configDocs.objects.length} documents)`, { origin: configOrigin })]);
  const resources = await readYamlStream(resourcesText, '<stdin>');
  if (resources.results.length) return failed(resources.results);

  const choice = selectFunctionConfig(configDocs.objects[0], resources.objects);
  if (hasErrors(choice.results)) return failed(choice.results);
  const items: KubeObject[] = options.placement ? place(resources.objects, options.placement) : resources.objects;
  const chosen = options.config ?? (choice.config ? { object: choice.config, origin: configOrigin } : undefined);
  const expansion = await expandChosen({ resources: items }, chosen, options);
  const results = sortResults([...choice.results, ...expansion.results]);
  if (!expansion.ok) return { ...failed(results), expansion };
  return { stdout: yamlStream(expansion.resources), results, exitCode: 0, expansion };
}
