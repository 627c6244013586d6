// The Argo CD config-management plugin's logic: settings from the Application, discovery,
// generate and the in-place kustomize transformer. Front ends: plugins/cli/commands/argocd.ts.
export { argocdBuildFailed, argocdGenerate, buildFailure, type ArgocdInput, type ArgocdOutput, type KustomizeBuild, type KustomizeFindings } from './generate.js';
export { applicationSettings, applySettings, settingsErrors } from './apply-settings.js';
export { directoryConfigs, type DirectoryConfigs, type FoundConfig } from './directory-config.js';
export { readSettings, type Assignment, type Env, type Settings } from './read-settings.js';
export { chartTemplate, helmParametersUnused, readHelmParameters, type ChartTemplate, type HelmParameters } from './helm-settings.js';
export { HELM_SETTINGS, SETTINGS, escapeParamName, parameterAnnouncements, type HelmSetting, type Setting } from './settings.js';
export { discover, holdsProjectContext } from './discover.js';
export { kustomizationGraph, kustomizationIn, kustomizationRefs, type DiscoverFs, type GraphEdge } from './kustomization-graph.js';
export { asPluginConfig, declaredAsFunction, pluginFormWorkspace, type PluginFormWorkspace } from './plugin-form.js';
export { kustomizeArgv, kustomizeMessages, noKustomize, transformerPluginScript, transformerRunLine, transformerRuns, type KustomizeChoice, type TransformerRun } from './kustomize-command.js';
