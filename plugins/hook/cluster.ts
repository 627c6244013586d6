// The hook's cluster I/O with @kubernetes/client-node: read planned artifacts, the Prometheus
// objects and namespace labels, the ProjectContext, and patch its status subresource. Every request carries an AbortSignal so a hanging API
// server cannot outlive the run's time budget. No decisions here: verification.ts judges.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  ApiException,
  createConfiguration,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
  setHeaderOptions,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { MONITORING_GROUP, PROJECT_CONTEXT_GROUP, PROJECT_CONTEXT_PLURAL, PROJECT_CONTEXT_VERSION, PROMETHEUS_PLURAL, type ArtifactRef, type KubeObject } from '../../functions/core/index.js';
import type { Observation } from '../../functions/core/in-cluster.js';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface Cluster {
  /** The namespace of the kubeconfig's current context (in a pod: the pod's). */
  namespace?: string;
  server: string;
  /** Clients whose every request is cancelled by `signal`. */
  session(signal: AbortSignal): ClusterSession;
}

/** The Prometheus objects of the cluster, or why there are none to ask. */
export type PrometheusList = { items: KubeObject[] } | { none: string };

export interface ClusterSession {
  observe(ref: ArtifactRef): Promise<Observation>;
  /** Merge-patches the status subresource; resolves with the object the API server returned. */
  patchStatus(namespace: string, name: string, patch: object): Promise<KubeObject | undefined>;
  /** Every monitoring.coreos.com/v1 Prometheus, in every namespace. */
  listPrometheuses(): Promise<PrometheusList>;
  /** A namespace's labels; undefined when they cannot be read. */
  namespaceLabels(name: string): Promise<Record<string, string> | undefined>;
  /** The ProjectContext as stored; undefined when it cannot be read. */
  readContext(namespace: string, name: string): Promise<KubeObject | undefined>;
}

/**
 * In-cluster configuration inside a pod, else KUBECONFIG (or ~/.kube/config) of `env`. The files
 * are loaded here rather than by loadFromDefault, which reads process.env whatever `env` says.
 */
export function connect(env: NodeJS.ProcessEnv = process.env): { cluster: Cluster } | { problem: string } {
  const kc = new KubeConfig();
  const inCluster = !!env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN);
  const home = join(env.HOME || homedir(), '.kube', 'config');
  const files = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : existsSync(home) ? [home] : [];
  const source = inCluster ? 'the pod (in-cluster configuration)' : env.KUBECONFIG || files[0];
  if (!source) return { problem: 'no cluster configuration: not running in a pod, and neither KUBECONFIG nor ~/.kube/config is set' };
  try {
    if (inCluster) kc.loadFromCluster();
    else {
      // A KUBECONFIG list merged as kubectl merges it: the first file that sets current-context
      // decides it (loadFromDefault would let the last one decide).
      kc.loadFromFile(files[0]!);
      for (const file of files.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more, !!kc.getCurrentContext());
      }
    }
  } catch (e) {
    // The YAML parser's message goes on with an excerpt of the file: its first line says what is wrong.
    return { problem: `cannot load the cluster configuration from ${source}: ${String((e as Error).message).split('\n')[0]}` };
  }
  const server = kc.getCurrentCluster()?.server;
  if (!server) return { problem: 'the cluster configuration has no current cluster' };

  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return {
    cluster: {
      server,
      ...(namespace ? { namespace } : {}),
      session(signal) {
        const configuration = createConfiguration({
          baseServer: new ServerConfiguration(server, {}),
          authMethods: { default: kc },
          promiseMiddleware: [{ pre: async (ctx: RequestContext) => (ctx.setSignal(signal), ctx), post: async (rsp: ResponseContext) => rsp }],
        });
        const objects = new KubernetesObjectApi(configuration);
        const custom = new CustomObjectsApi(configuration);
        return {
          async listPrometheuses() {
            try {
              const list = (await custom.listClusterCustomObject({ group: MONITORING_GROUP, version: 'v1', plural: PROMETHEUS_PLURAL })) as { items?: KubeObject[] };
              const items = Array.isArray(list?.items) ? list.items : [];
              return items.length ? { items } : { none: 'there is no Prometheus object in the cluster' };
            } catch (e) {
              if (!signal.aborted && e instanceof ApiException && e.code === 404) return { none: `the API server does not serve ${MONITORING_GROUP}/v1 Prometheus (is prometheus-operator's CRD installed?)` };
              return { none: `the Prometheus objects could not be listed: ${describe(e, signal)}` };
            }
          },
          async namespaceLabels(name) {
            try {
              // Through the generic object API: CoreV1Api would bring every core kind into the bundle.
              return { ...((await objects.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })).metadata?.labels ?? {}) };
            } catch {
              return undefined;
            }
          },
          async readContext(ns, name) {
            try {
              return (await custom.getNamespacedCustomObject({ group: PROJECT_CONTEXT_GROUP, version: PROJECT_CONTEXT_VERSION, namespace: ns, plural: PROJECT_CONTEXT_PLURAL, name })) as KubeObject;
            } catch {
              return undefined;
            }
          },
          async observe(ref) {
            try {
              const object = await objects.read({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
              return { kind: 'present', object: object as KubeObject };
            } catch (e) {
              return observationOf(e, ref, signal);
            }
          },
          async patchStatus(ns, name, patch) {
            try {
              return (await custom.patchNamespacedCustomObjectStatus(
                { group: PROJECT_CONTEXT_GROUP, version: PROJECT_CONTEXT_VERSION, namespace: ns, plural: PROJECT_CONTEXT_PLURAL, name, body: patch },
                setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
              )) as KubeObject | undefined;
            } catch (e) {
              throw new Error(describe(e, signal));
            }
          },
        };
      },
    },
  };
}

/** The API server's own words for a failed request: its Status message, else the HTTP code. */
function apiMessage(e: ApiException<unknown>): string {
  let body: unknown = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // not JSON: keep the text
    }
  }
  const message = body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : typeof body === 'string' && body ? body.slice(0, 200) : '';
  return `HTTP ${e.code}${message ? `: ${message}` : ''}`;
}

function describe(e: unknown, signal: AbortSignal): string {
  if (signal.aborted) return `no answer from the API server in time (${String(signal.reason instanceof Error ? signal.reason.message : signal.reason ?? 'aborted')})`;
  if (e instanceof ApiException) return apiMessage(e);
  return (e as Error)?.message ?? String(e);
}

function observationOf(e: unknown, ref: ArtifactRef, signal: AbortSignal): Observation {
  if (!signal.aborted && e instanceof ApiException && e.code === 404) {
    // 404 on the discovery of the group/version: the kind is not served at all.
    const kindUnserved = /Failed to fetch resource metadata/.test(e.message);
    return kindUnserved ? { kind: 'absent', detail: `${ref.apiVersion} is not served by the API server (is the CRD of ${ref.kind} installed?)` } : { kind: 'absent' };
  }
  if (!signal.aborted && e instanceof Error && /^Unrecognized API version and kind/.test(e.message)) {
    return { kind: 'absent', detail: `the API server does not serve ${ref.kind} in ${ref.apiVersion} (is its CRD installed?)` };
  }
  return { kind: 'failed', detail: describe(e, signal) };
}
