// Delivery (issue 22, docs/delivery.md): the error-budget gate (a PreSync hook), Argo Rollouts
// analysis from the same SLOs.

import { DOMAIN } from './resources.js';

/** On a ProjectContext: ship despite the gate's policy; the value is the reason, recorded. */
export const ANNOTATION_GATE_OVERRIDE = `${DOMAIN}/gate-override`;
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
