// After the plan and the hooks: when a hook is rendered (PostSync verification or PreSync gate),
// each kept ProjectContext carries its plan's checksum (ANNOTATION_PLAN_CHECKSUM), which the
// hooks record in its status and Argo CD's health check compares (docs/delivery.md). Without a
// hook the annotation is removed, so a stale one from an earlier render cannot linger.

import { clone } from '../base/canonical.js';
import { ANNOTATION_PLAN_CHECKSUM } from '../conventions/index.js';
import { planChecksum } from '../delivery/plan-checksum.js';
import type { Step, StepOutput } from '../pipeline/model.js';
import type { KubeObject } from '../types/kube.js';

export const planStamp: Step = {
  name: 'plan-stamp',
  run(state): StepOutput {
    if (!state.config.keepProjectContext) return {};
    const stamping = state.config.hook.enabled || state.config.gate.enabled;
    const replacements = new Map<number, KubeObject>();
    for (const ctx of state.contexts) {
      const plan = state.plans.find((p) => p.context.namespace === ctx.namespace && p.context.name === ctx.name);
      if (!plan) throw new Error(`plan-stamp step: no plan for ProjectContext ${ctx.key}; the plan step must run first`);
      const wanted = stamping ? planChecksum(plan) : undefined;
      const object = state.replacements.get(ctx.entry.index) ?? ctx.entry.object;
      if (object.metadata?.annotations?.[ANNOTATION_PLAN_CHECKSUM] === wanted) continue;
      const copy = clone(object);
      const annotations = { ...(copy.metadata?.annotations ?? {}) };
      if (wanted === undefined) delete annotations[ANNOTATION_PLAN_CHECKSUM];
      else annotations[ANNOTATION_PLAN_CHECKSUM] = wanted;
      copy.metadata = { ...copy.metadata };
      if (Object.keys(annotations).length) copy.metadata.annotations = annotations;
      else delete copy.metadata.annotations;
      replacements.set(ctx.entry.index, copy);
    }
    return { replacements };
  },
};
