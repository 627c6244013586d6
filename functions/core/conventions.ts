// Every label and annotation key, name suffix, record and alert name ContextCore writes.
// Generators import these; none of them spells a key as a literal.

export const GENERATOR_NAME = 'contextcore-gitops';
export const GENERATOR_VERSION = '0.1.0';
/** `<name>/<version>`: the generator annotation of generated resources and the plan's generator. */
export const GENERATOR_ID = `${GENERATOR_NAME}/${GENERATOR_VERSION}`;

export const PROJECT_CONTEXT_API_VERSION = 'contextcore.io/v1';
export const PROJECT_CONTEXT_KIND = 'ProjectContext';
export const CONFIG_API_VERSION = 'fn.contextcore.io/v1alpha1';
export const CONFIG_KIND = 'ProjectContextExpander';

export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';

const DOMAIN = 'contextcore.io';

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

/** The context facts written onto targets, by name; annotations and attributes pick from them. */
export type ContextValueName =
  | 'projectId'
  | 'epic'
  | 'criticality'
  | 'businessValue'
  | 'owner'
  | 'costCenter'
  | 'designDoc'
  | 'adr'
  | 'apiContract'
  | 'availability'
  | 'latencyP99'
  | 'contextKey'
  | 'contextName'
  | 'contextNamespace'
  | 'environment'
  | 'serviceCriticality';

/** Context annotations on targets (DESIGN §5.2), in output order. */
export const TARGET_ANNOTATIONS = {
  projectId: `${DOMAIN}/project-id`,
  epic: `${DOMAIN}/epic`,
  criticality: `${DOMAIN}/criticality`,
  businessValue: `${DOMAIN}/business-value`,
  owner: `${DOMAIN}/owner`,
  costCenter: `${DOMAIN}/cost-center`,
  designDoc: `${DOMAIN}/design-doc`,
  adr: `${DOMAIN}/adr`,
  apiContract: `${DOMAIN}/api-contract`,
  availability: `${DOMAIN}/slo-availability`,
  latencyP99: `${DOMAIN}/slo-latency-p99`,
  contextKey: `${DOMAIN}/projectcontext`,
} as const satisfies Partial<Record<ContextValueName, string>>;

/**
 * Bookkeeping on a pod template: which env vars, resource attributes and pod annotations we
 * added, so a later run can replace exactly those and leave the user's own values alone.
 */
export const ANNOTATION_MANAGED_OTEL = `${DOMAIN}/managed-otel`;

/** OpenTelemetry Collector k8sattributes convention for resource attributes on pods. */
export const OTEL_POD_ANNOTATION_PREFIX = 'resource.opentelemetry.io/';

export const ENV_RESOURCE_ATTRIBUTES = 'OTEL_RESOURCE_ATTRIBUTES';
export const ENV_TRACES_SAMPLER = 'OTEL_TRACES_SAMPLER';
export const ENV_TRACES_SAMPLER_ARG = 'OTEL_TRACES_SAMPLER_ARG';
export const TRACES_SAMPLER_VALUE = 'parentbased_traceidratio';

/** OpenTelemetry resource attribute keys, in the order they are written. */
export const RESOURCE_ATTRIBUTES = {
  projectId: 'project.id',
  epic: 'project.epic',
  criticality: 'business.criticality',
  businessValue: 'business.value',
  owner: 'business.owner',
  costCenter: 'business.cost_center',
  designDoc: 'design.doc',
  adr: 'design.adr',
  availability: 'requirement.availability',
  latencyP99: 'requirement.latency_p99',
  contextName: 'k8s.projectcontext.name',
  contextNamespace: 'k8s.projectcontext.namespace',
  environment: 'deployment.environment.name',
  serviceCriticality: 'service.criticality',
} as const satisfies Partial<Record<ContextValueName, string>>;

/** KRM orchestrator annotations: preserved on items, ignored when comparing outputs. */
export const KRM_PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'] as const;
export const KRM_INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'] as const;
export const KRM_ANNOTATION_PREFIXES = ['config.kubernetes.io/', 'internal.config.kubernetes.io/', 'config.k8s.io/'] as const;
export const KRM_LOCAL_CONFIG = 'config.kubernetes.io/local-config';

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

/** Prometheus label names on generated rules and alerts. */
export const PROM_LABELS = {
  context: 'contextcore_context',
  slo: 'contextcore_slo',
  severity: 'severity',
  priority: 'priority',
  team: 'team',
  alertClass: 'contextcore_alert_class',
  /** The context's alert channels for Alertmanager routes: `,a,b,` (a matcher: `=~".*,a,.*"`). */
  alertChannels: 'contextcore_alert_channels',
  /** A burn-rate alert's windows and tier (1 the fastest), so Alertmanager can inhibit slower tiers. */
  burnLongWindow: 'contextcore_long_window',
  burnShortWindow: 'contextcore_short_window',
  burnTier: 'contextcore_burn_tier',
  namespace: 'namespace',
  job: 'job',
} as const;

/** Delimits the alert channels in PROM_LABELS.alertChannels, also before the first and after the last. */
export const ALERT_CHANNEL_DELIMITER = ',';

export const SLO_NAME_AVAILABILITY = 'availability';
export const SLO_NAME_LATENCY = 'latency';
export const SLO_NAME_AUTH = 'auth';

/**
 * Recording rule names. Valid metric names (level:metric:operations); the service and context
 * go in labels, never in the name.
 */
export const RECORD = {
  errorRatio: (window: string) => `contextcore:sli_error:ratio_rate${window}`,
  authFailureRatio: (window: string) => `contextcore:sli_auth_failure:ratio_rate${window}`,
  objective: 'contextcore:slo_objective:ratio',
  errorBudget: 'contextcore:slo_error_budget:ratio',
  currentBurnRate: 'contextcore:slo_current_burn_rate:ratio',
  periodBurnRate: 'contextcore:slo_period_burn_rate:ratio',
  errorBudgetRemaining: 'contextcore:slo_error_budget_remaining:ratio',
  /** requirements.latencyP99, the target. */
  latencyTarget: 'contextcore:slo_latency_p99_target:seconds',
  /** The bucket bound the latency SLO counts as fast: the target, or the next boundary above it. */
  latencyThreshold: 'contextcore:slo_latency_threshold:seconds',
  /** The 99th percentile itself, from the histogram (a record and a panel, never an alert). */
  latencyP99: (window: string) => `contextcore:sli_latency_seconds:p99_rate${window}`,
  /** Info series (value 1) carrying a context's business facts, for joins in dashboards. */
  contextInfo: 'contextcore:context_info',
} as const;

export const ALERT = {
  /** Every SLO's burn-rate alert; contextcore_slo tells availability and latency apart. */
  budgetBurn: 'ContextCoreErrorBudgetBurn',
  /** Requests are counted but no bucket has the latency SLO's bound: the SLO measures nothing. */
  latencyBucketMissing: 'ContextCoreLatencyBucketMissing',
  authAnomaly: 'ContextCoreAuthFailureAnomaly',
} as const;

/**
 * Rule groups: one per SLO (its SLI ratios, its metadata records, then the alerts reading them),
 * the auth anomaly's, and the records no rule reads. See buildSloGroups for why.
 */
export const RULE_GROUP = {
  availability: 'contextcore-slo-availability',
  latency: 'contextcore-slo-latency',
  securityAlerts: 'contextcore-security-alerts',
  service: 'contextcore-service-recordings',
} as const;

/** Alert annotation keys (what on-call sees), in output order. */
export const ALERT_ANNOTATIONS = {
  summary: 'summary',
  description: 'description',
  runbookUrl: 'runbook_url',
  designDoc: 'design_doc',
  adr: 'adr',
  owner: 'owner',
  criticality: 'business_criticality',
  value: 'business_value',
  risks: 'known_risks',
  dashboardUrl: 'dashboard_url',
  alertChannels: 'alert_channels',
} as const;

/** Grafana defaults (kube-prometheus-stack sidecar conventions). */
export const GRAFANA_DEFAULT_DASHBOARD_LABEL: Record<string, string> = { grafana_dashboard: '1' };
export const GRAFANA_DEFAULT_FOLDER_ANNOTATION = 'grafana_folder';
export const DASHBOARD_UID_PREFIX = 'cc-';
export const DASHBOARD_UID_MAX = 40;
export const DASHBOARD_TAG = 'contextcore';
/** Prefixes of the per-context dashboard tags besides DASHBOARD_TAG: `<prefix><value>`. */
export const DASHBOARD_TAG_PREFIX = {
  criticality: 'criticality:',
  value: 'value:',
  team: 'team:',
  project: 'project:',
} as const;

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_HOOK_IMAGE = `ghcr.io/contextcore/contextcore-gitops:${GENERATOR_VERSION}`;
export const DEFAULT_OTLP_ENDPOINT = 'http://otel-collector.observability:4318';

/**
 * Service port names scraped when the ProjectContext names none, in preference order: the
 * conventional ones silently, the other common ones with an info result saying so.
 */
export const METRICS_PORT_NAMES = ['metrics', 'http-metrics'] as const;
export const COMMON_METRICS_PORT_NAMES = ['prometheus', 'prom', 'telemetry', 'monitoring'] as const;

// --- Plan traces (DESIGN §7; seeds/002 §6): the span contract shared by the PostSync hook,
// which emits the spans, and the dashboards, whose TraceQL queries read them.

/** service.name of the spans the PostSync hook emits. */
export const HOOK_SERVICE_NAME = 'contextcore-hook';

export const SPAN_ATTR = {
  taskId: 'task.id',
  taskType: 'task.type', // epic | story | task
  taskTitle: 'task.title',
  taskStatus: 'task.status',
  taskParentId: 'task.parent_id',
  projectId: 'project.id',
  projectEpic: 'project.epic',
  contextName: 'k8s.projectcontext.name',
  contextNamespace: 'k8s.projectcontext.namespace',
  artifactId: 'artifact.id',
  artifactType: 'artifact.type',
  artifactTarget: 'artifact.target',
  artifactPriority: 'artifact.priority',
  /** Plan status: generated | exists | skipped. */
  artifactStatus: 'artifact.status',
  /** What the hook found: verified | missing | unverifiable | skipped. */
  artifactVerification: 'artifact.verification',
  artifactDependsOn: 'artifact.depends_on',
  artifactKind: 'artifact.kind',
  artifactName: 'artifact.name',
  artifactNamespace: 'artifact.namespace',
  storyGapCount: 'artifact.gap_count',
  coverageRequired: 'coverage.total_required',
  coverageExisting: 'coverage.total_existing',
  coverageGaps: 'coverage.total_gaps',
  coveragePercent: 'coverage.percent',
  sourceChecksum: 'contextcore.source_checksum',
  linkType: 'link.type',
} as const;

export const SPAN_EVENT = {
  created: 'task.created',
  contract: 'task.contract',
  dependencies: 'task.dependencies',
  deliverablesVerified: 'task.deliverables_verified',
} as const;

// --- Kustomize and kpt (DESIGN §6): how the orchestrators find and call the function.

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

// --- Pull-request diffs (`contextcore diff`): the report's identity, and what is bookkeeping
// (changes with the source or the generator, not with what a reviewer needs to read).

export const DIFF_REPORT_KIND = 'ManifestDiff';
/** Version of the JSON report (functions/diff/diff-report.schema.json); bumped only on breaking changes. */
export const DIFF_REPORT_VERSION = 1;
/** Annotations that record where a resource came from and what we added, not what it does. */
export const DIFF_BOOKKEEPING_ANNOTATIONS: readonly string[] = [ANNOTATION_SOURCE_CHECKSUM, ANNOTATION_GENERATOR, ANNOTATION_MANAGED_OTEL, ANNOTATION_PLAN_CHECKSUM];
/** Fields of the plan JSON (under PLAN_DATA_KEY) that are bookkeeping. */
export const DIFF_BOOKKEEPING_PLAN_FIELDS: readonly (readonly string[])[] = [['context', 'checksum'], ['generator']];

// --- Dashboards (issue 7): the cross-context dashboards and what their queries join on.

/** Labels of RECORD.contextInfo besides contextcore_context, namespace and job. */
export const INFO_LABELS = {
  criticality: 'criticality',
  businessValue: 'business_value',
  owner: 'owner',
  projectId: 'project_id',
  dashboardUid: 'dashboard_uid',
} as const;

/** Fixed uids of the shipped cross-context dashboards (dashboards/); per-context uids start cc-. */
export const DASHBOARD_UID_PORTFOLIO = 'contextcore-portfolio';
export const DASHBOARD_UID_PLAN = 'contextcore-plan';

/** Template variable names; the per-context dashboard links pass some of them on. */
export const DASHBOARD_VAR = {
  prometheus: 'datasource',
  tempo: 'tempo',
  criticality: 'criticality',
  businessValue: 'business_value',
  owner: 'owner',
  namespace: 'namespace',
  context: 'context',
} as const;

/** OpenTelemetry resource attribute naming the service that emitted a span. */
export const OTEL_SERVICE_NAME = 'service.name';

/** Values of the plan span attributes the dashboards filter on (SPAN_ATTR). */
export const PLAN_SPAN_VALUES = {
  taskType: { epic: 'epic', story: 'story', task: 'task' },
  verification: { verified: 'verified', missing: 'missing', unselected: 'unselected', unverifiable: 'unverifiable', skipped: 'skipped' },
} as const;

// --- Argo CD config-management plugin (CMP v2 sidecar): what Argo CD hands the plugin, the
// names of our settings in an Application, and the install artifacts (argocd/).

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

/** The helm a chart is templated with (a path or a command on PATH; default `helm`). */
export const HELM_COMMAND_ENV = 'CONTEXTCORE_HELM';
/** "true": `helm dependency build` fetches over plain HTTP (an OCI registry without TLS), as Argo CD's insecureOCIForceHttp. */
export const HELM_PLAIN_HTTP_ENV = 'CONTEXTCORE_HELM_PLAIN_HTTP';
/** The file that makes a directory a Helm chart (Argo CD's discovery looks for it). */
export const CHART_FILE = 'Chart.yaml';
/** The kustomize command generate runs, e.g. "kustomize build" or "kubectl kustomize". */
export const KUSTOMIZE_COMMAND_ENV = 'CONTEXTCORE_KUSTOMIZE';
/** The directory kustomize loaded an exec plugin's config from, in the plugin's environment (api/internal/plugins/execplugin). */
export const KUSTOMIZE_PLUGIN_CONFIG_ROOT_ENV = 'KUSTOMIZE_PLUGIN_CONFIG_ROOT';
/** Annotations that make kustomize run a transformer config as a KRM function instead of a plugin. */
export const KRM_FUNCTION_ANNOTATIONS = ['config.kubernetes.io/function', 'config.k8s.io/function'] as const;

// --- PostSync hook (DESIGN §6, §7): the rendered Job and RBAC, the status it writes and the
// extra span vocabulary it emits. The TraceQL contract above (SPAN_ATTR, SPAN_EVENT) is unchanged.

/** Argo CD resource hook annotations (argo-cd docs: user-guide/resource_hooks). */
export const ARGOCD_HOOK_ANNOTATION = 'argocd.argoproj.io/hook';
export const ARGOCD_HOOK_POST_SYNC = 'PostSync';
export const ARGOCD_HOOK_DELETE_POLICY_ANNOTATION = 'argocd.argoproj.io/hook-delete-policy';
/** The previous run's Job is deleted when the next sync creates the hook again. */
export const ARGOCD_HOOK_DELETE_BEFORE_CREATION = 'BeforeHookCreation';

/**
 * Job tuning. The TTL must outlive Argo CD's observation of the Job: a Job deleted by its TTL
 * before the application controller has seen it finish leaves the sync stuck in the hook phase
 * (argoproj/argo-cd#21055, #18884; observation can lag by minutes, #6880). One hour is ample,
 * and BeforeHookCreation removes a Job still present at the next sync.
 */
export const HOOK_JOB = {
  ttlSecondsAfterFinished: 3600,
  backoffLimit: 1,
  /** Whole Job, image pull included; the CLI bounds its own work with --timeout. */
  activeDeadlineSeconds: 300,
  containerName: 'verify',
  /** The image's non-root user (node, uid/gid 1000: functions/Dockerfile), numeric so that runAsNonRoot can be checked. */
  runAsUser: 1000,
  planVolume: 'plan',
  planMountPath: '/etc/contextcore/plan',
  resources: {
    requests: { cpu: '50m', memory: '64Mi' },
    limits: { cpu: '500m', memory: '256Mi' },
  },
} as const;

/** The API of the hook's Roles and RoleBindings. */
export const HOOK_RBAC = { apiVersion: 'rbac.authorization.k8s.io/v1', group: 'rbac.authorization.k8s.io' } as const;

/** `contextcore hook emit` defaults. */
export const HOOK_DEFAULT_TIMEOUT = '10s';
/** Standard OTLP exporter variable: base endpoint, `/v1/traces` is appended. */
export const ENV_OTLP_ENDPOINT = 'OTEL_EXPORTER_OTLP_ENDPOINT';
/** Standard OTLP exporter variable: full traces URL, used as is. */
export const ENV_OTLP_TRACES_ENDPOINT = 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
export const OTLP_TRACES_PATH = 'v1/traces';
/** The namespace the hook's pod runs in (downward API), where namespace-less artifacts live. */
export const ENV_HOOK_NAMESPACE = 'CONTEXTCORE_HOOK_NAMESPACE';

/** The ProjectContext's REST coordinates (its CRD) and the status subresource the hook patches. */
export const PROJECT_CONTEXT_GROUP = 'contextcore.io';
export const PROJECT_CONTEXT_VERSION = 'v1';
export const PROJECT_CONTEXT_PLURAL = 'projectcontexts';
export const STATUS_SUBRESOURCE = 'status';

/** The Prometheus objects the hook reads to tell whether the generated monitors and rules are used. */
export const PROMETHEUS_KIND = 'Prometheus';
export const PROMETHEUS_PLURAL = 'prometheuses';
export const MONITORING_GROUP = 'monitoring.coreos.com';

/** status.conditions the hook writes (types, and the reasons of each status). */
export const STATUS_CONDITIONS = {
  /** True when every planned artifact is there (and used by a Prometheus where that applies). */
  verified: 'Verified',
  /** True when a Prometheus selects every ServiceMonitor and PrometheusRule of the plan. */
  prometheusSelects: 'PrometheusSelects',
  /** True when the render warned about the context: the plan's warnings, in the message. */
  renderWarnings: 'RenderWarnings',
} as const;

/** What the hook found for one planned artifact (the CRD's status.artifacts[].state), plus
 * `unchecked` for --dry-run, which contacts no cluster. `unselected`: a ServiceMonitor or
 * PrometheusRule that is there, but that no Prometheus selects (a gap, as missing). */
export const VERIFICATION_STATES = ['verified', 'missing', 'unselected', 'unverifiable', 'skipped', 'unchecked'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

/** task.status of a task span, in ContextCore's task vocabulary (seeds/002 §6). */
export const TASK_STATUS_BY_STATE: Record<VerificationState, string> = {
  verified: 'done',
  missing: 'todo',
  unselected: 'todo',
  unverifiable: 'blocked',
  skipped: 'cancelled',
  unchecked: 'todo',
};

/** Span attributes beyond SPAN_ATTR. */
export const HOOK_SPAN_ATTR = {
  /** Prefix of the task's resolved parameters (seeds/002 R2.3): artifact.parameters.<name>. */
  artifactParametersPrefix: 'artifact.parameters.',
  /** Why a task is missing, unverifiable or skipped. */
  artifactReason: 'artifact.reason',
  businessCriticality: 'business.criticality',
  businessOwner: 'business.owner',
  storyTaskCount: 'artifact.task_count',
} as const;

/** Attributes of the span events (seeds/002 §6). */
export const EVENT_ATTR = {
  source: 'source',
  artifactType: 'artifact_type',
  target: 'target',
  priority: 'priority',
  status: 'status',
  derivationRules: 'derivation_rules',
  parameters: 'parameters',
  expectedOutput: 'expected_output_contract',
  dependsOn: 'depends_on',
  dependencyCount: 'dependency_count',
  state: 'state',
  reason: 'reason',
  verified: 'verified',
} as const;
export const EVENT_SOURCE_HOOK = 'contextcore.hook';
export const LINK_TYPE_DEPENDS_ON = 'depends_on';

/** Resource attributes of the hook's spans (OpenTelemetry semantic conventions). */
export const HOOK_RESOURCE_ATTR = {
  serviceName: OTEL_SERVICE_NAME,
  serviceVersion: 'service.version',
  namespace: 'k8s.namespace.name',
  environment: 'deployment.environment.name',
  revision: 'vcs.ref.head.revision',
  repository: 'vcs.repository.url.full',
  pipeline: 'cicd.pipeline.name',
} as const;

// --- Delivery (issue 22, docs/delivery.md): the Argo CD health check's inputs, the error-budget
// gate (a PreSync hook), Argo Rollouts analysis from the same SLOs.

/** On a ProjectContext: ship despite the gate's policy; the value is the reason, recorded. */
export const ANNOTATION_GATE_OVERRIDE = `${DOMAIN}/gate-override`;
/** The Argo CD configuration key of the ProjectContext health check (argocd/install). */
export const ARGOCD_HEALTH_KEY = `resource.customizations.health.${PROJECT_CONTEXT_GROUP}_${PROJECT_CONTEXT_KIND}`;
/** Where the gate and AnalysisTemplates find Prometheus unless configured: prometheus-operator's
 * governing Service of a Prometheus in namespace monitoring (kube-prometheus-stack's default). */
export const DEFAULT_PROMETHEUS_URL = 'http://prometheus-operated.monitoring.svc:9090';

/** Argo Rollouts (argoproj.io/v1alpha1): its Rollout targets get an AnalysisTemplate per context. */
export const ROLLOUTS_API_VERSION = 'argoproj.io/v1alpha1';
/** The label Argo Rollouts puts on a Rollout's pods, per ReplicaSet (its pod template hash). */
export const ROLLOUT_POD_HASH_LABEL = 'rollouts-pod-template-hash';
/**
 * The same label on the series of a ServiceMonitor that lists it in podTargetLabels (prometheus-
 * operator turns the pod label into a target label with `-` as `_`): how a query tells the
 * canary's pods from the stable ones.
 */
export const ROLLOUT_POD_HASH_PROM_LABEL = 'rollouts_pod_template_hash';
/** Arguments of the generated AnalysisTemplates; a Rollout passes canary-hash with podTemplateHashValue: Latest. */
export const ANALYSIS_ARGS = { namespace: 'namespace', job: 'job', canaryHash: 'canary-hash' } as const;

/** Prometheus' series of the alerts it evaluates (rules/manager.go: ALERTS{alertname, alertstate}). */
export const PROM_ALERTS = { metric: 'ALERTS', name: 'alertname', state: 'alertstate', firing: 'firing' } as const;

/** The gate's PreSync Pod (a Pod, not a Job: Argo CD shows a failed Pod hook's termination message as the sync's failure reason, a Job's only "backoff limit reached"). */
export const ARGOCD_HOOK_PRE_SYNC = 'PreSync';
export const GATE_POD = {
  containerName: 'gate',
  planVolume: 'plan',
  planMountPath: '/etc/contextcore/gate',
  /** Kubernetes takes the log's last lines as the termination message when the container fails. */
  terminationMessagePolicy: 'FallbackToLogsOnError',
} as const;
/** service.name of the gate's span, and what it is called. */
export const GATE_SERVICE_NAME = 'contextcore-gate';
export const GATE_SPAN_NAME = 'error-budget gate';
export const GATE_SPAN_ATTR = {
  decision: 'contextcore.gate.decision',
  reason: 'contextcore.gate.reason',
  override: 'contextcore.gate.override',
  dryRun: 'contextcore.gate.dry_run',
  planChecksum: 'contextcore.plan_checksum',
} as const;
/** One event per SLO checked, with its attributes. */
export const GATE_SLO_EVENT = 'gate.slo';
export const GATE_EVENT_ATTR = { slo: 'slo', service: 'service', budgetRemaining: 'budget_remaining', firingAlerts: 'firing_alerts', verdict: 'verdict', problem: 'problem' } as const;
/** Link from the gate's span to the context's last plan trace (its epic). */
export const LINK_TYPE_PLAN = 'plan';
