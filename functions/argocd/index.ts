// The Argo CD config-management plugin's logic: settings from the Application, discovery,
// generate and the in-place kustomize transformer. Front ends: plugins/cli/commands/argocd.ts.
export { argocdGenerate, argocdTransform, type ArgocdInput, type ArgocdOutput, type FoundConfig, type KustomizeFindings } from './generate.js';
export { applySettings } from './apply-settings.js';
export { readSettings, type Assignment, type Env, type Settings } from './read-settings.js';
export { SETTINGS, escapeParamName, parameterAnnouncements, type Setting } from './settings.js';
export { discover, holdsProjectContext } from './discover.js';
export { kustomizationGraph, kustomizationRefs, type DiscoverFs, type GraphEdge } from './kustomization-graph.js';
export { asPluginConfig, declaredAsFunction, pluginFormWorkspace, type PluginFormWorkspace } from './plugin-form.js';
export { kustomizeArgv, transformerPluginPath, transformerPluginScript } from './kustomize-command.js';
