// The PromQL grammar for expand(), loaded with import() (its own chunk in the bundle) only when
// the input needs it: most renders have no custom SLI query and no PrometheusRule, and loading it
// is ~7% of fn's cold start (docs/performance.md).

import type { ExpandOptions } from '../pipeline/expand.js';
import { needsPromql } from './syntax.js';

/** `{ promql }` for expand() when these resources need it, else nothing. */
export async function promqlFor(resources: readonly unknown[]): Promise<Pick<ExpandOptions, 'promql'>> {
  if (!needsPromql(resources)) return {};
  const { parser } = await import('@prometheus-io/lezer-promql');
  return { promql: parser };
}
