// The Prometheus vocabulary of the generated rules: label names, SLO names, record, alert and
// group names, alert annotations, the info series' labels, and the series of firing alerts.

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

/** Labels of RECORD.contextInfo besides contextcore_context, namespace and job. */
export const INFO_LABELS = {
  criticality: 'criticality',
  businessValue: 'business_value',
  owner: 'owner',
  projectId: 'project_id',
  dashboardUid: 'dashboard_uid',
} as const;

/** Prometheus' series of the alerts it evaluates (rules/manager.go: ALERTS{alertname, alertstate}). */
export const PROM_ALERTS = { metric: 'ALERTS', name: 'alertname', state: 'alertstate', firing: 'firing' } as const;
