// kpt runs a package's Kptfile pipeline in order (`kpt fn render`), and hands the function the
// Kptfile among the items. A mutator listed after ContextCore that moves or renames objects
// (set-namespace, ensure-name-substring of the kpt function catalog) would leave the generated
// selectors pointing where the objects are not: the run fails, naming both and the fix. One listed
// before is simply seen. Which mutator is which is told by its image or exec command. Pure.

import { error, type KubeObject, type Result } from '../core/index.js';

const KPTFILE = { apiVersion: 'kpt.dev/v1', kind: 'Kptfile' } as const;
/** Catalog functions that change namespaces or names (catalog.kpt.dev). */
const MOVERS = /(^|[/:\s-])(set-namespace|ensure-name-substring)([:@\s.]|$)/;
const CONTEXTCORE = /contextcore/i;

interface Mutator {
  image?: unknown;
  exec?: unknown;
}

const what = (m: Mutator) => String(m.image ?? m.exec ?? '');

/** Errors for mutators that move or rename objects after ContextCore in the pipeline of a Kptfile among the items. */
export function kptPipelineProblems(items: readonly KubeObject[]): Result[] {
  const results: Result[] = [];
  for (const kptfile of items.filter((o) => o?.apiVersion === KPTFILE.apiVersion && o.kind === KPTFILE.kind)) {
    const mutators = (kptfile as { pipeline?: { mutators?: unknown } }).pipeline?.mutators;
    if (!Array.isArray(mutators)) continue;
    const list = mutators.filter((m): m is Mutator => !!m && typeof m === 'object');
    const ours = list.findIndex((m) => CONTEXTCORE.test(what(m)));
    if (ours < 0) continue;
    list.forEach((m, i) => {
      if (i <= ours || !MOVERS.test(what(m))) return;
      results.push(
        error(
          `pipeline.mutators[${i}] (${what(m)}) runs after ContextCore (pipeline.mutators[${ours}]) and moves or renames the objects, so the generated selectors, record labels and dashboards would point where they are not; list it before ContextCore in pipeline.mutators`,
          { resource: kptfile, field: `pipeline.mutators[${i}]` },
        ),
      );
    });
  }
  return results;
}
