// What the API server accepts in an object's metadata, so that the CLI refuses the same
// ProjectContexts without a cluster.
//
// Source: k8s.io/apimachinery, pkg/api/validation/objectmeta.go (ValidateObjectMeta,
// ValidateAnnotations, ValidateFinalizers; TotalAnnotationSizeLimitB) and
// pkg/util/validation/validation.go (IsQualifiedName, IsValidLabelValue, IsDNS1123Subdomain,
// IsDNS1123Label), as served by Kubernetes 1.26 and 1.32; ObjectMeta's fields from
// k8s.io/apimachinery/pkg/apis/meta/v1/types.go.

/** A DNS-1123 subdomain: names of most objects, prefixes of label and annotation keys. */
export const DNS1123_SUBDOMAIN = { maxLength: 253, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/ };
/** A DNS-1123 label: namespaces. */
export const DNS1123_LABEL = { maxLength: 63, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ };
/** The name part of a qualified name (label and annotation keys, finalizers). */
export const QUALIFIED_NAME = { maxLength: 63, pattern: /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/ };
/** A label value; empty is allowed. */
export const LABEL_VALUE = { maxLength: 63, pattern: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/ };
/** Sum of the lengths of every annotation key and value. */
export const TOTAL_ANNOTATION_SIZE = 256 * 1024;
/** Deletion finalizers that contradict each other. */
export const EXCLUSIVE_FINALIZERS: readonly string[] = ['orphan', 'foregroundDeletion'];
/** The fields of ObjectMeta; strict field validation (kubectl's default) refuses any other. */
export const OBJECT_META_FIELDS: readonly string[] = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];
