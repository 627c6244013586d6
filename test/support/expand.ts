// expand() as the tests call the library: with Prometheus' PromQL grammar always handed in. The
// front ends load it only when the input needs it (functions/core/promql/load.ts); the golden,
// conformance and orchestrator tests run them, and test/unit/functions/core/promql/load.test.ts the decision.

import { parser } from '@prometheus-io/lezer-promql';
import { expand as coreExpand, type ExpandInput, type ExpandOptions, type ExpandOutput } from '../../functions/core/index.js';

export function expand(input: ExpandInput, options: ExpandOptions = {}): ExpandOutput {
  return coreExpand(input, { promql: parser, ...options });
}
