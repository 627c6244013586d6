// The gate's decision as a span (pure data; plugins/hook/spans.ts records and exports it): one
// span per run, with an event per SLO checked, linked to the context's last plan trace (the
// epic the PostSync hook emitted), the service named contextcore-gate.

import { GATE_EVENT_ATTR, GATE_SERVICE_NAME, GATE_SLO_EVENT, GATE_SPAN_ATTR, GATE_SPAN_NAME, HOOK_RESOURCE_ATTR, LINK_TYPE_PLAN, SPAN_ATTR } from '../conventions/index.js';
import type { Plan } from '../plan/plan.js';
import { traceResource, type Attributes, type SpanSpec } from '../hook/plan-trace.js';
import type { GateDecision } from './gate-decision.js';

export const gateResource = (plan: Plan, namespace: string): Attributes => ({ ...traceResource(plan, namespace), [HOOK_RESOURCE_ATTR.serviceName]: GATE_SERVICE_NAME });

export function gateSpan(plan: Plan, d: GateDecision, at: { start: number; end: number; planChecksum: string; planTrace?: { traceId: string; spanId: string } }): SpanSpec {
  return {
    id: 'gate',
    name: GATE_SPAN_NAME,
    start: at.start,
    end: at.end,
    attributes: {
      [SPAN_ATTR.projectId]: plan.context.projectId,
      [SPAN_ATTR.contextName]: plan.context.name,
      [SPAN_ATTR.contextNamespace]: plan.context.namespace,
      [SPAN_ATTR.sourceChecksum]: plan.context.checksum,
      [GATE_SPAN_ATTR.planChecksum]: at.planChecksum,
      [GATE_SPAN_ATTR.decision]: d.decision,
      [GATE_SPAN_ATTR.reason]: d.reason,
      [GATE_SPAN_ATTR.dryRun]: d.dryRun,
      ...(d.override ? { [GATE_SPAN_ATTR.override]: d.override } : {}),
    },
    events: d.slos.map((s) => ({
      name: GATE_SLO_EVENT,
      time: at.end,
      attributes: {
        [GATE_EVENT_ATTR.slo]: s.slo,
        [GATE_EVENT_ATTR.service]: s.service,
        [GATE_EVENT_ATTR.verdict]: s.verdict,
        [GATE_EVENT_ATTR.firingAlerts]: s.firingAlerts,
        ...(s.budgetRemaining !== undefined ? { [GATE_EVENT_ATTR.budgetRemaining]: s.budgetRemaining } : {}),
      },
    })),
    links: [],
    ...(at.planTrace ? { remoteLinks: [{ ...at.planTrace, attributes: { [SPAN_ATTR.linkType]: LINK_TYPE_PLAN } }] } : {}),
    status: d.decision === 'block' ? { code: 'ERROR', message: d.message } : { code: 'OK' },
  };
}
