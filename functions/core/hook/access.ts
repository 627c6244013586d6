// What the PostSync hook may read and write, per namespace: least-privilege RBAC rules derived
// from the plan (get/list on exactly the planned artifacts, get and status patch on its own
// context), and, when the plan has ServiceMonitors or PrometheusRules, a ClusterRole to list
// Prometheus objects and read the labels of those artifacts' namespaces.
//
// Namespaces. A resource without metadata.namespace is applied by Argo CD into the Application's
// destination namespace, unknown at render time (the plan records the configured
// defaultNamespace for it). So:
// - a context with a namespace: its hook, ServiceAccount and RBAC carry namespaces, and every
//   artifact is checked where the plan says; artifacts without a namespace get a warning;
// - a context without a namespace: the hook and its ServiceAccount, Role and RoleBinding carry
//   none either, so they land beside the namespace-less artifacts, and the RoleBinding's subject
//   omits its namespace (RBAC then takes the binding's own). The Job is told (--implicit-namespace)
//   that the plan's defaultNamespace stands for the namespace it runs in. Artifacts explicitly in
//   another namespace cannot be granted (the ServiceAccount's namespace is unknown): a warning.

import { MONITORING_GROUP, PROJECT_CONTEXT_GROUP, PROJECT_CONTEXT_PLURAL, PROMETHEUS_PLURAL, STATUS_SUBRESOURCE } from '../conventions/index.js';
import { compareText } from '../base/canonical.js';
import { type ArtifactRef, refText, type Plan } from '../plan/plan.js';
import { groupOf, resourceOf } from '../tables/kube-resources.js';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  /** Left out only where the verb needs every object (list of Prometheus objects). */
  resourceNames?: string[];
}

export interface NamespaceGrant {
  /** The namespace of the Role and RoleBinding; undefined: none (the destination namespace). */
  namespace?: string;
  /** Whether this grant is for the hook's own namespace. */
  own: boolean;
  rules: PolicyRule[];
}

export interface HookAccess {
  grants: NamespaceGrant[];
  /**
   * The ClusterRole's rules, when the plan has ServiceMonitors or PrometheusRules: list the
   * Prometheus objects (wherever they are) and get the labels of those artifacts' namespaces,
   * which the namespace selectors read. Nothing else cluster-wide.
   */
  cluster?: PolicyRule[];
  /** Set when the context has no namespace: the plan namespace that means "where the hook runs". */
  implicitNamespace?: string;
  /** Problems for the user (warnings), each a full sentence. */
  problems: string[];
}

export const READ_VERBS = ['get', 'list'];
export const STATUS_VERBS = ['patch'];

/** Rules granting get/list on exactly these artifacts, one rule per API group and resource. */
export function readRules(refs: readonly ArtifactRef[]): PolicyRule[] {
  const byResource = new Map<string, { group: string; resource: string; names: Set<string> }>();
  for (const r of refs) {
    const group = groupOf(r.apiVersion);
    const resource = resourceOf(r.kind);
    const key = `${group}\u0000${resource}`;
    const entry = byResource.get(key) ?? byResource.set(key, { group, resource, names: new Set() }).get(key)!;
    entry.names.add(r.name);
  }
  return [...byResource.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, e]) => ({ apiGroups: [e.group], resources: [e.resource], verbs: [...READ_VERBS], resourceNames: [...e.names].sort(compareText) }));
}

export const statusRule = (contextName: string): PolicyRule => ({
  apiGroups: [PROJECT_CONTEXT_GROUP],
  resources: [`${PROJECT_CONTEXT_PLURAL}/${STATUS_SUBRESOURCE}`],
  verbs: [...STATUS_VERBS],
  resourceNames: [contextName],
});

/** Reading its own ProjectContext keeps the time of a status condition that did not change. */
export const contextReadRule = (contextName: string): PolicyRule => ({
  apiGroups: [PROJECT_CONTEXT_GROUP],
  resources: [PROJECT_CONTEXT_PLURAL],
  verbs: ['get'],
  resourceNames: [contextName],
});

/** Kinds a Prometheus selects, whose selection the hook checks. */
const SELECTED_KINDS = new Set(['ServiceMonitor', 'PrometheusRule']);

export function clusterRules(namespaces: readonly string[]): PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: [...new Set(namespaces)].sort(compareText) },
    { apiGroups: [MONITORING_GROUP], resources: [PROMETHEUS_PLURAL], verbs: ['list'] },
  ];
}

export interface AccessInput {
  plan: Plan;
  /** Whether the ProjectContext has metadata.namespace. */
  contextExplicit: boolean;
  /** Whether an artifact's resource has metadata.namespace. */
  explicitOf: (ref: ArtifactRef) => boolean;
  /** The configured defaultNamespace: what the plan records for namespace-less resources. */
  placeholderNamespace: string;
  /** Whether the hook writes the ProjectContext's status (false when it is not kept). */
  writesStatus: boolean;
}

export function hookAccess(input: AccessInput): HookAccess {
  const { plan, contextExplicit, placeholderNamespace } = input;
  const ctxNs = plan.context.namespace;
  const refs = plan.stories.flatMap((s) => s.tasks).flatMap((t) => (t.artifact && t.status !== 'skipped' ? [t.artifact] : []));
  const problems: string[] = [];
  const groups = new Map<string, ArtifactRef[]>(); // namespace → artifacts; '' = the hook's own (implicit) namespace
  const add = (key: string, ref: ArtifactRef) => (groups.get(key) ?? groups.set(key, []).get(key)!).push(ref);

  if (contextExplicit) {
    const implicit = refs.filter((r) => !input.explicitOf(r));
    if (implicit.length) {
      problems.push(
        `${implicit.map(refText).join(', ')} ${implicit.length === 1 ? 'has' : 'have'} no metadata.namespace: Argo CD applies ${implicit.length === 1 ? 'it' : 'them'} to the Application's destination namespace, which the PostSync hook of ProjectContext ${ctxNs}/${plan.context.name} cannot know; it checks namespace ${placeholderNamespace} (set metadata.namespace to check the right one)`,
      );
    }
    for (const r of refs) add(r.namespace, r);
  } else {
    const ambiguous = refs.filter((r) => r.namespace === placeholderNamespace && input.explicitOf(r));
    if (ambiguous.length) {
      problems.push(
        `${ambiguous.map(refText).join(', ')} ${ambiguous.length === 1 ? 'is' : 'are'} explicitly in namespace ${placeholderNamespace}, which is also where resources without a namespace are recorded; the PostSync hook of ProjectContext ${plan.context.name} (no namespace) checks ${ambiguous.length === 1 ? 'it' : 'them'} in the namespace it runs in`,
      );
    }
    const elsewhere = refs.filter((r) => r.namespace !== placeholderNamespace);
    if (elsewhere.length) {
      problems.push(
        `the PostSync hook of ProjectContext ${plan.context.name} has no namespace, so it cannot be granted access to ${elsewhere.map(refText).join(', ')}; ${elsewhere.length === 1 ? 'it is' : 'they are'} reported unverifiable (give the ProjectContext a metadata.namespace)`,
      );
    }
    for (const r of refs) if (r.namespace === placeholderNamespace) add('', r);
  }

  const ownKey = contextExplicit ? ctxNs : '';
  if (!groups.has(ownKey) && input.writesStatus) groups.set(ownKey, []);
  const grants: NamespaceGrant[] = [...groups.entries()]
    .sort(([a], [b]) => (a === ownKey ? -1 : b === ownKey ? 1 : compareText(a, b)))
    .map(([key, group]) => {
      const rules = readRules(group);
      if (key === ownKey && input.writesStatus) rules.push(contextReadRule(plan.context.name), statusRule(plan.context.name));
      return { ...(key ? { namespace: key } : {}), own: key === ownKey, rules };
    })
    .filter((g) => g.rules.length > 0);
  // Whether a Prometheus selects the monitors and rules: a ClusterRole, bound to the ServiceAccount by namespace.
  const selected = refs.filter((r) => SELECTED_KINDS.has(r.kind));
  let cluster: PolicyRule[] | undefined;
  if (selected.length && contextExplicit) cluster = clusterRules(selected.map((r) => r.namespace));
  else if (selected.length) {
    problems.push(
      `the PostSync hook of ProjectContext ${plan.context.name} has no namespace, so it cannot be granted the reading of Prometheus objects (a ClusterRoleBinding names the namespace of its ServiceAccount); whether a Prometheus selects its ServiceMonitors and PrometheusRules is reported unverifiable (give the ProjectContext a metadata.namespace)`,
    );
  }
  return { grants, ...(cluster ? { cluster } : {}), ...(contextExplicit ? {} : { implicitNamespace: placeholderNamespace }), problems };
}

