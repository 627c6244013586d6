// "The app at a path" and its render: which kind of app a path is, where a kustomize build runs
// ContextCore and what moves the objects after it, and one render of the apps a command names.
// Front ends: plugins/cli (render, validate, plan, diff) and plugins/cli/commands/argocd.ts.
export { affectedApps, appsUnder, viewFs, type App, type RepoView } from './affected-apps.js';
export { APP_KINDS, appAt, type AppAt, type AppFs, type AppKind } from './app-kind.js';
export { isNamespaced } from './cluster-scoped.js';
export { kptPipelineProblems } from './kpt-pipeline.js';
export { kustomizeLayout, type KustomizeLayout, type LaterStep, type TransformerSite } from './kustomize-layout.js';
export { laterStepsText, NAMESPACE_UNKNOWN_IN_KUSTOMIZE, place, placementAfter, placementFor, placementTable, renamedAfter, type Placement, type PlacementTable } from './placement.js';
export { checkRender } from './render-check.js';
export { renderApps, type KustomizeBuild, type KustomizeFindings, type LoadedApp, type Rendered, type RenderOptions } from './render-apps.js';
