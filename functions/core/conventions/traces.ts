// Plan traces (DESIGN §7; seeds/002 §6): the span contract shared by the PostSync hook, which
// emits the spans, and the dashboards, whose TraceQL queries read them.

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

/** OpenTelemetry resource attribute naming the service that emitted a span. */
export const OTEL_SERVICE_NAME = 'service.name';

/** Values of the plan span attributes the dashboards filter on (SPAN_ATTR). */
export const PLAN_SPAN_VALUES = {
  taskType: { epic: 'epic', story: 'story', task: 'task' },
  verification: { verified: 'verified', missing: 'missing', unselected: 'unselected', unverifiable: 'unverifiable', skipped: 'skipped' },
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
