// The Argo CD config-management plugin (CMP v2 sidecar): what Argo CD hands the plugin, the names
// of our settings in an Application, and the install artifacts (argocd/).

import { GENERATOR_VERSION, PROJECT_CONTEXT_GROUP, PROJECT_CONTEXT_KIND } from '../core/index.js';

export const ARGOCD_PLUGIN_NAME = 'contextcore';
/** ConfigManagementPlugin spec.version; an Application that names the plugin uses `<name>-<version>`. */
export const ARGOCD_PLUGIN_VERSION = `v${GENERATOR_VERSION}`;
export const ARGOCD_CMP_IMAGE = `ghcr.io/contextcore/contextcore-argocd-cmp:${GENERATOR_VERSION}`;

/** Build environment Argo CD gives a plugin (docs/user-guide/build-environment.md). */
export const ARGOCD_APP_ENV = {
  name: 'ARGOCD_APP_NAME',
  namespace: 'ARGOCD_APP_NAMESPACE',
  revision: 'ARGOCD_APP_REVISION',
  revisionShort8: 'ARGOCD_APP_REVISION_SHORT_8',
  revisionShort: 'ARGOCD_APP_REVISION_SHORT',
  repoURL: 'ARGOCD_APP_SOURCE_REPO_URL',
  sourcePath: 'ARGOCD_APP_SOURCE_PATH',
  parameters: 'ARGOCD_APP_PARAMETERS',
} as const;
/** What Argo CD tells a plugin of the destination cluster (reposerver getPluginEnvs): "1.32.0", and "v1,apps/v1,…". */
export const KUBE_VERSION_ENV = 'KUBE_VERSION';
export const KUBE_API_VERSIONS_ENV = 'KUBE_API_VERSIONS';
/** Argo CD prefixes every `spec.source.plugin.env` entry with this. */
export const ARGOCD_USER_ENV_PREFIX = 'ARGOCD_ENV_';
/** Argo CD's per-parameter variables: PARAM_<NAME>, PARAM_<NAME>_<KEY>, PARAM_<NAME>_<i>. */
export const ARGOCD_PARAM_ENV_PREFIX = 'PARAM_';
/** Our settings among an Application's plugin env: CONTEXTCORE_<PARAMETER NAME>. */
export const ARGOCD_SETTING_ENV_PREFIX = 'CONTEXTCORE_';

/** The kustomize command generate runs, e.g. "kustomize build" or "kubectl kustomize". */
export const KUSTOMIZE_COMMAND_ENV = 'CONTEXTCORE_KUSTOMIZE';
/** The directory kustomize loaded an exec plugin's config from, in the plugin's environment (api/internal/plugins/execplugin). */
export const KUSTOMIZE_PLUGIN_CONFIG_ROOT_ENV = 'KUSTOMIZE_PLUGIN_CONFIG_ROOT';
/** Annotations that make kustomize run a transformer config as a KRM function instead of a plugin. */
export const KRM_FUNCTION_ANNOTATIONS = ['config.kubernetes.io/function', 'config.k8s.io/function'] as const;

/** The Argo CD configuration key of the ProjectContext health check (argocd/install). */
export const ARGOCD_HEALTH_KEY = `resource.customizations.health.${PROJECT_CONTEXT_GROUP}_${PROJECT_CONTEXT_KIND}`;
