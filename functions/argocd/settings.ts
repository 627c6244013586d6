// The settings an Argo CD Application can give the plugin, as parameters
// (spec.source.plugin.parameters) or as plugin env (CONTEXTCORE_<NAME>), and the function config
// field each one sets; and the Helm parameters of a chart app (parameters only). These tables are
// also the source of the static parameter announcements in argocd/install/plugin.yaml (a test
// keeps the two equal).

import { DEFAULT_HOOK_IMAGE, DEFAULT_OTLP_ENDPOINT, DEFAULT_SLI_PRESET } from '../core/index.js';
import { resolveSetting, typedValue } from '../project-context-expander/function-config.js';

/** A parameter value as Argo CD sends it: a string, or a map for map parameters. */
export type SettingValue = string | Record<string, string>;

export type Converted = { value: unknown } | { problem: string };

export interface Setting {
  /** Parameter name; the plugin env name is CONTEXTCORE_ + the name escaped the way Argo CD escapes PARAM_ names. */
  name: string;
  title: string;
  tooltip: string;
  collectionType: 'string' | 'map';
  /** What happens when neither the Application nor a ProjectContextExpander sets it (announced to the UI). */
  default?: string;
  /** The ProjectContextExpander field it sets; a string setting's value is typed by that field's schema. */
  field: string;
}

/** A map parameter, or in plugin env `key=value,key=value`. */
const asMap = (value: SettingValue): Converted => {
  if (typeof value !== 'string') return { value: { ...value } };
  const out: Record<string, string> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { problem: `must be key=value pairs separated by commas (got ${JSON.stringify(pair)})` };
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return { value: out };
};

export const SETTINGS: readonly Setting[] = [
  {
    name: 'environment',
    title: 'Deployment environment',
    tooltip: 'deployment.environment.name in OTEL_RESOURCE_ATTRIBUTES of the targets, e.g. production. Default: none.',
    collectionType: 'string',
    field: 'spec.environment',
  },
  {
    name: 'sli-preset',
    title: 'SLI metrics preset',
    tooltip: 'Metric family of the SLO rules when a ProjectContext names none: otel, prometheus or custom.',
    collectionType: 'string',
    default: DEFAULT_SLI_PRESET,
    field: 'spec.metrics.preset',
  },
  {
    name: 'hook',
    title: 'PostSync verification hook',
    tooltip: 'true renders the PostSync Job that verifies the plan in the cluster and exports it as spans.',
    collectionType: 'string',
    default: 'false',
    field: 'spec.hook.enabled',
  },
  {
    name: 'otlp-endpoint',
    title: 'OTLP endpoint of the hook',
    tooltip: 'OTLP/HTTP endpoint the PostSync hook exports the plan trace to.',
    collectionType: 'string',
    default: DEFAULT_OTLP_ENDPOINT,
    field: 'spec.hook.otlpEndpoint',
  },
  {
    name: 'hook-image',
    title: 'Image of the hook',
    tooltip: 'Image of the PostSync hook Job (a mirror of the ContextCore image).',
    collectionType: 'string',
    default: DEFAULT_HOOK_IMAGE,
    field: 'spec.hook.image',
  },
  {
    name: 'keep-project-context',
    title: 'Keep ProjectContexts',
    tooltip: 'false drops the ProjectContexts from the output, for clusters without the contextcore.io CRD.',
    collectionType: 'string',
    default: 'true',
    field: 'spec.keepProjectContext',
  },
  {
    name: 'prometheus-selector-labels',
    title: 'Prometheus selector labels',
    tooltip: 'Labels put on generated ServiceMonitors and PrometheusRules, e.g. release: kube-prometheus-stack. Replaces the map of the ProjectContextExpander.',
    collectionType: 'map',
    field: 'spec.prometheus.selectorLabels',
  },
  {
    name: 'grafana-base-url',
    title: 'Grafana base URL',
    tooltip: 'When set, alerts carry a dashboard_url annotation, e.g. https://grafana.example.com.',
    collectionType: 'string',
    field: 'spec.grafana.baseUrl',
  },
];

/**
 * The Helm parameters of a chart app: not config fields, but how the chart is templated, as
 * Argo CD's spec.source.helm sets them (releaseName, valueFiles, values, parameters). Read by
 * helm-settings.ts; announced with the settings.
 */
export interface HelmSetting {
  name: string;
  title: string;
  tooltip: string;
  collectionType: 'string' | 'map' | 'array';
}

export const HELM_SETTINGS: readonly HelmSetting[] = [
  {
    name: 'helm-release-name',
    title: 'Helm release name',
    tooltip: 'Release name of a Helm chart app (helm template --name-template). Default: the Application name.',
    collectionType: 'string',
  },
  {
    name: 'helm-value-files',
    title: 'Helm value files',
    tooltip: 'Value files of a Helm chart app, in order (a later one wins): paths relative to the chart directory, or /path from the repository root; files of the repository only.',
    collectionType: 'array',
  },
  {
    name: 'helm-values',
    title: 'Helm values',
    tooltip: 'Values of a Helm chart app as a YAML map, applied after the value files.',
    collectionType: 'string',
  },
  {
    name: 'helm-parameters',
    title: 'Helm parameters',
    tooltip: 'helm template --set key=value of a Helm chart app, e.g. image.tag: v2; applied over the values.',
    collectionType: 'map',
  },
];

/** A setting's value as its field takes it: typed by the config schema, or a map from a map parameter or `k=v,k=v`. */
export function convertSetting(setting: Setting, value: SettingValue): Converted {
  if (setting.collectionType === 'map') return asMap(value);
  if (typeof value !== 'string') return { problem: 'must be a string parameter, not a map' };
  return typedValue(resolveSetting(setting.field.replace(/^spec\./, ''))?.type, value);
}

/** Argo CD's escaping of parameter names in PARAM_* variables: upper case, [^A-Z0-9_] → _. */
export const escapeParamName = (name: string) => name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/** Static parameter announcements (ConfigManagementPlugin spec.parameters.static): the settings, then the Helm parameters. */
export function parameterAnnouncements(): Array<Record<string, string>> {
  return [...SETTINGS, ...HELM_SETTINGS].map((s: Setting | HelmSetting) => {
    const given = 'default' in s ? s.default : undefined;
    return {
      name: s.name,
      title: s.title,
      tooltip: s.tooltip,
      ...(s.collectionType !== 'string' ? { collectionType: s.collectionType } : {}),
      ...(given !== undefined ? { string: given } : {}),
    };
  });
}
