// Human-readable renderings of context facts shared by alerts and dashboards.

import type { ContextModel } from '../pipeline/model.js';

/** One line per risk: `security (P1): Handles PII — mitigation: ADR-015` */
export function knownRiskLines(ctx: ContextModel): string[] {
  return (ctx.spec.risks ?? []).map(
    (r) => `${r.type}${r.priority ? ` (${r.priority})` : ''}: ${r.description}${r.mitigation ? ` — mitigation: ${r.mitigation}` : ''}`,
  );
}
