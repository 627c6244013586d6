// Step 5: the plan ConfigMap `<context>-plan` (deterministic JSON) the PostSync hook reads.

import { NAME_SUFFIX, PLAN_DATA_KEY } from '../conventions.js';
import { generatedMetadata } from '../generated-meta.js';
import { tasksOf, type ContextResource, type Step, type StepOutput } from '../model.js';
import { gatePlan } from '../delivery/gate-plan.js';
import { buildPlan, type Plan } from '../plan.js';

export const planStep: Step = {
  name: 'plan',
  run(state): StepOutput {
    const generated: ContextResource[] = [];
    const plans: Plan[] = [];
    for (const ctx of state.contexts) {
      const tasks = tasksOf(state, ctx.key);
      const plan = buildPlan(ctx, tasks, state.config.environment, state.config.source);
      if (state.config.gate.enabled) plan.delivery = { gate: gatePlan(ctx, tasks, state.config.gate) };
      plans.push(plan);
      const name = state.names.allocate('ConfigMap', ctx.namespace, [ctx.name, NAME_SUFFIX.plan], ctx.key);
      generated.push({
        contextKey: ctx.key,
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: generatedMetadata(ctx, 'plan', name, ctx.entry),
          data: { [PLAN_DATA_KEY]: `${JSON.stringify(plan)}\n` },
        },
      });
    }
    return { generated, plans };
  },
};
