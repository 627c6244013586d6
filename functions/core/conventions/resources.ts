// Who we are and what every generated resource carries: the generator's identity, our API
// versions, the labels and annotations of generated resources, their name suffixes, the plan's
// artifact types, and the defaults the configuration starts from.

export const GENERATOR_NAME = 'contextcore-gitops';
export const GENERATOR_VERSION = '0.1.0';
/** `<name>/<version>`: the generator annotation of generated resources and the plan's generator. */
export const GENERATOR_ID = `${GENERATOR_NAME}/${GENERATOR_VERSION}`;

export const PROJECT_CONTEXT_API_VERSION = 'contextcore.io/v1';
export const PROJECT_CONTEXT_KIND = 'ProjectContext';
export const CONFIG_API_VERSION = 'fn.contextcore.io/v1alpha1';
export const CONFIG_KIND = 'ProjectContextExpander';

export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';

/** Our domain: the prefix of every label and annotation key of ours. */
export const DOMAIN = 'contextcore.io';

/** Labels and annotations on everything we generate (DESIGN §5.7). */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'contextcore';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const PART_OF_VALUE = 'contextcore';
export const LABEL_CONTEXT_NAME = `${DOMAIN}/projectcontext`;
export const LABEL_COMPONENT = `${DOMAIN}/artifact`;
export const ANNOTATION_SOURCE = `${DOMAIN}/source`;
export const ANNOTATION_SOURCE_CHECKSUM = `${DOMAIN}/source-checksum`;
export const ANNOTATION_GENERATOR = `${DOMAIN}/generator`;
/**
 * On a rendered ProjectContext: the render's warnings about it, a short list that `kubectl
 * describe` and Argo CD's UI show (kustomize and Argo CD show a plugin's stderr only on failure).
 */
export const ANNOTATION_WARNINGS = `${DOMAIN}/warnings`;
/** At most this many warnings are listed in ANNOTATION_WARNINGS, each cut at this length; the plan has them all. */
export const WARNINGS_ANNOTATION_LIMIT = { items: 5, length: 240 } as const;
/**
 * On a rendered ProjectContext when a hook is rendered: the checksum of its plan. The PostSync
 * hook records the plan it verified (status.observedPlanChecksum) and the gate the one live when
 * it decided (status.gate.livePlanChecksum), so Argo CD's health check can tell a status written
 * for this render from one written for an earlier one.
 */
export const ANNOTATION_PLAN_CHECKSUM = `${DOMAIN}/plan-checksum`;

/** Name suffixes of generated resources. */
export const NAME_SUFFIX = {
  serviceMonitor: 'contextcore',
  prometheusRule: 'slo',
  dashboard: 'dashboard',
  plan: 'plan',
  hook: 'verify',
  analysis: 'slo-analysis',
  gate: 'gate',
} as const;

/** Longest name we give anything: DNS-1123 label length, so names also fit label values. */
export const MAX_NAME_LENGTH = 63;

/** Plan ConfigMap data key. */
export const PLAN_DATA_KEY = 'plan.json';

/** Artifact (task) types of the plan, in story order. */
export const ARTIFACT_TYPES = ['annotations', 'service_monitor', 'prometheus_rule', 'dashboard', 'analysis_template'] as const;
export type ArtifactType = (typeof ARTIFACT_TYPES)[number];

export const ARTIFACT_TITLES: Record<ArtifactType, string> = {
  annotations: 'Context annotations and OpenTelemetry environment',
  service_monitor: 'ServiceMonitors',
  prometheus_rule: 'SLO PrometheusRules',
  dashboard: 'Grafana dashboards',
  analysis_template: 'Argo Rollouts canary analysis',
};

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_HOOK_IMAGE = `ghcr.io/contextcore/contextcore-gitops:${GENERATOR_VERSION}`;
export const DEFAULT_OTLP_ENDPOINT = 'http://otel-collector.observability:4318';

/**
 * Service port names scraped when the ProjectContext names none, in preference order: the
 * conventional ones silently, the other common ones with an info result saying so.
 */
export const METRICS_PORT_NAMES = ['metrics', 'http-metrics'] as const;
export const COMMON_METRICS_PORT_NAMES = ['prometheus', 'prom', 'telemetry', 'monitoring'] as const;
