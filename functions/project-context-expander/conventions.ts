// What kustomize and kpt expect of a KRM function and a legacy exec plugin, and how the bundle is
// laid out where they find it (DESIGN §6). The core's own names are in functions/core/conventions.

import { CONFIG_KIND, DEFAULT_HOOK_IMAGE } from '../core/index.js';

/** KRM orchestrator annotations: preserved on items, ignored when comparing outputs. */
export const KRM_PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'] as const;
export const KRM_INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'] as const;
export const KRM_ANNOTATION_PREFIXES = ['config.kubernetes.io/', 'internal.config.kubernetes.io/', 'config.k8s.io/'] as const;

/**
 * Legacy exec plugin layout: kustomize looks for `<plugin home>/<group>/<version>/<lowercase
 * kind>/<Kind>` for a transformer config of that apiVersion and kind.
 */
export const LEGACY_PLUGIN_GROUP = 'fn.contextcore.io';
export const LEGACY_PLUGIN_VERSION = 'v1alpha1';
/** Plugin home search order of kustomize (api/konfig): this variable, then XDG, then ~/.config. */
export const KUSTOMIZE_PLUGIN_HOME_ENV = 'KUSTOMIZE_PLUGIN_HOME';
export const XDG_CONFIG_HOME_ENV = 'XDG_CONFIG_HOME';
export const XDG_CONFIG_HOME_DEFAULT = '.config';
export const KUSTOMIZE_PLUGIN_SUBDIR = ['kustomize', 'plugin'] as const;

/**
 * Program names the bundle answers to: installed as the legacy plugin it is the plugin; called
 * `contextcore-fn` (an exec KRM function, which kustomize runs without arguments) it is `fn`.
 */
export const LEGACY_PLUGIN_PROGRAM = CONFIG_KIND;
export const EXEC_FUNCTION_PROGRAM = 'contextcore-fn';
/** The CLI's entry in dist/ (scripts/build.mjs); its chunks lie beside it. */
export const CLI_ENTRY_FILE = 'contextcore.cjs';
/** The installed legacy plugin's copy of dist/ beside it: `contextcore-<id of its files>`. */
export const PLUGIN_CLI_DIR_PREFIX = 'contextcore-';

/** The file names kustomize reads a kustomization from (api/konfig); not resources to expand. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** What `kpt fn eval … -- key=value` sends as functionConfig: a ConfigMap with the pairs in data. */
export const KPT_FN_ARGS_API_VERSION = 'v1';
export const KPT_FN_ARGS_KIND = 'ConfigMap';

/** The one image: KRM container function (entrypoint `contextcore`, default command `fn`) and hook. */
export const FUNCTION_IMAGE = DEFAULT_HOOK_IMAGE;
