// The PostSync hook (DESIGN §6, §7): the rendered Job and RBAC, where it sends its spans, the
// ProjectContext's REST coordinates and the status it writes.

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
