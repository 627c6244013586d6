// Minimal Kubernetes object shapes the core reads and writes. Resources stay plain JSON objects;
// these types document which fields the core touches.

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** Where a resource came from, for results: a file and the document index in it. */
export interface Origin {
  path: string;
  index?: number;
}
