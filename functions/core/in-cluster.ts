// The core's second public entry: what the PostSync hook (`hook emit`) and the PreSync gate
// (`gate`) decide in the cluster, as pure functions; plugins/hook and plugins/gate do the I/O and
// own the clock. Not in index.ts: esbuild puts every module an entry reaches into the chunks of
// every command that imports the entry, and a render needs none of this (~30 KB of fn's start).

export { decide, decisionJson, decisionLines, gateStatusPatch, type CheckObservation, type GateDecision, type QueryOutcome } from './delivery/gate-decision.js';
export { gateBudget, gateFlags, gateSection, type GateFormat } from './delivery/gate-run.js';
export { gateResource, gateSpan } from './delivery/gate-span.js';
export { planChecksum } from './delivery/plan-checksum.js';
export { dryRunLine, hookBudget, hookChecks, hookFlags, hookOutcome, hookPlacement, NO_CLUSTER, type HookCheck } from './hook/run.js';
export { tracesUrl } from './hook/otlp-url.js';
export { planSpans, traceResource, type Attributes, type SpanSpec } from './hook/plan-trace.js';
export { needsNamespaceLabels, selection, type SelectedKind, type Selection } from './hook/prometheus-selection.js';
export { statusConditions, statusPatch } from './hook/status.js';
export { applySelection, generationPatch, kubeTime, verdict, type Observation, type SelectionResult, type Verification } from './hook/verification.js';
export { parsePlanFile } from './plan/file.js';
export { GATE_TUNING } from './tables/gate-policy.js';
export { HOOK_TUNING } from './tables/hook-tuning.js';
