// After the hook step (only when spec.gate.enabled): the error-budget gate of each context, an Argo CD PreSync
// hook (docs/delivery.md). Everything it needs exists before the sync applies anything, so all of
// it is a PreSync hook, recreated at each sync: its copy of the plan (a ConfigMap; the
// `<context>-plan` one is applied only later, in the Sync phase), its ServiceAccount, a Role and
// RoleBinding allowing exactly a read of its ProjectContext and a patch of its status, and a Pod
// running `contextcore gate` — a Pod rather than a Job, because Argo CD shows a failed Pod hook's
// termination message (the gate's last lines) as the sync's failure reason.

import {
  ARGOCD_HOOK_ANNOTATION,
  ARGOCD_HOOK_DELETE_BEFORE_CREATION,
  ARGOCD_HOOK_DELETE_POLICY_ANNOTATION,
  ARGOCD_HOOK_PRE_SYNC,
  ENV_HOOK_NAMESPACE,
  ENV_OTLP_ENDPOINT,
  GATE_POD,
  HOOK_RBAC,
  NAME_SUFFIX,
  PLAN_DATA_KEY,
  PROJECT_CONTEXT_GROUP,
  PROJECT_CONTEXT_PLURAL,
} from '../conventions/index.js';
import { generatedMetadata, type Placement } from '../pipeline/generated-meta.js';
import { statusRule } from '../hook/access.js';
import type { ContextResource, Step, StepOutput } from '../pipeline/model.js';
import { hookResources, restrictedContainerSecurity, restrictedPodSecurity } from '../kube/restricted-pod.js';
import { GATE_TUNING } from '../tables/gate-policy.js';
import type { KubeObject } from '../types/kube.js';

const PRE_SYNC = { [ARGOCD_HOOK_ANNOTATION]: ARGOCD_HOOK_PRE_SYNC, [ARGOCD_HOOK_DELETE_POLICY_ANNOTATION]: ARGOCD_HOOK_DELETE_BEFORE_CREATION };

export const gateStep: Step = {
  name: 'gate',
  run(state): StepOutput {
    const { gate, hook, keepProjectContext, defaultNamespace } = state.config;
    if (!gate.enabled) return {};
    const generated: ContextResource[] = [];
    for (const ctx of state.contexts) {
      const plan = state.plans.find((p) => p.context.namespace === ctx.namespace && p.context.name === ctx.name);
      if (!plan) throw new Error(`gate step: no plan for ProjectContext ${ctx.key}; the plan step must run first`);
      const own: Placement = { namespace: ctx.namespace, explicitNamespace: ctx.entry.explicitNamespace };
      const meta = (name: string) => generatedMetadata(ctx, 'gate', name, own, { annotations: PRE_SYNC });
      const base = [ctx.name, NAME_SUFFIX.gate];
      const name = (kind: string) => state.names.allocate(kind, ctx.namespace, base, ctx.key);
      const [sa, configMap, pod] = [name('ServiceAccount'), name('ConfigMap'), name('Pod')];
      const objects: KubeObject[] = [
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(sa), automountServiceAccountToken: false },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(configMap), data: { [PLAN_DATA_KEY]: `${JSON.stringify(plan)}\n` } },
      ];
      const args = ['gate', '--plan', `${GATE_POD.planMountPath}/${PLAN_DATA_KEY}`, '--prometheus', gate.prometheusUrl, '--timeout', GATE_TUNING.defaultTimeout];
      if (gate.bearerTokenFile) args.push('--bearer-token-file', gate.bearerTokenFile);
      if (gate.caFile) args.push('--ca-file', gate.caFile);
      // A context without a namespace: the hook objects go where Argo CD applies it (hook/access.ts).
      if (!ctx.entry.explicitNamespace) args.push('--implicit-namespace', defaultNamespace);
      if (keepProjectContext) {
        const [role, binding] = [name('Role'), name('RoleBinding')];
        const subject: Record<string, string> = { kind: 'ServiceAccount', name: sa };
        if (own.explicitNamespace) subject.namespace = own.namespace;
        objects.push(
          {
            apiVersion: HOOK_RBAC.apiVersion,
            kind: 'Role',
            metadata: meta(role),
            rules: [{ apiGroups: [PROJECT_CONTEXT_GROUP], resources: [PROJECT_CONTEXT_PLURAL], verbs: ['get'], resourceNames: [ctx.name] }, statusRule(ctx.name)],
          },
          { apiVersion: HOOK_RBAC.apiVersion, kind: 'RoleBinding', metadata: meta(binding), roleRef: { apiGroup: HOOK_RBAC.group, kind: 'Role', name: role }, subjects: [subject] },
        );
      } else args.push('--no-status');
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: meta(pod),
        spec: {
          serviceAccountName: sa,
          automountServiceAccountToken: true,
          restartPolicy: 'Never',
          activeDeadlineSeconds: GATE_TUNING.activeDeadlineSeconds,
          securityContext: restrictedPodSecurity(),
          containers: [
            {
              name: GATE_POD.containerName,
              image: hook.image,
              imagePullPolicy: 'IfNotPresent',
              args,
              env: [
                { name: ENV_OTLP_ENDPOINT, value: hook.otlpEndpoint },
                { name: ENV_HOOK_NAMESPACE, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              ],
              resources: hookResources(),
              securityContext: restrictedContainerSecurity(),
              terminationMessagePolicy: GATE_POD.terminationMessagePolicy,
              volumeMounts: [{ name: GATE_POD.planVolume, mountPath: GATE_POD.planMountPath, readOnly: true }],
            },
          ],
          volumes: [{ name: GATE_POD.planVolume, configMap: { name: configMap, items: [{ key: PLAN_DATA_KEY, path: PLAN_DATA_KEY }] } }],
        },
      });
      for (const object of objects) generated.push({ contextKey: ctx.key, object });
    }
    return { generated };
  },
};
