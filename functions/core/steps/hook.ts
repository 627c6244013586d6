// Step 6 (only when spec.hook.enabled): the Argo CD PostSync hook of each context (DESIGN §6) —
// a Job running `contextcore hook emit` on the mounted plan, its own ServiceAccount, a Role and
// RoleBinding per namespace the plan touches, and a ClusterRole and binding to read Prometheus
// objects when the plan has ServiceMonitors or PrometheusRules (hook/access.ts).

import {
  ARGOCD_HOOK_ANNOTATION,
  ARGOCD_HOOK_DELETE_BEFORE_CREATION,
  ARGOCD_HOOK_DELETE_POLICY_ANNOTATION,
  ARGOCD_HOOK_POST_SYNC,
  ENV_HOOK_NAMESPACE,
  ENV_OTLP_ENDPOINT,
  HOOK_DEFAULT_TIMEOUT,
  HOOK_JOB,
  HOOK_RBAC,
  LABEL_COMPONENT,
  NAME_SUFFIX,
  PLAN_DATA_KEY,
} from '../conventions/index.js';
import { generatedMetadata, type Placement } from '../pipeline/generated-meta.js';
import { hookAccess, type HookAccess, type NamespaceGrant } from '../hook/access.js';
import { keyOf, toEntry } from '../pipeline/inventory.js';
import type { ContextModel, ContextResource, ExpansionState, Step, StepOutput } from '../pipeline/model.js';
import type { Plan } from '../plan/plan.js';
import type { KubeObject } from '../types/kube.js';
import { hookResources, restrictedContainerSecurity, restrictedPodSecurity } from '../kube/restricted-pod.js';

export interface HookSettings {
  image: string;
  otlpEndpoint: string;
  planConfigMap: string;
  serviceAccount: string;
  /** Set when the context has no namespace (see hook/access.ts). */
  implicitNamespace?: string;
  writesStatus: boolean;
}

/** The hook Job: PostSync, recreated on every sync, restricted, bounded, the plan mounted. */
export function hookJob(ctx: ContextModel, name: string, placement: Placement, s: HookSettings): KubeObject {
  const meta = generatedMetadata(ctx, 'hook', name, placement, {
    annotations: { [ARGOCD_HOOK_ANNOTATION]: ARGOCD_HOOK_POST_SYNC, [ARGOCD_HOOK_DELETE_POLICY_ANNOTATION]: ARGOCD_HOOK_DELETE_BEFORE_CREATION },
  });
  const args = ['hook', 'emit', '--plan', `${HOOK_JOB.planMountPath}/${PLAN_DATA_KEY}`, '--timeout', HOOK_DEFAULT_TIMEOUT];
  if (s.implicitNamespace !== undefined) args.push('--implicit-namespace', s.implicitNamespace);
  if (!s.writesStatus) args.push('--no-status');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta,
    spec: {
      backoffLimit: HOOK_JOB.backoffLimit,
      activeDeadlineSeconds: HOOK_JOB.activeDeadlineSeconds,
      ttlSecondsAfterFinished: HOOK_JOB.ttlSecondsAfterFinished,
      template: {
        metadata: { labels: { ...meta.labels } },
        spec: {
          serviceAccountName: s.serviceAccount,
          automountServiceAccountToken: true,
          restartPolicy: 'Never',
          securityContext: restrictedPodSecurity(),
          containers: [
            {
              name: HOOK_JOB.containerName,
              image: s.image,
              imagePullPolicy: 'IfNotPresent',
              args,
              env: [
                { name: ENV_OTLP_ENDPOINT, value: s.otlpEndpoint },
                { name: ENV_HOOK_NAMESPACE, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              ],
              resources: hookResources(),
              securityContext: restrictedContainerSecurity(),
              volumeMounts: [{ name: HOOK_JOB.planVolume, mountPath: HOOK_JOB.planMountPath, readOnly: true }],
            },
          ],
          volumes: [{ name: HOOK_JOB.planVolume, configMap: { name: s.planConfigMap, items: [{ key: PLAN_DATA_KEY, path: PLAN_DATA_KEY }] } }],
        },
      },
    },
  };
}

/** Whether each planned artifact's resource carries metadata.namespace (what we generated or found). */
function explicitNamespaces(state: Readonly<ExpansionState>, ctx: ContextModel): (ref: { kind: string; namespace: string; name: string }) => boolean {
  const generated = new Map<string, boolean>();
  for (const g of state.generated) {
    if (g.contextKey !== ctx.key) continue;
    const e = toEntry(g.object, 0, undefined, state.config.defaultNamespace);
    generated.set(keyOf(e.kind, e.namespace, e.name), e.explicitNamespace);
  }
  return (ref) => generated.get(keyOf(ref.kind, ref.namespace, ref.name)) ?? state.inventory.get(ref.kind, ref.namespace, ref.name)?.explicitNamespace ?? true;
}

function rbacFor(ctx: ContextModel, grant: NamespaceGrant, name: string, saName: string, saPlacement: Placement): KubeObject[] {
  const placement: Placement = { namespace: grant.namespace ?? saPlacement.namespace, explicitNamespace: grant.namespace !== undefined };
  const subject: Record<string, string> = { kind: 'ServiceAccount', name: saName };
  if (saPlacement.explicitNamespace) subject.namespace = saPlacement.namespace; // else: the binding's own (hook/access.ts)
  return [
    { apiVersion: HOOK_RBAC.apiVersion, kind: 'Role', metadata: generatedMetadata(ctx, 'hook', name, placement), rules: grant.rules },
    {
      apiVersion: HOOK_RBAC.apiVersion,
      kind: 'RoleBinding',
      metadata: generatedMetadata(ctx, 'hook', name, placement),
      roleRef: { apiGroup: HOOK_RBAC.group, kind: 'Role', name },
      subjects: [subject],
    },
  ];
}

/** What the context's hook may read and write; its problems are reported by the plan step, with the context's other warnings. */
export function hookAccessFor(state: Readonly<ExpansionState>, ctx: ContextModel, plan: Plan): HookAccess {
  return hookAccess({
    plan,
    contextExplicit: ctx.entry.explicitNamespace,
    explicitOf: explicitNamespaces(state, ctx),
    placeholderNamespace: state.config.defaultNamespace,
    writesStatus: state.config.keepProjectContext,
  });
}

export const hookStep: Step = {
  name: 'hook',
  run(state): StepOutput {
    if (!state.config.hook.enabled) return {};
    const generated: ContextResource[] = [];
    for (const ctx of state.contexts) {
      const plan = state.plans.find((p: Plan) => p.context.namespace === ctx.namespace && p.context.name === ctx.name);
      const planMap = state.generated.find((g) => g.contextKey === ctx.key && g.object.kind === 'ConfigMap' && g.object.metadata?.labels?.[LABEL_COMPONENT] === 'plan');
      if (!plan || !planMap) throw new Error(`hook step: no plan for ProjectContext ${ctx.key}; the plan step must run first`);
      const access = hookAccessFor(state, ctx, plan);

      const own: Placement = { namespace: ctx.namespace, explicitNamespace: ctx.entry.explicitNamespace };
      const base = [ctx.name, NAME_SUFFIX.hook];
      const saName = state.names.allocate('ServiceAccount', ctx.namespace, base, ctx.key);
      const jobName = state.names.allocate('Job', ctx.namespace, base, ctx.key);
      const objects: KubeObject[] = [
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: generatedMetadata(ctx, 'hook', saName, own), automountServiceAccountToken: false },
      ];
      for (const grant of access.grants) {
        const ns = grant.namespace ?? ctx.namespace;
        const parts = grant.own ? base : [ctx.namespace, ...base];
        const roleName = state.names.allocate('Role', ns, parts, ctx.key);
        const bindingName = state.names.allocate('RoleBinding', ns, parts, ctx.key);
        const [role, binding] = rbacFor(ctx, grant, roleName, saName, own);
        binding!.metadata!.name = bindingName;
        objects.push(role!, binding!);
      }
      if (access.cluster) {
        // Cluster-scoped names are one namespace: the context's namespace is part of them.
        const name = state.names.allocate('ClusterRole', '', [ctx.namespace, ...base], ctx.key);
        const bindingName = state.names.allocate('ClusterRoleBinding', '', [ctx.namespace, ...base], ctx.key);
        const meta = (n: string) => generatedMetadata(ctx, 'hook', n, { namespace: '', explicitNamespace: false });
        objects.push(
          { apiVersion: HOOK_RBAC.apiVersion, kind: 'ClusterRole', metadata: meta(name), rules: access.cluster },
          {
            apiVersion: HOOK_RBAC.apiVersion,
            kind: 'ClusterRoleBinding',
            metadata: meta(bindingName),
            roleRef: { apiGroup: HOOK_RBAC.group, kind: 'ClusterRole', name },
            subjects: [{ kind: 'ServiceAccount', name: saName, namespace: ctx.namespace }],
          },
        );
      }
      objects.push(
        hookJob(ctx, jobName, own, {
          image: state.config.hook.image,
          otlpEndpoint: state.config.hook.otlpEndpoint,
          planConfigMap: String(planMap.object.metadata?.name),
          serviceAccount: saName,
          ...(access.implicitNamespace !== undefined ? { implicitNamespace: access.implicitNamespace } : {}),
          writesStatus: state.config.keepProjectContext,
        }),
      );
      for (const object of objects) generated.push({ contextKey: ctx.key, object });
    }
    return { generated };
  },
};
