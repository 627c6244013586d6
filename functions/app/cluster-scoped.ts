// Kinds that have no namespace, so placing objects in a namespace leaves them alone. Source:
// kustomize's own table (kyaml/openapi/openapi.go precomputedIsNamespaceScoped, kustomize v5.8),
// which its namespace transformer consults; kinds it does not know (custom resources such as
// ProjectContext, ServiceMonitor, PrometheusRule) are namespaced, as there.

const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass',
  'node.k8s.io/RuntimeClass',
  'policy/PodSecurityPolicy',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment',
  '/ComponentStatus',
  '/Namespace',
  '/Node',
  '/PersistentVolume',
]);

/** Whether objects of this apiVersion and kind live in a namespace. */
export function isNamespaced(apiVersion: unknown, kind: unknown): boolean {
  const version = typeof apiVersion === 'string' ? apiVersion : '';
  const group = version.includes('/') ? version.slice(0, version.indexOf('/')) : '';
  return !CLUSTER_SCOPED.has(`${group}/${String(kind)}`);
}
