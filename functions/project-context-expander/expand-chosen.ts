// expand() as the two KRM front ends run it (the function and the legacy exec plugin): under the
// configuration the run chose, else the one among the items, else the defaults; the configuration
// resources stay in the output, since kpt deletes the files of resources a function drops and
// kustomize removes local-config ones itself.

import { expand, promqlFor, type ExpandInput, type ExpandOptions, type ExpandOutput, type KubeObject, type Origin } from '../core/index.js';

export interface ChosenConfig {
  object: KubeObject;
  origin?: Origin;
}

export async function expandChosen(input: ExpandInput, chosen: ChosenConfig | undefined, options: Pick<ExpandOptions, 'configure' | 'namespaceUnknown'> = {}): Promise<ExpandOutput> {
  return expand(input, {
    ...(chosen ? { config: chosen.object, ...(chosen.origin ? { configOrigin: chosen.origin } : {}) } : {}),
    keepConfigResources: true,
    ...(options.configure ? { configure: options.configure } : {}),
    ...(options.namespaceUnknown ? { namespaceUnknown: options.namespaceUnknown } : {}),
    ...(await promqlFor(input.resources)),
  });
}
