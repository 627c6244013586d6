// A declared objective is produced or the render fails (docs/generated.md, "When an SLO cannot
// be produced"). A ProjectContext declares an objective with requirements or an explicit
// business.criticality; when ContextCore cannot produce the rules that measure it, that is an
// error naming the fix, unless the context opted out (observability.sli.preset none: nothing is
// asked of it) or the configuration says onUnmetRequirement: warn. Without a declared objective
// it is a warning, as any other shortfall.

import type { EffectiveConfig } from './config.js';
import type { ContextModel } from './model.js';
import { error, warning, type Result, type ResultInit } from '../base/results.js';

export interface Shortfall {
  /** What is wrong, naming the resource: "Service shop/web has no ports". */
  what: string;
  /** What the context then lacks: "no ServiceMonitor and no SLO rules". */
  lacks: string;
  /** The exact change that fixes it. */
  fix: string;
}

export const OPT_OUT_HINT = 'set spec.observability.sli.preset: none to render this context without SLO rules for now';

export function unmetRequirement(ctx: ContextModel, config: EffectiveConfig, s: Shortfall, at: ResultInit): Result {
  const declared = ctx.derived.declaredObjective;
  if (declared === undefined) return warning(`${s.what}, so this ProjectContext gets ${s.lacks}. Fix: ${s.fix}`, at);
  const because = `${s.what}, so the objective this ProjectContext declares (${declared}) gets ${s.lacks}`;
  if (config.onUnmetRequirement === 'warn') return warning(`${because}; rendered anyway (onUnmetRequirement: warn). Fix: ${s.fix}`, at);
  return error(`${because}. Fix: ${s.fix}; or ${OPT_OUT_HINT}`, at);
}
