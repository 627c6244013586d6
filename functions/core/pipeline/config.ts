// The function configuration (ProjectContextExpander): strict validation and defaults.

import {
  CONFIG_API_VERSION,
  CONFIG_KIND,
  DEFAULT_HOOK_IMAGE,
  DEFAULT_NAMESPACE,
  DEFAULT_OTLP_ENDPOINT,
  DEFAULT_PROMETHEUS_URL,
  GRAFANA_DEFAULT_DASHBOARD_LABEL,
  GRAFANA_DEFAULT_FOLDER_ANNOTATION,
} from '../conventions/index.js';
import { error, type Result } from '../base/results.js';
import { functionConfigSchema } from '../types/schemas.gen.js';
import { DEFAULT_SLI_PRESET, type SliPresetName } from '../tables/sli-presets.js';
import { DEFAULT_GATE_POLICY, type GatePolicy } from '../tables/gate-policy.js';
import { CRITICALITY_TABLE, type Criticality } from '../tables/derivation.js';
import type { ProjectContextExpander } from '../types/function-config.gen.js';
import type { KubeObject, Origin } from '../types/kube.js';
import { interpret } from '../validate/interpreter.js';
import { closeSchema, schemaValidator, type SchemaValidator } from '../validate/schema.js';
import { findSecrets } from '../validate/secrets.js';
import { stringMap } from '../kube/workloads.js';
import { urlProblem } from '../validate/urls.js';

export interface EffectiveConfig {
  environment?: string;
  defaultNamespace: string;
  /** Whether defaultNamespace was configured (else it is the Kubernetes default, a guess). */
  defaultNamespaceSet: boolean;
  keepProjectContext: boolean;
  /** Every warning is an error. */
  strict: boolean;
  /** What an objective ContextCore cannot produce rules for gets: an error, or a warning. */
  onUnmetRequirement: 'error' | 'warn';
  metricsPreset: SliPresetName;
  /** Whether metrics.preset was configured (else it is the default). */
  metricsPresetSet: boolean;
  selectorLabels: Record<string, string>;
  dashboardLabel: Record<string, string>;
  folderAnnotation: string;
  grafanaBaseUrl?: string;
  hook: { enabled: boolean; image: string; otlpEndpoint: string };
  /** The error-budget gate (PreSync) and the Prometheus that generated AnalysisTemplates query. */
  gate: { enabled: boolean; prometheusUrl: string; bearerTokenFile?: string; caFile?: string; policy: GatePolicy };
  /** Provenance of the manifests (Argo CD application, repository, revision). */
  source: { application?: string; repoURL?: string; revision?: string };
}

export const isConfig = (o: KubeObject | undefined) => !!o && o.apiVersion === CONFIG_API_VERSION && o.kind === CONFIG_KIND;

let validator: SchemaValidator | undefined;

/** Validates a configuration object; every problem names the field. */
export function validateConfig(config: KubeObject, origin?: Origin): Result[] {
  const schema = functionConfigSchema as unknown as Record<string, unknown>;
  validator ??= schemaValidator(interpret(closeSchema(schema)), schema);
  const at = (field: string) => ({ resource: config, origin, field });
  const results: Result[] = validator(config).map((p) => error(p.message, at(p.path)));
  const spec = (config as ProjectContextExpander).spec;
  for (const [field, value] of [
    ['spec.grafana.baseUrl', spec?.grafana?.baseUrl],
    ['spec.hook.otlpEndpoint', spec?.hook?.otlpEndpoint],
    ['spec.gate.prometheusUrl', spec?.gate?.prometheusUrl],
  ] as const) {
    const problem = typeof value === 'string' ? urlProblem(value, { required: true }) : undefined;
    if (problem) results.push(error(problem, at(field)));
  }
  for (const f of findSecrets(config, ['metadata.annotations', 'metadata.labels', 'spec.prometheus.selectorLabels', 'spec.grafana.dashboardLabel'])) {
    results.push(error(f.message, at(f.path)));
  }
  if (spec?.strict === true && spec.onUnmetRequirement === 'warn') {
    results.push(error('onUnmetRequirement: warn asks for warnings that strict: true turns back into errors; choose one', at('spec.onUnmetRequirement')));
  }
  return results;
}

/** Defaults for everything the configuration leaves out (documented in the schema). */
export function effectiveConfig(config?: KubeObject): EffectiveConfig {
  const spec = (config as ProjectContextExpander | undefined)?.spec ?? {};
  const out: EffectiveConfig = {
    defaultNamespace: spec.defaultNamespace ?? DEFAULT_NAMESPACE,
    defaultNamespaceSet: spec.defaultNamespace !== undefined,
    keepProjectContext: spec.keepProjectContext ?? true,
    strict: spec.strict ?? false,
    onUnmetRequirement: spec.onUnmetRequirement ?? 'error',
    metricsPreset: spec.metrics?.preset ?? DEFAULT_SLI_PRESET,
    metricsPresetSet: spec.metrics?.preset !== undefined,
    selectorLabels: stringMap(spec.prometheus?.selectorLabels ?? {}),
    dashboardLabel: stringMap(spec.grafana?.dashboardLabel ?? GRAFANA_DEFAULT_DASHBOARD_LABEL),
    folderAnnotation: spec.grafana?.folderAnnotation ?? GRAFANA_DEFAULT_FOLDER_ANNOTATION,
    hook: {
      enabled: spec.hook?.enabled ?? false,
      image: spec.hook?.image ?? DEFAULT_HOOK_IMAGE,
      otlpEndpoint: spec.hook?.otlpEndpoint ?? DEFAULT_OTLP_ENDPOINT,
    },
    gate: gateConfig(spec.gate),
    source: {},
  };
  // A fixed key order: the plan (and so its ConfigMap) must not depend on how the config was written.
  for (const key of ['application', 'repoURL', 'revision'] as const) {
    const v = spec.source?.[key];
    if (typeof v === 'string') out.source[key] = v;
  }
  if (spec.environment) out.environment = spec.environment;
  if (spec.grafana?.baseUrl) out.grafanaBaseUrl = spec.grafana.baseUrl.replace(/\/+$/, '');
  return out;
}

/** The gate's settings: each policy entry the config leaves out keeps its default (tables/gate-policy.ts). */
function gateConfig(gate: NonNullable<ProjectContextExpander['spec']>['gate']): EffectiveConfig['gate'] {
  const p = gate?.policy;
  const byCriticality = Object.fromEntries(
    (Object.keys(CRITICALITY_TABLE) as Criticality[]).map((c) => [c, { ...DEFAULT_GATE_POLICY.byCriticality[c], ...(p?.[c] ?? {}) }]),
  ) as GatePolicy['byCriticality'];
  return {
    enabled: gate?.enabled ?? false,
    prometheusUrl: (gate?.prometheusUrl ?? DEFAULT_PROMETHEUS_URL).replace(/\/+$/, ''),
    ...(gate?.bearerTokenFile ? { bearerTokenFile: gate.bearerTokenFile } : {}),
    ...(gate?.caFile ? { caFile: gate.caFile } : {}),
    policy: {
      byCriticality,
      onUnreachable: p?.onUnreachable ?? DEFAULT_GATE_POLICY.onUnreachable,
      onQueryError: p?.onQueryError ?? DEFAULT_GATE_POLICY.onQueryError,
      onNoData: p?.onNoData ?? DEFAULT_GATE_POLICY.onNoData,
    },
  };
}
