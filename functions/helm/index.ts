// Helm charts as apps (functions/app/app-kind.ts): how `helm template` and `helm dependency build`
// run, which value files are allowed, what beside the chart is ours, and kustomize's helmCharts:.
// Front ends: plugins/helm (running helm), plugins/cli/apps.ts, plugins/cli/commands/argocd.ts.
export { besideChart, chartInputs, chartNamespace, chartWorkspace, readChartOutput, releaseName, type ChartObjects, type ChartWorkspace } from './chart-files.js';
export { dependencyBuildArgv, destinationCapabilities, escapeSetValue, helmCommand, helmMessages, isMissingDependency, noHelm, templateArgv, type HelmChoice, type Redaction, type TemplateOptions } from './helm-command.js';
export { httpRepositories, repositoriesWith, repositoryConfigPath } from './repositories.js';
export { helmChartsIn, kustomizeHelmFlags, kustomizeHelmVersionProblem } from './kustomize-helm.js';
export { repositoryRoot, resolveValueFile, substitute, SUBSTITUTED_ENV, type ResolvedValueFile, type ValueFileFs } from './value-files.js';
