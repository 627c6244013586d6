// The core's public entry: expand() and what the front ends need around it. Adapters (plugins/,
// functions/argocd, app, helm, diff, project-context-expander) reach the core only through this
// file and its two siblings, in-cluster.ts and yaml-library.ts, which hold what would cost every
// command's start if it were here (docs/development.md, "The core's public entries";
// test/architecture.test.ts fails on an import past them).

// Expansion and its configuration.
export { contextChecksum, escalate, expand, isProjectContext, type ExpandInput, type ExpandOptions, type ExpandOutput } from './pipeline/expand.js';
export { effectiveConfig, isConfig, validateConfig, type EffectiveConfig } from './pipeline/config.js';
export { isGenerated, keyOf } from './pipeline/inventory.js';
export { templateLiteralText } from './pipeline/generated-meta.js';
export { sha256 } from './pipeline/names.js';
// Prometheus' PromQL grammar, which expand() needs for some input: loaded with import() by promqlFor.
export { promqlFor } from './promql/load.js';
export { needsPromql, type PromqlParser } from './promql/syntax.js';
// YAML in and out without the yaml library (for it: yaml-library.ts).
export { decodeUtf8, NO_OUTPUT, readYamlStream, toYaml, toYamlStream, yamlBytes, yamlDocument, YamlOutput, yamlStream, yamlStreamBytes } from './yaml/io.js';
export type { ParsedStream } from './yaml/stream.js';
// Results, order and numbers.
export { error, formatResult, hasErrors, info, refOf, sortResults, UserError, warning, type Result, type Severity } from './base/results.js';
export { canonicalJson, compareText, isMarkedCanonical, markCanonical } from './base/canonical.js';
export { isMapping } from './base/mapping.js';
export { inlineCode } from './base/markdown.js';
export { compareDurations, durationSeconds, formatLatency, formatNumber, formatPercent } from './base/numbers.js';
// Plans.
export { planTree, plansText } from './plan/text.js';
export { tasksInDependencyOrder, type ArtifactRef, type Coverage, type GatePlan, type Plan, type PlanStory, type PlanTask } from './plan/plan.js';
export { policyWords } from './delivery/gate-plan.js';
// Kubernetes objects and what the configuration defaults to.
export { isWorkloadKind, podTemplate } from './kube/workloads.js';
export { parseResourceAttributes } from './kube/otel-env.js';
export { groupOf } from './tables/kube-resources.js';
export { DEFAULT_SLI_PRESET } from './tables/sli-presets.js';
export { functionConfigSchema } from './types/schemas.gen.js';
export type { KubeObject, Origin } from './types/kube.js';
export type { ProjectContext, ProjectContextSpec } from './types/projectcontext.gen.js';
export type { ProjectContextExpander } from './types/function-config.gen.js';
// Every name and key the core writes (conventions/), also as one namespace.
export * from './conventions/index.js';
export * as conventions from './conventions/index.js';
