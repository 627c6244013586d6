// What ContextCore writes onto the targets of a context: context annotations, OpenTelemetry
// environment and resource attributes, and the bookkeeping that lets a later run replace exactly
// what it added.

import { DOMAIN } from './resources.js';

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
