// Public API of the core.
export { escalate, expand, isProjectContext, contextChecksum, type ExpandInput, type ExpandOptions, type ExpandOutput } from './expand.js';
export { promqlFor } from './load-promql.js';
export { needsPromql, type PromqlParser } from './promql.js';
// parseYamlStream, which loads the yaml library, is imported from './yaml-parse.js' by what
// reads users' files: through this index, every command would load the library at its start.
export { readYamlStream, decodeUtf8, toYaml, toYamlStream, yamlStream, yamlDocument, yamlStreamBytes, yamlBytes, YamlOutput, type ParsedStream } from './yaml-io.js';
export { formatResult, hasErrors, sortResults, UserError, type Result, type Severity } from './results.js';
export { planTree, plansText } from './plan-text.js';
export { tasksInDependencyOrder, type Plan, type PlanStory, type Coverage } from './plan.js';
export { effectiveConfig, isConfig, validateConfig, type EffectiveConfig } from './config.js';
export * as conventions from './conventions.js';
export type { KubeObject, Origin } from './types/kube.js';
export type { ProjectContext, ProjectContextSpec } from './types/projectcontext.gen.js';
export type { ProjectContextExpander } from './types/function-config.gen.js';
